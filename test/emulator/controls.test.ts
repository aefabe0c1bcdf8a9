import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorClient, startTestEmulator } from "./helpers";

let client: EmulatorClient;

beforeAll(async () => {
  client = await startTestEmulator();
});
afterAll(() => client.emulator.close());
beforeEach(async () => {
  await client.control("POST", "/faults/clear");
  await client.control("POST", "/reset");
  await client.control("POST", "/requests/clear");
});

const fault = async (body: unknown) => {
  const answer = await client.control("POST", "/faults", body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};
const log = async () => (await client.control("GET", "/requests")).body;
const roomCount = async () => {
  const { hms, metered } = (await client.control("GET", "/rooms")).body;
  return hms.length + metered.length;
};

/** Runs a request to completion (body included); a broken connection yields the error's message. */
async function outcome(run: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

describe("status faults", () => {
  it("answers 429 with Retry-After in seconds, without processing, then recovers", async () => {
    await fault({ status: 429, count: 1, retryAfter: 2 });
    const limited = await client.hms("POST", "/rooms", { name: "r" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body).toEqual({
      code: 429,
      message: "rate limit exceeded, retry after 2 seconds",
      details: ["rate limit exceeded, retry after 2 seconds"],
    });
    expect(await roomCount()).toBe(0);
    expect((await client.hms("POST", "/rooms", { name: "r" })).status).toBe(200);
    expect(await log()).toMatchObject([
      { method: "POST", path: "/v2/rooms", status: 429, service: "hms", fault: "status" },
      { method: "POST", path: "/v2/rooms", status: 200, service: "hms" },
    ]);
    expect((await log())[1].fault).toBeUndefined();
  });

  it("sends Retry-After as an HTTP-date with retryAfterDate", async () => {
    await fault({ status: 429, retryAfter: 2, retryAfterDate: true });
    const before = Date.now();
    const limited = await client.metered("GET", "/rooms");
    const after = Date.now();
    const header = limited.headers.get("retry-after")!;
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // The date is 2 s after the moment the emulator answered (rounded up to the second), and that
    // moment lies between `before` and `after`: bounds that hold however slow the machine is.
    expect(Date.parse(header) - before).toBeGreaterThanOrEqual(2000);
    expect(Date.parse(header) - after).toBeLessThan(3000);
    expect(limited.body).toEqual({ success: false, message: "rate limit exceeded, retry after 2 seconds" });
  });

  it("answers 503 count times in the service's own shape, then normally", async () => {
    await fault({ status: 503, count: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.metered("POST", "/room", {})).status);
    expect(statuses).toEqual([503, 503, 503, 200]);
    expect(await roomCount()).toBe(1);
    const first = await log();
    expect(first.filter((entry: { fault?: string }) => entry.fault === "status")).toHaveLength(3);
  });

  it("queues faults in order", async () => {
    await fault({ status: 503 });
    await fault({ status: 429 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.hms("GET", "/rooms")).status);
    expect(statuses).toEqual([503, 429, 200]);
  });

  it("targets by path substring and method", async () => {
    await fault({ status: 500, path: "/api/v1/room", method: "post" });
    expect((await client.hms("POST", "/rooms", {})).status).toBe(200);
    expect((await client.metered("GET", "/rooms")).status).toBe(200);
    expect((await client.metered("POST", "/room", {})).status).toBe(500);
    expect((await client.metered("POST", "/room", {})).status).toBe(200);
  });

  it("is cleared by faults/clear", async () => {
    await fault({ status: 500, count: 5 });
    const cleared = await client.control("POST", "/faults/clear");
    expect(cleared.body).toEqual({ faults: [], rateLimit: null });
    expect((await client.hms("GET", "/rooms")).status).toBe(200);
  });

  it("shows the queue", async () => {
    const state = await fault({ status: 503, count: 2, path: "/v2" });
    expect(state).toEqual({ faults: [{ status: 503, path: "/v2", count: 2 }], rateLimit: null });
    await client.hms("GET", "/rooms");
    expect((await client.control("GET", "/faults")).body.faults).toEqual([
      { status: 503, path: "/v2", count: 1 },
    ]);
  });
});

describe("delays and dropped connections", () => {
  it("delayMs waits, then processes normally", async () => {
    await fault({ delayMs: 300 });
    const started = Date.now();
    const answer = await client.hms("POST", "/rooms", { name: "slow" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
    expect((await log())[0]).toMatchObject({ status: 200, fault: "delay" });
    expect((await log())[0].ms).toBeGreaterThanOrEqual(290);
  });

  it("drop before: the connection closes without a byte and nothing changes", async () => {
    await fault({ drop: "before" });
    const result = await outcome(() => client.hms("POST", "/rooms", { name: "lost" }));
    expect(result.ok).toBe(false);
    expect(await roomCount()).toBe(0);
    expect(await log()).toMatchObject([{ method: "POST", status: 0, fault: "drop-before" }]);
  });

  it("drop during: the request is processed, the response breaks off mid-body", async () => {
    await fault({ drop: "during" });
    let status: number | undefined;
    const result = await outcome(async () => {
      const res = await fetch(
        `${client.url}/api/v1/room?secretKey=${client.emulator.ready.metered.secretKey}`,
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ roomName: "made-but-lost" }),
        },
      );
      status = res.status;
      await res.text();
    });
    expect(result.ok).toBe(false);
    expect(status).toBe(200);
    expect((await client.metered("GET", "/room/made-but-lost")).status).toBe(200);
    expect(await log()).toMatchObject([{ status: 200, fault: "drop-during" }, { status: 200 }]);
  });

  it("drop after: the request is processed and no response byte is sent", async () => {
    await fault({ drop: "after" });
    const result = await outcome(() => client.hms("POST", "/rooms", { name: "made" }));
    expect(result.ok).toBe(false);
    expect((await client.hms("GET", "/rooms?name=made")).body.data).toHaveLength(1);
    expect((await log())[0]).toMatchObject({ status: 0, fault: "drop-after" });
  });

  it("combines a delay with a status", async () => {
    await fault({ delayMs: 100, status: 502 });
    const started = Date.now();
    expect((await client.hms("GET", "/rooms")).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect((await log())[0].fault).toBe("delay+status");
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After beyond the rate, per credential, until turned off", async () => {
    const state = await fault({ rateLimit: { perSecond: 5 } });
    expect(state.rateLimit).toEqual({ perSecond: 5 });
    const token = client.token();
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => client.hms("GET", "/rooms", undefined, token)),
    );
    const limited = burst.filter((answer) => answer.status === 429);
    expect(burst.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(limited).toHaveLength(5);
    for (const answer of limited) {
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(answer.body.code).toBe(429);
    }
    // Another credential has its own budget: Metered, and a token naming another access key (401, not 429).
    expect((await client.metered("GET", "/rooms")).status).toBe(200);
    const stranger = client.token({ access_key: "someone-else" });
    expect((await client.hms("GET", "/rooms", undefined, stranger)).status).toBe(401);

    const entries = await log();
    expect(entries.filter((entry: { fault?: string }) => entry.fault === "rate-limit")).toHaveLength(5);

    await fault({ rateLimit: null });
    expect((await client.hms("GET", "/rooms", undefined, token)).status).toBe(200);
  });

  it("lets requests through again once Retry-After has passed", async () => {
    await fault({ rateLimit: { perSecond: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.metered("GET", "/rooms")).status);
    expect(statuses).toEqual([200, 200, 429]);
    const retryAfter = Number((await client.metered("GET", "/rooms")).headers.get("retry-after"));
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await client.metered("GET", "/rooms")).status).toBe(200);
  });
});

describe("request log", () => {
  it("records API requests in order without query strings, and never control requests", async () => {
    await client.metered("GET", "/rooms?extra=1");
    await client.hms("GET", "/rooms?limit=20");
    await client.control("GET", "/rooms");
    const entries = await log();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      method: "GET",
      path: "/api/v1/rooms",
      status: 200,
      ms: entries[0].ms,
      service: "metered",
    });
    expect(entries[1]).toMatchObject({ method: "GET", path: "/v2/rooms", status: 200, service: "hms" });
    expect(typeof entries[1].ms).toBe("number");
    await client.control("POST", "/requests/clear");
    expect(await log()).toEqual([]);
  });

  it("keeps secrets out of the log and the control output", async () => {
    const token = client.token();
    const secrets = [
      client.emulator.ready.metered.secretKey,
      token,
      "storage-secret-42",
      "storage-key-42",
      "hook-header-secret-42",
      "rtmp://live.example/app/stream-key-42",
    ];
    await client.hms(
      "POST",
      "/rooms",
      {
        name: "secretive",
        recording_info: {
          upload_info: {
            type: "s3",
            location: "b",
            credentials: { key: "storage-key-42", secret: "storage-secret-42" },
          },
        },
        webhook: { url: "https://example.com", headers: { auth: "hook-header-secret-42" } },
      },
      token,
    );
    await client.metered("POST", "/room", {
      roomName: "secretive",
      enableRTMPOut: true,
      rtmpOutURL: "rtmp://live.example/app/stream-key-42",
    });
    await client.metered("PUT", "/room/secretive", { enableRTMPOut: "bad", rtmpOutURL: 5 });
    const outputs = JSON.stringify([
      await log(),
      (await client.control("GET", "/rooms")).body,
      (await client.control("GET", "/faults")).body,
    ]);
    for (const secret of secrets) expect(outputs).not.toContain(secret);
    expect(outputs).toContain("[redacted]");
    // The API itself echoes what was stored (documented update response), so clients can read it back.
    const room = await client.metered("GET", "/room/secretive");
    expect(room.body.rtmpOutURL).toBe("rtmp://live.example/app/stream-key-42");
  });
});

describe("control API", () => {
  it("reset empties every room of both services", async () => {
    await client.hms("POST", "/rooms", {});
    await client.metered("POST", "/room", {});
    expect(await roomCount()).toBe(2);
    expect((await client.control("POST", "/reset")).body).toEqual({ ok: true });
    expect(await roomCount()).toBe(0);
  });

  it("shows every room, disabled and archived included", async () => {
    const hms = await client.hms("POST", "/rooms", { enabled: false });
    await client.metered("POST", "/room", { roomName: "gone" });
    await client.metered("DELETE", "/room/gone");
    const rooms = (await client.control("GET", "/rooms")).body;
    expect(rooms.hms).toMatchObject([{ id: hms.body.id, enabled: false }]);
    expect(rooms.metered).toMatchObject([{ roomName: "gone", archived: true }]);
  });

  it.each([
    [{}, "nothing to inject: give status, delayMs, drop or rateLimit"],
    [{ status: 200 }, "status must be an integer 400..599"],
    [{ status: 500, colour: 1 }, "unknown field(s): colour"],
    [{ status: 500, count: 0 }, "count must be a positive integer"],
    [{ drop: "sideways" }, 'drop must be "before", "during" or "after"'],
    [{ drop: "before", status: 500 }, "status and drop cannot be combined"],
    [{ delayMs: -1 }, "delayMs must be an integer 0..600000"],
    [{ retryAfter: 2 }, "retryAfter needs a status"],
    [{ rateLimit: { perSecond: 0 } }, "rateLimit must be null or {perSecond: positive integer}"],
    [{ rateLimit: null, count: 2 }, "count, path and method apply to status, delayMs or drop faults"],
    [[], "body must be a JSON object"],
  ])("refuses fault request %j with 400", async (body, message) => {
    const answer = await client.control("POST", "/faults", body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: message });
    expect((await client.control("GET", "/faults")).body).toEqual({ faults: [], rateLimit: null });
  });

  it("answers 404 and 405 for unknown control routes and methods", async () => {
    expect((await client.control("GET", "/nope")).status).toBe(404);
    const wrong = await client.control("GET", "/reset");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect((await client.control("POST", "/faults", "{")).status).toBe(400);
  });
});
