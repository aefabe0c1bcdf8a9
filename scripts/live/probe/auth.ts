import { randomBytes } from "node:crypto";
import type { TokenClaims } from "../hms-token";
import type { Send } from "../http";
import type { Target } from "../target";

/**
 * The credentials a probe question sends instead of the target's own, by the label an exchange
 * records. The replay makes the same credential from the label with the emulator's secrets, so
 * the probe and the replay share this one table.
 */
export const HMS_AUTH_CLAIMS = {
  "wrong-type": () => ({ type: "app" }),
  expired: () => window(-1200, -600),
  "future-nbf": () => window(600, 1200),
  "no-jti": () => ({ jti: undefined }),
  "exp-25h": () => window(-30, 25 * 3600),
  "exp-15d": () => window(-30, 15 * 86400),
} satisfies Record<string, () => TokenClaims>;

export type HmsAuthLabel = "valid" | "none" | "bad-signature" | keyof typeof HMS_AUTH_CLAIMS;
export type MeteredAuthLabel = "valid" | "none" | "wrong-secret-key";

/** A key no Metered app has: what `wrong-secret-key` sends. */
const WRONG_SECRET_KEY = "pvr-wrong-secret-key";

function window(fromSeconds: number, toSeconds: number): TokenClaims {
  const now = Math.floor(Date.now() / 1000);
  return { iat: now + Math.min(fromSeconds, 0), nbf: now + fromSeconds, exp: now + toSeconds };
}

/** The same token with a signature no secret made. */
function badSignature(token: string): string {
  return `${token.slice(0, token.lastIndexOf(".") + 1)}${randomBytes(32).toString("base64url")}`;
}

/** The Authorization header for `label`, minting tokens with `mint`; undefined sends none. */
function hmsAuthorization(label: string, mint: (claims: TokenClaims) => string): string | undefined {
  if (label === "none") return undefined;
  if (label === "valid") return `Bearer ${mint({})}`;
  if (label === "bad-signature") return `Bearer ${badSignature(mint({}))}`;
  const claims = HMS_AUTH_CLAIMS[label as keyof typeof HMS_AUTH_CLAIMS];
  if (!claims) throw new Error(`unknown 100ms auth label ${JSON.stringify(label)}`);
  return `Bearer ${mint(claims())}`;
}

/** The secretKey query value for `label`; undefined sends none. */
function meteredSecretKey(label: string, secretKey: string): string | undefined {
  if (label === "none") return undefined;
  if (label === "valid") return secretKey;
  if (label === "wrong-secret-key") return WRONG_SECRET_KEY;
  throw new Error(`unknown Metered auth label ${JSON.stringify(label)}`);
}

/**
 * The credential `label` names, for `target`: what a probe question sends instead of the target's
 * own, and what the replay sends for a recorded exchange. Bent 100ms tokens need the app secret.
 */
export function authFor(target: Target, label: string): NonNullable<Send["auth"]> {
  if (target.service === "metered")
    return { use: label, secretKey: meteredSecretKey(label, target.secretKey) };
  const mint = target.tokenWith;
  if (!mint)
    throw new Error(`the 100ms credential "${label}" needs HMS_ACCESS_KEY and HMS_APP_SECRET to sign with`);
  return { use: label, authorization: hmsAuthorization(label, mint) };
}
