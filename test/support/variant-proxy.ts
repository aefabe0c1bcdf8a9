import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { TestEmulator } from "./emulator";

/**
 * An answer as the proxy handles it: `json` is the parsed body when the emulator answered JSON.
 * A rule may set `text` instead, which is sent verbatim (e.g. an HTML error page).
 */
export interface Answer {
  status: number;
  /** Response headers, lower-case names; content-length is recomputed, transfer-encoding dropped. */
  headers: Record<string, string>;
  json?: unknown;
  text?: string;
}

/** Which request a rule applies to, and what it changes. Every request is still forwarded. */
export interface VariantRule {
  /** Upper-case method; any method when left out. */
  method?: string;
  /** Tested against the raw path without the query string, e.g. `/v2/rooms/<id>` or `/api/v1/room/x`. */
  path: RegExp;
  /** Narrows the rule to requests whose query string passes (e.g. a list filter). */
  query?: (query: URLSearchParams) => boolean;
  /** Rewrites the JSON request body before the emulator sees it. */
  request?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** Rewrites (or replaces) the emulator's answer before the client sees it. */
  response?: (answer: Answer) => Answer;
}

/** One request as it passed through the proxy: the body is the one forwarded (after rewriting). */
export interface Exchange {
  method: string;
  path: string;
  body: unknown;
  status: number;
}

/**
 * A loopback proxy in front of the emulator whose answers a test can vary within what the API
 * docs leave open (hms-api.md §14, metered-api.md §5, §7, §10): fields dropped, nulled or typed
 * differently, a write not applied, an HTML error page from a gateway. Rules are added and
 * cleared while a stack lives; every matching rule applies, in the order added. Requests always
 * reach the emulator, so they show in its request log; the proxy's own log adds the bodies.
 */
export class VariantProxy {
  private rules: VariantRule[] = [];
  /** Requests seen since the last {@link take}, in order of completion. */
  private seen: Exchange[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly emulator: TestEmulator,
  ) {}

  static async start(emulator: TestEmulator): Promise<VariantProxy> {
    const upstream = new URL(emulator.url);
    let proxy: VariantProxy | undefined;
    const server = createServer((req, res) => {
      proxy!.forward(req, upstream).then(
        (answer) => {
          const payload = answer.text ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
          const headers: Record<string, string> = {
            ...answer.headers,
            "content-length": String(Buffer.byteLength(payload)),
          };
          delete headers["transfer-encoding"];
          res.writeHead(answer.status, headers);
          res.end(payload);
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new VariantProxy(server, `http://127.0.0.1:${port}`, emulator);
    return proxy;
  }

  /** Adds a rule; returns a function that removes it again. */
  add(rule: VariantRule): () => void {
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((r) => r !== rule);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The requests seen since the last call (the log is emptied). */
  take(): Exchange[] {
    const seen = this.seen;
    this.seen = [];
    return seen;
  }

  /** The emulator's stack config with both services' `apiUrl` pointed at this proxy. */
  stackConfig(tuning: Record<string, number> = {}): ConfigMap {
    return {
      ...this.emulator.stackConfig(tuning),
      "hms:apiUrl": { value: `${this.url}/v2` },
      "metered:apiUrl": { value: this.url },
    };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage, upstream: URL): Promise<Answer> {
    const method = req.method ?? "GET";
    const [path = "/", search = ""] = (req.url ?? "/").split("?");
    const query = new URLSearchParams(search);
    const rules = this.rules.filter(
      (r) => (r.method ?? method) === method && r.path.test(path) && (r.query?.(query) ?? true),
    );
    let sent = await readAll(req);
    let body: unknown = parseJson(sent);
    for (const rule of rules) {
      if (rule.request && isObject(body)) body = rule.request(body);
    }
    if (rules.some((r) => r.request) && isObject(body)) sent = Buffer.from(JSON.stringify(body));

    const headers: IncomingHttpHeaders = { ...req.headers, "accept-encoding": "identity" };
    for (const hop of ["host", "connection", "keep-alive", "transfer-encoding", "content-length"])
      delete headers[hop];
    if (sent.length > 0) headers["content-length"] = String(sent.length);
    const reply = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method, path: req.url, headers },
        resolve,
      );
      out.on("error", reject);
      out.end(sent);
    });
    const raw = (await readAll(reply)).toString("utf8");
    const answerHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.headers)) {
      if (value !== undefined && name !== "connection" && name !== "keep-alive")
        answerHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const json = /json/i.test(answerHeaders["content-type"] ?? "") ? parseJson(raw) : undefined;
    let answer: Answer = {
      status: reply.statusCode ?? 502,
      headers: answerHeaders,
      ...(json === undefined ? { text: raw } : { json }),
    };
    for (const rule of rules) if (rule.response) answer = rule.response(answer);
    this.seen.push({ method, path, body, status: answer.status });
    return answer;
  }
}

/** A response rule that rewrites the JSON body (left alone when the answer is not JSON). */
export function mapJson(f: (json: unknown) => unknown): (answer: Answer) => Answer {
  return (answer) => (answer.json === undefined ? answer : { ...answer, json: f(answer.json) });
}

/**
 * Applies `f` to every room in a body: a room object, a Metered list (an array of rooms), or a
 * 100ms list page (`{data: [...]}`). Error bodies (no room id) are left alone.
 */
export function eachRoom(f: (room: Record<string, unknown>) => Record<string, unknown>) {
  const one = (value: unknown): unknown =>
    isObject(value) && (typeof value.id === "string" || typeof value._id === "string")
      ? f({ ...value })
      : value;
  return mapJson((json) => {
    if (Array.isArray(json)) return json.map(one);
    if (isObject(json) && Array.isArray(json.data)) return { ...json, data: json.data.map(one) };
    return one(json);
  });
}

/** An answer replaced by a non-JSON page, as a gateway or web server in front of an API sends. */
export function htmlPage(status: number, html: string): (answer: Answer) => Answer {
  return () => ({ status, headers: { "content-type": "text/html; charset=utf-8" }, text: html });
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function parseJson(raw: Buffer | string): unknown {
  const text = raw.toString();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
