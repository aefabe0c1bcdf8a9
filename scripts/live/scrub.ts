import type { Exchange } from "./http";

/** What a scrubbed string becomes: still a string, so a recording keeps its body's shape. */
export const SCRUBBED = "[scrubbed]";

/**
 * Keys whose string values are secret wherever they appear, in either service's spelling:
 * credentials and tokens, storage keys, webhook headers, RTMP URLs (they carry the stream key).
 */
const SECRET_KEYS = new Set(
  [
    "authorization",
    "token",
    "managementToken",
    "appSecret",
    "secret",
    "secretKey",
    "password",
    "credentials",
    "headers",
    "rtmpOutURL",
    "rtmpUrls",
    "streamKey",
    "accessKeyId",
    "secretAccessKey",
  ].map(normalizeKey),
);

/** JWTs (management and app tokens) and RTMP URLs, whatever key holds them. */
const SECRET_PATTERNS = [/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, /rtmps?:\/\/[^\s"']+/gi];

function normalizeKey(key: string): string {
  return key.replace(/[_-]/g, "").toLowerCase();
}

/**
 * A copy of `value` with every secret replaced: the values in `known` (the run's credentials and
 * what it planted) anywhere in any string, every string under a secret key, and every token or
 * RTMP URL by its pattern. Numbers, booleans and nulls stay, so the shape is unchanged.
 */
export function scrub(value: unknown, known: readonly string[], underSecretKey = false): unknown {
  if (typeof value === "string") return underSecretKey ? SCRUBBED : scrubText(value, known);
  if (Array.isArray(value)) return value.map((item) => scrub(item, known, underSecretKey));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        scrub(item, known, underSecretKey || SECRET_KEYS.has(normalizeKey(key))),
      ]),
    );
  }
  return value;
}

export function scrubText(text: string, known: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...known].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(SCRUBBED);
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, SCRUBBED);
  return out;
}

/** An exchange fit to commit: bodies, answers, paths and queries scrubbed. */
export function scrubExchange(exchange: Exchange, known: readonly string[]): Exchange {
  return scrub(exchange, known) as Exchange;
}
