import { createHmac, timingSafeEqual } from "node:crypto";
import { isPlainObject } from "../http/body";
import type { Reply } from "../http/reply";
import { hmsError } from "./errors";

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** What a management token must carry to be accepted. */
interface TokenPolicy {
  readonly accessKey: string;
  readonly appSecret: string;
}

/**
 * Checks `Authorization: Bearer <management token>` (hms-api.md §2): HS256 signature with the app
 * secret, `type` "management", `version` 2, matching `access_key`, `jti`, `nbf` and `exp` present,
 * `nbf <= now < exp` (and `iat <= now` when sent). Returns the 401 reply on failure, `undefined` when
 * the request may proceed. No clock leeway: hms-api.md §13.2 states the window exactly, and clients
 * cover skew themselves by backdating `iat`/`nbf` (the SDK by 10 s), so a server-side grace period
 * would only hide a client that sends a just-expired token.
 */
export function checkManagementToken(
  authorization: string | undefined,
  policy: TokenPolicy,
  nowSeconds: number,
): Reply | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    return hmsError(
      401,
      "Authentication error",
      authorization ? "Authorization header is not a Bearer token" : "Authorization header is missing",
    );
  }
  const problem = tokenProblem(match[1], policy, nowSeconds);
  return problem ? hmsError(401, "Token validation error", problem) : undefined;
}

function tokenProblem(token: string, policy: TokenPolicy, now: number): string | undefined {
  const parts = token.split(".");
  const [headerPart, payloadPart, signaturePart] = parts;
  if (
    parts.length !== 3 ||
    !headerPart ||
    !payloadPart ||
    !signaturePart ||
    !parts.every((p) => BASE64URL.test(p))
  ) {
    return "token is malformed";
  }
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims) return "token is malformed";
  if (header.alg !== "HS256") return "signing method is not HS256";

  const expected = createHmac("sha256", policy.appSecret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "signature is invalid";

  if (claims.type !== "management") return "token type is not management";
  if (claims.version !== 2) return "token version is not 2";
  if (claims.access_key !== policy.accessKey) return "access_key does not match";
  if (typeof claims.jti !== "string" || claims.jti === "") return "jti claim is missing";
  if (typeof claims.exp !== "number") return "exp claim is missing";
  if (typeof claims.nbf !== "number") return "nbf claim is missing";
  if (now >= claims.exp) return "token is expired";
  if (claims.nbf > now) return "token is not valid yet";
  if (claims.iat !== undefined && (typeof claims.iat !== "number" || claims.iat > now)) {
    return "token used before issued";
  }
  return undefined;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `access_key` claim of a bearer token, read without verifying it: only to key the rate limit
 * per credential, before (and whether or not) the token is valid.
 */
export function unverifiedAccessKey(authorization: string | undefined): string | undefined {
  const token = /^Bearer +(\S+)/i.exec(authorization ?? "")?.[1];
  const payload = token?.split(".")[1];
  if (!payload || !BASE64URL.test(payload)) return undefined;
  const accessKey = decodeJson(payload)?.access_key;
  return typeof accessKey === "string" ? accessKey : undefined;
}
