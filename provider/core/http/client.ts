import type { Agent } from "undici";
import type { Tuning } from "../config/tuning";
import { decodeBody } from "./decode";
import { ApiError, type ApiErrorKind, defaultHint, kindOfStatus } from "./errors";
import { poolFor, undici } from "./pool";
import { describePath, scrub } from "./redact";
import {
  backoffDelay,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  errorCode,
  isTransientStatus,
  neverSent,
  parseRetryAfter,
  type RetryPolicy,
  retryAfterFromMessage,
} from "./retry";

/** Credentials for one attempt: headers and/or query parameters. */
export interface Authorization {
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** What a service adds to an error: what to do, from the error's kind, status and the API's message. */
export type ErrorHint = (error: {
  kind: ApiErrorKind;
  status?: number;
  apiMessage?: string;
}) => string | undefined;

interface ServiceClientOptions {
  /** Human name used in errors, e.g. "100ms". */
  service: string;
  baseUrl: string;
  /** Per-attempt timeout, retries and client-side pacing (stack config `<service>:...`). */
  tuning: Tuning;
  /** Called before each attempt; `fresh` after a 401 asks for new credentials (one retry). */
  authorize(fresh: boolean): Authorization | Promise<Authorization>;
  /** Values that must never appear in an error message (echoed bodies are scrubbed). */
  secrets: readonly (string | undefined)[];
  /** A service-specific hint for an error, or undefined for the generic one. */
  hint?: ErrorHint;
  /** Test seam: shorter waits. */
  policy?: Partial<RetryPolicy>;
}

/** What a service's settings give its client: endpoint, tuning and credentials. */
export type ServiceSettings = Pick<ServiceClientOptions, "tuning" | "authorize" | "secrets"> & {
  apiUrl: string;
};

interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path below the base URL, e.g. "/rooms/123". */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Secret values inside this request's body, scrubbed from any error text an echo might carry. */
  redact?: (string | undefined)[];
  /**
   * When a failed attempt is sent again. `transient` (the default): after any transient fault, for
   * calls safe to repeat. `if-not-sent`: for a call that must not run twice (minting a room code):
   * only when the service provably never processed it (the connection was never made, or it
   * answered 429, refusing it); any other failure is final, and the caller finds out what happened.
   */
  retry?: "transient" | "if-not-sent";
}

/** One attempt's result: the value, or the error with whether another try may succeed and when. */
type Outcome<T> = { value: T } | { error: ApiError; transient: boolean; retryAfterMs?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A JSON client for one service. A call is safe to repeat unless it says otherwise (each call site
 * says why), so any transient fault (429, 5xx, reset, time-out) is retried with backoff, within a
 * bounded number of attempts and an overall deadline; permanent statuses fail at once. A call that
 * is not safe to repeat (`retry: "if-not-sent"`) is retried only when it provably never ran.
 */
export class ServiceClient {
  private readonly policy: RetryPolicy;
  private readonly base: URL;

  constructor(private readonly options: ServiceClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, maxRetries: options.tuning.maxRetries, ...options.policy };
    this.base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
  }

  /** Sends the request and returns the parsed JSON body of a 2xx answer; throws ApiError otherwise. */
  async request<T>(spec: RequestSpec): Promise<T> {
    const { agent, limiter } = poolFor(this.options.service, this.base, this.options.tuning);
    const path = describePath(spec.path);
    const started = Date.now();
    let fresh = false;
    let refreshedAfter401 = false;
    for (let attempt = 1; ; attempt++) {
      const auth = await this.options.authorize(fresh);
      fresh = false;
      let outcome: Outcome<T>;
      try {
        outcome = await limiter.run(() => this.attempt<T>(spec, path, auth, agent, attempt));
      } catch (err) {
        const fault = classifyNetworkError(err);
        if (!fault) throw err;
        const error = this.error(spec, { path, kind: fault.kind, attempts: attempt, cause: err });
        const again = fault.transient && (spec.retry !== "if-not-sent" || neverSent(err));
        outcome = { error, transient: again };
      }
      if ("value" in outcome) return outcome.value;
      const { error, transient } = outcome;
      if (error.status === 401 && !refreshedAfter401) {
        // A cached token may have expired or been revoked: mint a fresh one once (as the 100ms SDK does).
        refreshedAfter401 = true;
        fresh = true;
        attempt--;
        continue;
      }
      const retriesUsed = attempt - 1;
      if (!transient || retriesUsed >= this.policy.maxRetries) throw error;
      const wait = outcome.retryAfterMs ?? backoffDelay(retriesUsed, this.policy);
      if (outcome.retryAfterMs !== undefined) limiter.pauseFor(wait);
      if (Date.now() + wait - started > this.policy.deadlineMs) throw error;
      await sleep(wait);
    }
  }

  private async attempt<T>(
    spec: RequestSpec,
    path: string,
    auth: Authorization,
    agent: Agent,
    attempt: number,
  ): Promise<Outcome<T>> {
    const url = new URL(spec.path.replace(/^\//, ""), this.base);
    for (const [k, v] of Object.entries({ ...spec.query, ...auth.query })) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    // identity: the client decodes what a server or proxy compresses anyway (see decodeBody), but
    // asking for none keeps the common case free of that work.
    const headers: Record<string, string> = {
      accept: "application/json",
      "accept-encoding": "identity",
      ...auth.headers,
    };
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    const res = await undici().request(url, {
      dispatcher: agent,
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      headersTimeout: this.options.tuning.timeoutMs,
      bodyTimeout: this.options.tuning.timeoutMs,
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    const encoding = firstHeader(res.headers["content-encoding"]);
    const contentType = firstHeader(res.headers["content-type"]) ?? "no content-type";
    const protocolError = (apiMessage: string, details?: string[]): Outcome<T> => ({
      transient: false,
      error: this.error(spec, {
        path,
        kind: "protocol",
        status: res.statusCode,
        apiMessage,
        details,
        attempts: attempt,
      }),
    });
    let text: string;
    try {
      text = (await decodeBody(raw, encoding)).toString("utf8");
    } catch (err) {
      // A failure status still says what happened (and may be worth a retry) without its body.
      if (!ok) text = "";
      else
        return protocolError(`the response body (content-encoding ${encoding}) could not be decoded`, [
          err instanceof Error ? err.message : String(err),
        ]);
    }
    const parsed = parseJson(text);
    if (ok) {
      if (parsed === undefined && text.trim() !== "") {
        // Whatever answered will answer the same again: not a fault that a retry can clear.
        return protocolError(`the response is ${contentType}, not JSON`, [
          `body starts: ${snippet(scrub(text, this.secretsOf(spec)), 120)}`,
        ]);
      }
      return { value: parsed as T };
    }
    const header = res.headers["retry-after"];
    // A 429 is the service refusing the request: it did not run. Any other failure may have.
    const again = spec.retry === "if-not-sent" ? res.statusCode === 429 : isTransientStatus(res.statusCode);
    const { message, details } = apiMessage(parsed, () => scrub(text, this.secretsOf(spec)));
    const retryAfterMs =
      parseRetryAfter(Array.isArray(header) ? header[0] : header, this.policy) ??
      (res.statusCode === 429 ? retryAfterFromMessage(message, this.policy) : undefined);
    return {
      retryAfterMs,
      transient: again,
      error: this.error(spec, {
        path,
        kind: kindOfStatus(res.statusCode),
        status: res.statusCode,
        apiMessage: message,
        details,
        attempts: attempt,
      }),
    };
  }

  private secretsOf(spec: RequestSpec): (string | undefined)[] {
    return [...this.options.secrets, ...(spec.redact ?? [])];
  }

  private error(
    spec: RequestSpec,
    init: {
      path: string;
      kind: ApiErrorKind;
      status?: number;
      apiMessage?: string;
      details?: string[];
      attempts: number;
      cause?: unknown;
    },
  ): ApiError {
    const secrets = this.secretsOf(spec);
    const apiMessageText = init.apiMessage === undefined ? undefined : scrub(init.apiMessage, secrets);
    const hint =
      this.options.hint?.({ kind: init.kind, status: init.status, apiMessage: apiMessageText }) ??
      defaultHint(init.kind);
    const cause = init.cause instanceof Error ? scrub(describeCause(init.cause), secrets) : undefined;
    return new ApiError({
      service: this.options.service,
      method: spec.method,
      path: scrub(init.path, secrets),
      kind: init.kind,
      status: init.status,
      apiMessage: apiMessageText ?? cause,
      details: init.details?.map((d) => scrub(d, secrets)),
      hint,
      attempts: init.attempts,
    });
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** An error's message with its code when the message lacks it: the code is what a search finds. */
function describeCause(err: Error): string {
  const code = errorCode(err);
  return code === undefined || err.message.includes(code) ? err.message : `${err.message} (${code})`;
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Both APIs put a human message in `message`; 100ms adds `details: string[]`. `scrubbedText` is
 * the body with secrets already removed, so that cutting it short cannot leave part of one.
 */
function apiMessage(parsed: unknown, scrubbedText: () => string): { message?: string; details?: string[] } {
  if (typeof parsed === "object" && parsed !== null) {
    const { message, details } = parsed as { message?: unknown; details?: unknown };
    return {
      message: typeof message === "string" ? message : undefined,
      details: Array.isArray(details) ? details.filter((d): d is string => typeof d === "string") : undefined,
    };
  }
  const start = snippet(scrubbedText(), 200);
  return { message: start === "" ? undefined : start };
}

/** The start of a body on one line, for an error message. */
function snippet(text: string, length: number): string {
  return text.trim().replace(/\s+/g, " ").slice(0, length);
}
