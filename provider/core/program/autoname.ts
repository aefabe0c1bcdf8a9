import { createHash } from "node:crypto";

/**
 * The deterministic part of an auto-generated room name. Derived from project, stack and logical
 * name on the program side (the provider host never learns them), so a create that was interrupted
 * after the API made the room is retried onto that same name and the room is found, not duplicated.
 */
export function autoNameSuffix(project: string, stack: string, logicalName: string): string {
  const digest = createHash("sha256").update(`${project}\0${stack}\0${logicalName}`).digest();
  return BigInt(`0x${digest.subarray(0, 8).toString("hex")}`)
    .toString(36)
    .padStart(7, "0")
    .slice(-7);
}

/** `<logical-name>-<7 chars>`, with characters the service does not allow in names replaced by `-`. */
export function autoName(logicalName: string, suffix: string, disallowed: RegExp, maxPrefix = 48): string {
  const prefix = logicalName
    .replace(disallowed, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, maxPrefix);
  return `${prefix || "room"}-${suffix}`;
}
