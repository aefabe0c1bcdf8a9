import { createHmac, randomUUID } from "node:crypto";
import { type RunningEmulator, startEmulator } from "../../emulator/index";

/** Claims of a valid management token (hms-api.md §2.1), for tests to tweak. */
export function managementClaims(accessKey: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  return {
    access_key: accessKey,
    type: "management",
    version: 2,
    iat: nowSeconds - 10,
    nbf: nowSeconds - 10,
    exp: nowSeconds + 86400,
    jti: randomUUID(),
  } as Record<string, unknown>;
}

/** Signs claims the way the official SDK does (HS256 via jsonwebtoken), with node:crypto. */
export function signToken(
  claims: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** A parsed response. */
export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests index into arbitrary JSON bodies
  body: any;
}

/** Test client for one running emulator: 100ms, Metered and control calls with valid credentials by default. */
export class EmulatorClient {
  constructor(readonly emulator: RunningEmulator) {}

  get url(): string {
    return this.emulator.url;
  }

  token(overrides: Record<string, unknown> = {}): string {
    const { accessKey, appSecret } = this.emulator.ready.hms;
    return signToken({ ...managementClaims(accessKey), ...overrides }, appSecret);
  }

  /** A 100ms call; `token: null` sends no Authorization header. */
  hms(method: string, path: string, body?: unknown, token: string | null = this.token()): Promise<Answer> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    return this.call(method, `/v2${path}`, headers, body);
  }

  /** A Metered call; `secretKey: null` sends none. `path` may carry its own query. */
  metered(
    method: string,
    path: string,
    body?: unknown,
    secretKey: string | null = this.emulator.ready.metered.secretKey,
  ): Promise<Answer> {
    let target = `/api/v1${path}`;
    if (secretKey !== null)
      target += `${target.includes("?") ? "&" : "?"}secretKey=${encodeURIComponent(secretKey)}`;
    return this.call(method, target, body === undefined ? {} : { "Content-Type": "application/json" }, body);
  }

  control(method: string, path: string, body?: unknown): Promise<Answer> {
    return this.call(method, `/__emulator${path}`, { "Content-Type": "application/json" }, body);
  }

  async call(
    method: string,
    target: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Answer> {
    const res = await fetch(`${this.url}${target}`, {
      method,
      headers,
      ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
  }
}

/** Starts an in-memory emulator on a free port. */
export async function startTestEmulator(): Promise<EmulatorClient> {
  return new EmulatorClient(await startEmulator({ port: 0 }));
}

/** 24 lowercase hex characters, the id shape of both APIs. */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

/** An RFC 3339 UTC timestamp with milliseconds, as both APIs show. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
