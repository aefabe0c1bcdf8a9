import { createHash, createHmac, randomUUID } from "node:crypto";

/** Lifetime of a minted management token: 24 h, as every 100ms sample and SDK uses. */
const VALID_FOR_SECONDS = 24 * 3600;
/** Backdating covers clock skew between this machine and 100ms (the SDK uses 10 s, Java 60 s). */
const SKEW_SECONDS = 60;
/** Re-mint this long before expiry so no request carries a token that expires in flight. */
const RENEW_BEFORE_SECONDS = 3600;

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * An HS256 management token with the documented claims (hms-api.md §2.1). Signed with node:crypto:
 * a JWT library would be a fourth runtime dependency for three lines.
 */
function mintManagementToken(accessKey: string, appSecret: string) {
  const iat = Math.floor(Date.now() / 1000) - SKEW_SECONDS;
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      access_key: accessKey,
      type: "management",
      version: 2,
      iat,
      nbf: iat,
      exp: iat + VALID_FOR_SECONDS,
      jti: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", appSecret).update(`${header}.${payload}`).digest("base64url");
  return { token: `${header}.${payload}.${signature}`, expiresAt: iat + VALID_FOR_SECONDS };
}

// One cached token per credential pair for the host process; keyed by a hash so the map never
// holds the secret itself as a key.
const cache = new Map<string, { token: string; expiresAt: number }>();

/** A cached token, minted again when near expiry or when `fresh` (after a 401). */
export function managementToken(accessKey: string, appSecret: string, fresh: boolean): string {
  const key = createHash("sha256").update(`${accessKey}\0${appSecret}`).digest("hex");
  const cached = cache.get(key);
  if (!fresh && cached && cached.expiresAt - RENEW_BEFORE_SECONDS > Date.now() / 1000) return cached.token;
  const minted = mintManagementToken(accessKey, appSecret);
  cache.set(key, minted);
  return minted.token;
}
