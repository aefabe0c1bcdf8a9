import { createHmac, randomUUID } from "node:crypto";

/** Claims a probe may bend to see how 100ms answers (hms-api.md §14.19-20). */
export type TokenClaims = Record<string, unknown>;

/**
 * A 100ms management token (HS256 JWT signed with the app secret), as 100ms documents it
 * (hms-api.md §2). Written outside provider/, so what acts beside Pulumi (the demo's colleague,
 * the live tools) does not lean on the code under test. `overrides` replace or (as `undefined`)
 * drop claims.
 */
export function managementToken(accessKey: string, appSecret: string, overrides: TokenClaims = {}): string {
  const now = Math.floor(Date.now() / 1000) - 30;
  const claims: TokenClaims = {
    access_key: accessKey,
    type: "management",
    version: 2,
    iat: now,
    nbf: now,
    exp: now + 600,
    jti: randomUUID(),
    ...overrides,
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", appSecret).update(unsigned).digest("base64url")}`;
}
