import type { IncomingMessage } from "node:http";

/** Largest request body the APIs accept; larger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

// Past the cap the rest of the body is read and discarded, so the client gets to read the 413 instead
// of a reset; beyond this much the client is not worth waiting for and the socket is dropped.
const DISCARD_LIMIT_BYTES = 64 * MAX_BODY_BYTES;

/** A request body read up to {@link MAX_BODY_BYTES}. */
export type BodyResult = { readonly tooLarge: false; readonly bytes: Buffer } | { readonly tooLarge: true };

/** Reads the whole body. Rejects only when the client goes away mid-body. */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DISCARD_LIMIT_BYTES) req.socket.destroy();
    });
    req.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? { tooLarge: true } : { tooLarge: false, bytes: Buffer.concat(chunks) }),
    );
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("request aborted"));
    });
  });
}

/** A body parsed as the APIs expect: nothing, or one JSON object. */
export type JsonBody =
  | { readonly kind: "empty" }
  | { readonly kind: "object"; readonly value: Record<string, unknown> }
  | { readonly kind: "invalid"; readonly reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses `bytes` as a JSON object. Whitespace-only counts as empty (clients send POST without a body). */
export function parseJsonObject(bytes: Buffer): JsonBody {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: "invalid", reason: "body is not valid UTF-8" };
  }
  if (text.trim() === "") return { kind: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "invalid", reason: "body is not valid JSON" };
  }
  if (!isPlainObject(value)) return { kind: "invalid", reason: "body must be a JSON object" };
  return { kind: "object", value };
}

/** True for a JSON object (not an array or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
