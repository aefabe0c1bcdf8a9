import { createHmac, randomUUID } from "node:crypto";

/**
 * A 100ms management token for test code acting outside Pulumi (a colleague's script). Written
 * here rather than imported from provider/, so tests do not lean on the code under test.
 */
export function mintTestToken(accessKey: string, appSecret: string): string {
  const now = Math.floor(Date.now() / 1000) - 5;
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({
    access_key: accessKey,
    type: "management",
    version: 2,
    iat: now,
    nbf: now,
    exp: now + 600,
    jti: randomUUID(),
  })}`;
  return `${unsigned}.${createHmac("sha256", appSecret).update(unsigned).digest("base64url")}`;
}
