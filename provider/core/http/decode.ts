import { promisify } from "node:util";
import * as zlib from "node:zlib";

// Decoded bodies beyond this are refused: a tiny compressed body can expand to gigabytes.
const MAX_DECODED_BYTES = 64 * 1024 * 1024;
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/**
 * Undoes the content codings a response carries, last applied first (RFC 9110 §8.4). The client
 * asks for identity, but a proxy or gateway may compress anyway.
 */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity")
    .reverse();
  // Some servers label even an empty body (a 204, a HEAD-like answer) with its coding.
  if (body.length === 0) return body;
  let out = body;
  const limit = { maxOutputLength: MAX_DECODED_BYTES };
  for (const coding of codings) {
    if (coding === "gzip" || coding === "x-gzip") out = await gunzip(out, limit);
    else if (coding === "br") out = await brotli(out, limit);
    else if (coding === "deflate") {
      // "deflate" means zlib-wrapped, but some servers send the raw stream (as browsers accept).
      const wrapped = out;
      out = await inflate(wrapped, limit).catch(() => inflateRaw(wrapped, limit));
    } else throw new Error(`unsupported content-encoding ${JSON.stringify(coding)}`);
  }
  return out;
}
