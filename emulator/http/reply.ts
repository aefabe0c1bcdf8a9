import type { ServerResponse } from "node:http";

/** A JSON response a route produced, before the fault layer decides how (or whether) to send it. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A reply with `headers` only when some are given. */
export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers && { headers }) };
}

function encode(reply: Reply): { head: Record<string, string | number>; bytes: Buffer } {
  // 204 No Content (100ms's role delete) has no body at all, not even `null`.
  if (reply.status === 204) return { head: { ...reply.headers }, bytes: Buffer.alloc(0) };
  const bytes = Buffer.from(JSON.stringify(reply.body), "utf8");
  return {
    head: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": bytes.length,
      ...reply.headers,
    },
    bytes,
  };
}

/** Sends `reply` in full. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const { head, bytes } = encode(reply);
  res.writeHead(reply.status, head);
  res.end(bytes);
}

/**
 * Sends the status line, the headers (with the full Content-Length) and half of the body, then
 * destroys the socket: the client sees a response that started and broke off.
 */
export function sendPartialThenDrop(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const { head, bytes } = encode(reply);
  res.writeHead(reply.status, head);
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}
