import { isWritePermit, type WritePermit } from "./prefix";
import type { Service, Target } from "./target";

/** How a request was authorized, by name only: a recording never holds the credential itself. */
export type AuthUse = "valid" | "none" | (string & {});

/** One request and its answer, as the probe records them (after scrubbing, see scrub.ts). */
export interface Exchange {
  service: Service;
  method: string;
  /** The path under the service's base (`/rooms/<id>` for 100ms, `/api/v1/room/<name>` for Metered). */
  path: string;
  /** Query parameters other than the credential. */
  query?: Record<string, string>;
  auth: AuthUse;
  body?: unknown;
  status: number;
  /** The answer's JSON, or its text when it is not JSON. */
  response: unknown;
}

export interface Send {
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Another credential than the target's own: its label is recorded, the value never. */
  auth?: { use: AuthUse; authorization?: string; secretKey?: string };
}

const RETRIED = new Set([429, 502, 503, 504]);
const ATTEMPTS = 4;

/**
 * A small JSON client for the live tools, with every exchange kept for the probe's recordings.
 * Reads are open; a write needs a permit, which only a test room's name gets (prefix.ts), so no
 * code path of these tools can write to a room outside the prefix.
 */
export class LiveHttp {
  readonly exchanges: Exchange[] = [];

  constructor(readonly target: Target) {}

  read(request: Send): Promise<Exchange> {
    return this.send("GET", request);
  }

  async write(method: "POST" | "PUT" | "DELETE", request: Send, permit: WritePermit): Promise<Exchange> {
    if (!isWritePermit(permit))
      throw new Error(`${method} ${request.path}: a write needs a permit from permitWrite()`);
    return this.send(method, request);
  }

  private async send(method: string, request: Send): Promise<Exchange> {
    const { target } = this;
    const { url, init, query, auth } = requestFor(target, method, request);
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        // Only a read is repeated after a lost answer: a repeated write could act twice.
        if (method === "GET" && attempt < ATTEMPTS) continue;
        throw new Error(`${method} ${target.service} ${request.path}: ${(err as Error).message}`);
      }
      const text = await res.text();
      if (RETRIED.has(res.status) && attempt < ATTEMPTS) {
        await sleep(retryAfterMs(res.headers.get("retry-after"), attempt));
        continue;
      }
      const exchange: Exchange = {
        service: target.service,
        method,
        path: request.path,
        ...(Object.keys(query).length > 0 ? { query } : {}),
        auth,
        ...(request.body !== undefined ? { body: request.body } : {}),
        status: res.status,
        response: parseAnswer(text),
      };
      this.exchanges.push(exchange);
      return exchange;
    }
  }
}

/**
 * The URL and fetch options for one request to `target`: its credential (or the one `request.auth`
 * names instead), JSON headers and body. What LiveHttp sends, and what the replay test sends to the
 * emulator for a recorded exchange.
 */
export function requestFor(
  target: Target,
  method: string,
  request: Send,
): { url: URL; init: RequestInit; query: Record<string, string>; auth: AuthUse } {
  const url = new URL(`${target.apiUrl}${request.path}`);
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query ?? {})) query[key] = String(value);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const auth = request.auth ?? { use: "valid" };
  if (target.service === "hms") {
    const authorization = auth.use === "valid" ? target.authorization() : auth.authorization;
    if (authorization) headers.authorization = authorization;
  } else {
    const secretKey = auth.use === "valid" ? target.secretKey : auth.secretKey;
    if (secretKey !== undefined) url.searchParams.set("secretKey", secretKey);
  }
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  return { url, init: { method, headers, body }, query, auth: auth.use };
}

/** An answer's JSON, or its text when it is not JSON. */
export function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function retryAfterMs(header: string | null, attempt: number): number {
  const seconds = Number(header);
  if (header && Number.isFinite(seconds)) return Math.min(seconds, 60) * 1000;
  const date = header ? Date.parse(header) : Number.NaN;
  if (Number.isFinite(date)) return Math.min(Math.max(date - Date.now(), 0), 60_000);
  return 500 * 2 ** attempt;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
