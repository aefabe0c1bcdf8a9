import { Agent, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorClient, signToken, startTestEmulator } from "./helpers";

let client: EmulatorClient;
let agent: Agent;

beforeAll(async () => {
  client = await startTestEmulator();
  agent = new Agent({ keepAlive: true, maxSockets: 24 });
});
afterAll(async () => {
  agent.destroy();
  await client.emulator.close();
});

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Sends a request with node:http (which, unlike fetch, sends any method, path byte and body). */
function send(
  req: RawRequest,
): Promise<{ status: number; body: string; detail?: string } | { error: string }> {
  return new Promise((resolve) => {
    const url = new URL(client.url);
    let outgoing: ReturnType<typeof request>;
    try {
      outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          agent,
          method: req.method,
          path: req.path,
          headers: req.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              detail: res.headers["x-emulator-detail"] as string | undefined,
            }),
          );
          res.on("error", (error) => resolve({ error: String(error) }));
        },
      );
    } catch (error) {
      resolve({ error: `client refused: ${String(error)}` });
      return;
    }
    outgoing.on("error", (error) => resolve({ error: String(error) }));
    outgoing.end(req.body);
  });
}

/** Writes raw bytes on a fresh socket and returns whatever comes back before it closes. */
function sendRaw(bytes: string | Buffer, giveUpMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const url = new URL(client.url);
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      // One response is all these cases need; keep-alive would otherwise hold the socket open.
      if (Buffer.concat(chunks).includes("\r\n\r\n")) setTimeout(() => socket.end(), 50);
    });
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", () => undefined);
    socket.write(bytes);
    setTimeout(() => socket.destroy(), giveUpMs);
  });
}

describe("oversized, undecodable and odd requests", () => {
  const big = Buffer.alloc(2 * 1024 * 1024 + 1, "a");

  it("answers 413 in each API's shape for a body over 1 MiB", async () => {
    const hms = await send({
      method: "POST",
      path: "/v2/rooms",
      headers: { Authorization: `Bearer ${client.token()}`, "Content-Type": "application/json" },
      body: big,
    });
    expect(hms).toEqual({
      status: 413,
      body: JSON.stringify({
        code: 413,
        message: "Request body too large (limit 1 MiB)",
        details: ["Request body too large (limit 1 MiB)"],
      }),
    });
    const metered = await send({ method: "PUT", path: "/api/v1/room/x?secretKey=k", headers: {}, body: big });
    expect(metered).toEqual({
      status: 413,
      body: JSON.stringify({ success: false, message: "Request body too large (limit 1 MiB)" }),
    });
    const control = await send({ method: "POST", path: "/__emulator/faults", headers: {}, body: big });
    expect(control).toMatchObject({ status: 413 });
  });

  it("answers 400 for a body that is not UTF-8", async () => {
    const answer = await send({
      method: "POST",
      path: "/v2/rooms",
      headers: { Authorization: `Bearer ${client.token()}` },
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(answer).toEqual({
      status: 400,
      body: JSON.stringify({ code: 400, message: "Invalid body", details: ["body is not valid UTF-8"] }),
    });
  });

  it("answers 400 for paths that are not valid percent-encoding", async () => {
    const hms = await send({ method: "GET", path: "/v2/rooms/%zz", headers: {} });
    expect(hms).toMatchObject({ status: 400 });
    expect(JSON.parse((hms as { body: string }).body).message).toBe("Invalid path");
    const metered = await send({ method: "GET", path: "/api/v1/room/%E0%A4%A?secretKey=x", headers: {} });
    expect(metered).toMatchObject({ status: 400, detail: "path is not valid percent-encoding" });
    expect(JSON.parse((metered as { body: string }).body)).toEqual({
      success: false,
      message: "Invalid request",
    });
  });

  it("answers 404 outside both APIs", async () => {
    const answer = await send({ method: "GET", path: "/", headers: {} });
    expect(answer).toMatchObject({ status: 404 });
    expect(JSON.parse((answer as { body: string }).body)).toEqual({
      message: "Not found: the emulator serves 100ms under /v2 and Metered under /api/v1",
    });
    expect((await send({ method: "GET", path: "/v3/rooms", headers: {} })) as object).toMatchObject({
      status: 404,
    });
  });

  it("routes absolute-form targets and survives garbage on the wire", async () => {
    expect(await sendRaw(`GET http://elsewhere.example/v2/rooms HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 401 /,
    );
    expect(await sendRaw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")).toMatch(/^HTTP\/1\.1 404 /);
    expect(await sendRaw("HELLO THERE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await sendRaw("GET /v2/rooms HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    // A client that promises a body and hangs up half-way.
    expect(await sendRaw('POST /v2/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"na', 200)).toBe(
      "",
    );
    expect((await client.hms("GET", "/rooms")).status).toBe(200);
  });
});

/** Small seeded PRNG (mulberry32), so a failing fuzz run can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HMS_FIELDS = [
  "name",
  "description",
  "template_id",
  "template",
  "region",
  "recording_info",
  "large_room",
  "size",
  "max_duration_seconds",
  "webhook",
  "polls",
  "enabled",
];
const METERED_FIELDS = [
  "roomName",
  "privacy",
  "expireUnixSec",
  "notBeforeUnixSec",
  "maxParticipants",
  "autoJoin",
  "enableRTMPOut",
  "rtmpOutURL",
  "compositionLayout",
  "meetingJoinWebhook",
  "deleteOnExp",
  "__proto__",
  "constructor",
];

function fuzzRequest(random: () => number): RawRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const junk = () =>
    pick([
      "",
      "x",
      "%",
      "%zz",
      "%00",
      "%C0%AF",
      "%E2%82",
      "..",
      ".",
      "%2F",
      "%25",
      "~",
      "a".repeat(3000),
      "é",
      "%F0%9F%92%A5",
    ]);
  const value = (): unknown =>
    pick([
      null,
      true,
      false,
      0,
      -1,
      -0,
      1.5,
      2 ** 53,
      1e21,
      "x",
      "",
      "public",
      "grid",
      "s3",
      "us",
      "6650a1b2c3d4e5f6a7b8c901",
      [],
      {},
      [1, "a"],
      { type: "s3", location: "b", credentials: { key: 1 } },
      { url: "https://x", headers: { a: "b" } },
      { enabled: true, upload_info: { type: pick(["s3", "ftp", 3]), location: pick(["", "b", null]) } },
      "a".repeat(2000),
      "💥\u0000",
    ]);

  const path =
    pick([
      "/v2/rooms",
      "/v2/rooms/",
      `/v2/rooms/${pick(["6650a1b2c3d4e5f6a7b8c901", "not-an-id", junk()])}`,
      "/v2",
      "/v2/rooms/a/b",
      "/api/v1/room",
      "/api/v1/room/",
      `/api/v1/room/${pick(["fuzz", "roomName", junk()])}`,
      "/api/v1/rooms",
      "/api/v1",
      "/",
      "//v2/rooms",
      "/__emulator/rooms",
      "/__emulator/requests",
      `/__emulator/${junk()}`,
    ]) + (random() < 0.2 ? `/${junk()}` : "");
  const query = pick([
    "",
    "?secretKey=emulator-secret-key",
    "?secretKey=emulator-secret-key&roomName=x",
    "?secretKey=wrong",
    "?secretKey=",
    `?enabled=${junk()}`,
    `?limit=${pick(["0", "-1", "1e3", "10", "abc", "99999999999"])}`,
    `?start=${junk()}`,
    `?name=${junk()}&template_id=${junk()}`,
    `?after=${pick(["2020-01-01T00:00:00Z", "yesterday", ""])}&before=${junk()}`,
    "?%zz=%zz&&&=",
  ]);

  const headers: Record<string, string> = {};
  const contentType = pick(["application/json", "text/plain", "multipart/form-data; boundary=x", "", "x/y"]);
  if (contentType) headers["Content-Type"] = contentType;
  const secret = client.emulator.ready.hms.appSecret;
  const auth = pick([
    `Bearer ${client.token()}`,
    `Bearer ${client.token({ version: value(), type: value(), exp: value() })}`,
    `Bearer ${signToken({ access_key: value(), exp: value() }, secret)}`,
    "Bearer",
    "Bearer a.b.c",
    "Basic eDp5",
    "",
  ]);
  if (auth) headers.Authorization = auth;
  if (random() < 0.2) headers["X-Fuzz"] = pick(["1", "a".repeat(500), "é"]);

  const fields = path.startsWith("/v2") ? HMS_FIELDS : METERED_FIELDS;
  const object = () =>
    JSON.stringify(Object.fromEntries(fields.filter(() => random() < 0.3).map((field) => [field, value()])));
  const body = pick<Buffer | string | undefined>([
    undefined,
    "",
    "{",
    "}",
    "[]",
    "null",
    "true",
    "1e309",
    '"str"',
    object(),
    object(),
    object(),
    '{"a":1,"a":2}',
    `{"x":${"[".repeat(3000)}${"]".repeat(3000)}}`,
    Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256))),
    Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
  ]);
  const method = pick([
    "GET",
    "POST",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "HEAD",
    "OPTIONS",
    "PROPFIND",
    "FUZZ",
  ]);
  if (body === undefined) return { method, path: path + query, headers };
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  // Framed as a real client frames it: node:http sends a GET/DELETE body unframed otherwise, and the
  // server would rightly read those bytes as the next request on the connection.
  headers["Content-Length"] = String(bytes.length);
  return { method, path: path + query, headers, body: bytes };
}

describe("fuzz", () => {
  it("answers thousands of malformed requests without a 5xx, and keeps serving", async () => {
    const random = prng(0x5eed);
    const total = 4000;
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < total) {
        next += 1;
        const req = fuzzRequest(random);
        const result = await send(req);
        if ("error" in result) {
          // Node's client refuses some generated requests itself (e.g. a method it will not send).
          if (!result.error.startsWith("client refused"))
            failures.push(`${req.method} ${req.path}: ${result.error}`);
          continue;
        }
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        if (result.status >= 500) failures.push(`${req.method} ${req.path.slice(0, 200)} → ${result.status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `fuzz: ${total} requests generated, ${answered} answered; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(total * 0.98);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);

    const after = await client.hms("POST", "/rooms", { name: "after-fuzz" });
    expect(after.status).toBe(200);
    expect((await client.metered("POST", "/room", { roomName: "after-fuzz" })).status).toBe(200);
  });
});
