import { PLANTED_MARKER } from "../../scripts/live/probe/question";

/**
 * What a recording or a live tool's output must never hold, beyond the credentials themselves: a
 * value the probe planted, a JWT (a management token), a Metered credential in a query string.
 */
export const NEVER_RECORDED = [PLANTED_MARKER, "eyJ", "secretKey="];

/** Each of `secrets` and NEVER_RECORDED found in `text`. */
export function leakedIn(text: string, secrets: readonly string[] = []): string[] {
  return [...secrets, ...NEVER_RECORDED].filter((value) => text.includes(value));
}
