/**
 * When to try again and how long to wait. Semantics follow undici's RetryHandler (Retry-After as
 * seconds or an HTTP date, capped; exponential growth to a ceiling) with stripe's jitter and floor
 * and plugin-retry's explicit list of statuses that never succeed on a second try.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (product.md: default 5). */
  maxRetries: number;
  /** First backoff step; doubles each retry. */
  baseDelayMs: number;
  /** Ceiling of one backoff step. */
  maxDelayMs: number;
  /** Ceiling for a server-sent Retry-After, so a hostile or broken header cannot park a deploy. */
  maxRetryAfterMs: number;
  /** Overall budget for one logical request, retries and waits included. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
  deadlineMs: 600_000,
};

/** Statuses worth another try: the request was throttled or the service failed on its side. */
export function isTransientStatus(status: number): boolean {
  return (
    status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504
  );
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

/**
 * Certificate verification failures, as Node reports them (OpenSSL's X509_V_ERR_* names without
 * the prefix, plus Node's own host-name check). None of them passes on a second try.
 */
const TLS_CERT_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "PATH_LENGTH_EXCEEDED",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The first string `code` along an error's cause chain (undici wraps the socket's error). */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A failure to reach the service: its kind, and whether another try may succeed (a reset or a
 * time-out may; a host name that does not resolve or a certificate that does not verify will not).
 * Undefined for anything that is not a transport failure (a bug, an abort).
 */
export function classifyNetworkError(
  err: unknown,
): { kind: "timeout" | "network" | "tls"; transient: boolean } | undefined {
  const code = errorCode(err);
  if (code === undefined) return undefined;
  if (TIMEOUT_CODES.has(code)) return { kind: "timeout", transient: true };
  if (TLS_CERT_CODES.has(code)) return { kind: "tls", transient: false };
  return { kind: "network", transient: NETWORK_CODES.has(code) };
}

/**
 * Connection failures that happen before a request is sent: the host name did not resolve, or the
 * connection was refused or never made. Anything later (a reset, a time-out waiting for the
 * answer) may come after the service processed the request.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Whether a transport failure provably came before the request reached the service. */
export function neverSent(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP-date), capped; undefined if absent or unreadable. */
export function parseRetryAfter(
  value: string | undefined,
  policy: RetryPolicy,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), policy.maxRetryAfterMs);
}

/**
 * Milliseconds a 429's message asks for when no Retry-After header came: 100ms documents its rate
 * limit only as the message "rate limit exceeded, retry after 45 seconds" (hms-api.md §9.1).
 */
export function retryAfterFromMessage(message: string | undefined, policy: RetryPolicy): number | undefined {
  const seconds = /retry after (\d+) ?s(?:ec(?:ond)?s?)?\b/i.exec(message ?? "")?.[1];
  return seconds === undefined ? undefined : Math.min(Number(seconds) * 1000, policy.maxRetryAfterMs);
}

/** Exponential backoff with "equal jitter": never below half the step, so retries still spread out. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}
