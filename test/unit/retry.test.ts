import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ServiceClient } from "../../provider/core/http/client";
import { ApiError, defaultHint } from "../../provider/core/http/errors";
import {
  backoffDelay,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryAfterFromMessage,
} from "../../provider/core/http/retry";

type Step = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server answering request N with script[N] (the last step repeats). */
async function scripted(steps: Step[]) {
  const seen: { method: string; url: string; auth?: string }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization });
    req.resume();
    req.on("end", () => steps[Math.min(seen.length - 1, steps.length - 1)]!(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

let port = 0;
function client(url: string, extra: Partial<ConstructorParameters<typeof ServiceClient>[0]> = {}) {
  // A distinct base path per client keeps the shared per-endpoint limiters apart between tests.
  port++;
  return new ServiceClient({
    service: "Test",
    baseUrl: `${url}/c${port}`,
    tuning: { timeoutMs: 300, maxRetries: 3, requestsPerSecond: 1000 },
    authorize: () => ({ headers: { authorization: "Bearer t" }, query: { secretKey: "query-secret-123" } }),
    secrets: ["query-secret-123"],
    policy: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 },
    ...extra,
  });
}

describe("retry policy over real HTTP", () => {
  it("retries 5xx with backoff and returns the eventual answer", async () => {
    const server = await scripted([json(503, {}), json(502, {}), json(200, { ok: 1 })]);
    await expect(client(server.url).request({ method: "GET", path: "/x" })).resolves.toEqual({ ok: 1 });
    expect(server.seen).toHaveLength(3);
  });

  it("honours Retry-After in seconds (capped) on 429", async () => {
    const server = await scripted([
      json(429, { message: "slow down" }, { "retry-after": "1" }),
      json(200, { ok: 2 }),
    ]);
    const started = performance.now();
    await expect(client(server.url).request({ method: "GET", path: "/x" })).resolves.toEqual({ ok: 2 });
    // A lower bound only: the wait happened. That 1 s is capped to maxRetryAfterMs (200 ms here)
    // is arithmetic, checked without a clock below ("reads Retry-After ... capped").
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.seen).toHaveLength(2);
  });

  it("on a 429 without Retry-After, waits as long as the message asks (capped)", async () => {
    const server = await scripted([
      json(429, { code: 429, message: "rate limit exceeded, retry after 45 seconds" }),
      json(200, { ok: 1 }),
    ]);
    const started = performance.now();
    await expect(client(server.url).request({ method: "GET", path: "/x" })).resolves.toEqual({ ok: 1 });
    // The backoff alone would be under 20 ms; the message asks for 45 s, capped at 200 ms here.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.seen).toHaveLength(2);
  });

  it("fails at once on a permanent error, with the API's message, details and a hint", async () => {
    const server = await scripted([
      json(400, { code: 400, message: "Invalid body param", details: ["region bad"] }),
    ]);
    const err = await client(server.url)
      .request({ method: "POST", path: "/rooms", body: {} })
      .catch((e: unknown) => e);
    expect(ApiError.is(err)).toBe(true);
    expect(server.seen).toHaveLength(1);
    const apiError = err as ApiError;
    expect(apiError).toMatchObject({
      status: 400,
      kind: "invalid",
      apiMessage: "Invalid body param",
      attempts: 1,
    });
    expect(apiError.message).toBe(
      'Test API POST /rooms failed with HTTP 400: "Invalid body param" (region bad). ' +
        "Fix the property the API names and run `pulumi preview` again",
    );
  });

  it("asks for fresh credentials once after a 401, then gives up", async () => {
    const server = await scripted([json(401, { message: "Token validation error" })]);
    const fresh: boolean[] = [];
    const err = await client(server.url, {
      authorize: (f) => {
        fresh.push(f);
        return { headers: { authorization: `Bearer ${f ? "new" : "old"}` } };
      },
    })
      .request({ method: "GET", path: "/x" })
      .catch((e: unknown) => e as ApiError);
    expect(fresh).toEqual([false, true]);
    expect(server.seen.map((s) => s.auth)).toEqual(["Bearer old", "Bearer new"]);
    expect((err as ApiError).kind).toBe("auth");
  });

  it("retries a connection reset and a response slower than the timeout", async () => {
    const server = await scripted([
      (req) => req.socket.destroy(),
      (_req, res) => setTimeout(() => json(200, { late: true })(_req, res), 1000),
      json(200, { ok: 3 }),
    ]);
    await expect(client(server.url).request({ method: "GET", path: "/x" })).resolves.toEqual({ ok: 3 });
    expect(server.seen).toHaveLength(3);
  });

  it("stops after maxRetries and says how many attempts were made, with no secret in the error", async () => {
    const server = await scripted([json(503, { message: "unavailable" })]);
    const err = (await client(server.url)
      .request({ method: "GET", path: "/rooms/a?secretKey=query-secret-123" })
      .catch((e: unknown) => e)) as ApiError;
    expect(server.seen).toHaveLength(4);
    expect(server.seen[0]!.url).toContain("secretKey=query-secret-123");
    expect(err.attempts).toBe(4);
    expect(err.message).toContain("after 4 attempts");
    for (const text of [err.message, err.stack ?? "", JSON.stringify(err), String(err.path)]) {
      expect(text).not.toContain("query-secret-123");
    }
  });

  it("scrubs secrets an API echoes back in its message", async () => {
    const server = await scripted([json(400, { message: "bad rtmp url rtmp://x/stream-key-777" })]);
    const err = (await client(server.url)
      .request({ method: "PUT", path: "/room/a", body: {}, redact: ["rtmp://x/stream-key-777"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.message).toContain("bad rtmp url [redacted]");
  });
});

describe('retry: "if-not-sent" (a call that must not run twice)', () => {
  it("is not sent again after a 5xx, a reset or a time-out: the service may have run it", async () => {
    for (const step of [
      json(500, { message: "boom" }),
      ((req) => req.socket.destroy()) as Step,
      ((_req, res) => setTimeout(() => json(200, {})(_req, res), 1000)) as Step,
    ]) {
      const server = await scripted([step, json(200, { ok: 1 })]);
      await expect(
        client(server.url).request({ method: "POST", path: "/mint", retry: "if-not-sent" }),
      ).rejects.toSatisfy(ApiError.is);
      expect(server.seen).toHaveLength(1);
    }
  });

  it("is sent again after a 429 (refused) and when the connection was refused (never sent)", async () => {
    const server = await scripted([
      json(429, { message: "slow" }, { "retry-after": "0" }),
      json(200, { ok: 1 }),
    ]);
    await expect(
      client(server.url).request({ method: "POST", path: "/mint", retry: "if-not-sent" }),
    ).resolves.toEqual({ ok: 1 });
    expect(server.seen).toHaveLength(2);

    // A port nobody listens on: ECONNREFUSED on every attempt, each one retried.
    const closed = await scripted([json(200, {})]);
    await new Promise((r) => servers.pop()!.close(r));
    const err = (await client(closed.url)
      .request({ method: "POST", path: "/mint", retry: "if-not-sent" })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.kind).toBe("network");
    expect(err.attempts).toBe(4);
  });
});

describe("retry arithmetic", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxRetryAfterMs: 60_000 };
  it("reads Retry-After as seconds or an HTTP date, capped", () => {
    expect(parseRetryAfter("3", policy)).toBe(3000);
    expect(parseRetryAfter("999", policy)).toBe(60_000);
    const now = Date.parse("2026-11-25T10:00:00Z");
    expect(parseRetryAfter("Wed, 25 Nov 2026 10:00:05 GMT", policy, now)).toBe(5000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 09:00:00 GMT", policy, now)).toBe(0);
    expect(parseRetryAfter("soon", policy)).toBeUndefined();
  });

  it("grows exponentially to a ceiling, never below half a step", () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(250);
    expect(backoffDelay(0, policy, () => 1)).toBe(500);
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(20, policy, () => 1)).toBe(policy.maxDelayMs);
  });

  it("reads the wait out of a rate-limit message", () => {
    expect(retryAfterFromMessage("rate limit exceeded, retry after 45 seconds", policy)).toBe(45_000);
    expect(retryAfterFromMessage("Retry after 5s", policy)).toBe(5000);
    expect(retryAfterFromMessage("retry after 600 seconds", policy)).toBe(60_000);
    expect(retryAfterFromMessage("too many requests", policy)).toBeUndefined();
  });

  it("retries transport faults that may pass, not a name that does not resolve or a bad certificate", () => {
    expect(classifyNetworkError({ code: "ECONNRESET" })).toEqual({ kind: "network", transient: true });
    expect(classifyNetworkError({ cause: { code: "UND_ERR_HEADERS_TIMEOUT" } })).toEqual({
      kind: "timeout",
      transient: true,
    });
    expect(classifyNetworkError({ code: "ENOTFOUND" })).toEqual({ kind: "network", transient: false });
    expect(classifyNetworkError(new Error("a bug"))).toBeUndefined();
  });

  it.each([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_HAS_EXPIRED",
    "ERR_TLS_CERT_ALTNAME_INVALID",
  ])("classes %s as a certificate failure that no retry can clear", (code) => {
    expect(classifyNetworkError({ cause: { code } })).toEqual({ kind: "tls", transient: false });
  });
});

describe("hints", () => {
  it("a certificate failure names NODE_EXTRA_CA_CERTS and never says to run the same command again", () => {
    const hint = defaultHint("tls") ?? "";
    expect(hint).toContain("set NODE_EXTRA_CA_CERTS to that CA's PEM file");
    expect(hint).not.toMatch(/run the same|again/);
  });

  it("an answer that is not the API's says to check the apiUrl, not to retry", () => {
    const hint = defaultHint("protocol") ?? "";
    expect(hint).toMatch(/check the apiUrl/i);
    expect(hint).toMatch(/proxy, gateway or login page/);
    expect(hint).not.toMatch(/again/);
  });
});
