import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type EmulatorClient,
  ISO_MS,
  managementClaims,
  OBJECT_ID,
  signToken,
  startTestEmulator,
} from "./helpers";

let client: EmulatorClient;
let templates: { id: string; name: string }[];

beforeAll(async () => {
  client = await startTestEmulator();
  templates = client.emulator.ready.hms.templates;
});
afterAll(() => client.emulator.close());
beforeEach(async () => {
  await client.control("POST", "/reset");
});

const tokenError = (detail: string) => ({ code: 401, message: "Token validation error", details: [detail] });

describe("100ms management-token auth", () => {
  const secret = () => client.emulator.ready.hms.appSecret;
  const claims = () => managementClaims(client.emulator.ready.hms.accessKey);
  const now = () => Math.floor(Date.now() / 1000);

  it("accepts a token signed like the SDK's", async () => {
    expect((await client.hms("GET", "/rooms", undefined, signToken(claims(), secret()))).status).toBe(200);
  });

  it("answers 401 Authentication error without a usable Authorization header", async () => {
    const missing = await client.hms("GET", "/rooms", undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      code: 401,
      message: "Authentication error",
      details: ["Authorization header is missing"],
    });
    const basic = await client.call("GET", "/v2/rooms", { Authorization: "Basic abc" });
    expect(basic.status).toBe(401);
    expect(basic.body.message).toBe("Authentication error");
  });

  const cases: [string, () => string, string][] = [
    ["a malformed token", () => "not-a-jwt", "token is malformed"],
    ["a token with a JSON-less header", () => "abc.def.ghi", "token is malformed"],
    ["a wrong secret", () => signToken(claims(), "other-secret"), "signature is invalid"],
    [
      "alg none",
      () => signToken(claims(), secret(), { alg: "none", typ: "JWT" }),
      "signing method is not HS256",
    ],
    ["type app", () => signToken({ ...claims(), type: "app" }, secret()), "token type is not management"],
    ["version 1", () => signToken({ ...claims(), version: 1 }, secret()), "token version is not 2"],
    ['version "2"', () => signToken({ ...claims(), version: "2" }, secret()), "token version is not 2"],
    [
      "another access key",
      () => signToken({ ...claims(), access_key: "someone-else" }, secret()),
      "access_key does not match",
    ],
    ["no jti", () => signToken({ ...claims(), jti: undefined }, secret()), "jti claim is missing"],
    ["no exp", () => signToken({ ...claims(), exp: undefined }, secret()), "exp claim is missing"],
    ["no nbf", () => signToken({ ...claims(), nbf: undefined }, secret()), "nbf claim is missing"],
    ["an expired token", () => signToken({ ...claims(), exp: now() - 60 }, secret()), "token is expired"],
    ["a future nbf", () => signToken({ ...claims(), nbf: now() + 120 }, secret()), "token is not valid yet"],
    [
      "a future iat",
      () => signToken({ ...claims(), iat: now() + 120 }, secret()),
      "token used before issued",
    ],
  ];
  it.each(cases)("answers 401 Token validation error for %s", async (_name, token, detail) => {
    const answer = await client.hms("GET", "/rooms", undefined, token());
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual(tokenError(detail));
  });

  it("applies nbf <= now < exp exactly, with no clock leeway (hms-api.md §13.2)", async () => {
    const status = async (overrides: Record<string, unknown>) =>
      (await client.hms("GET", "/rooms", undefined, signToken({ ...claims(), ...overrides }, secret())))
        .status;
    expect(await status({ iat: now(), nbf: now(), exp: now() + 5 })).toBe(200);
    const justExpired = await client.hms(
      "GET",
      "/rooms",
      undefined,
      signToken({ ...claims(), exp: now() }, secret()),
    );
    expect(justExpired.body).toEqual(tokenError("token is expired"));
    expect(await status({ exp: now() - 1 })).toBe(401);
    const early = await client.hms(
      "GET",
      "/rooms",
      undefined,
      signToken({ ...claims(), nbf: now() + 2 }, secret()),
    );
    expect(early.body).toEqual(tokenError("token is not valid yet"));
    const issuedLater = signToken({ ...claims(), iat: now() + 2 }, secret());
    expect((await client.hms("GET", "/rooms", undefined, issuedLater)).body).toEqual(
      tokenError("token used before issued"),
    );
  });

  it("checks auth on every room route", async () => {
    for (const [method, path] of [
      ["POST", "/rooms"],
      ["GET", "/rooms/6650a1b2c3d4e5f6a7b8c901"],
      ["POST", "/rooms/6650a1b2c3d4e5f6a7b8c901"],
    ] as const) {
      expect((await client.hms(method, path, method === "POST" ? {} : undefined, null)).status).toBe(401);
    }
  });
});

describe("POST /v2/rooms (create)", () => {
  it("creates a room shaped like the documented examples, with defaults", async () => {
    const { status, body } = await client.hms("POST", "/rooms", {});
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      "id",
      "name",
      "enabled",
      "description",
      "customer_id",
      "app_id",
      "recording_source_template",
      "recording_info",
      "template_id",
      "template",
      "region",
      "large_room",
      "created_at",
      "updated_at",
      "customer",
    ]);
    expect(body.id).toMatch(OBJECT_ID);
    expect(body.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body).toMatchObject({
      enabled: true,
      description: "",
      recording_source_template: true,
      recording_info: { enabled: false },
      template_id: templates[0]!.id,
      template: templates[0]!.name,
      region: "us",
      large_room: false,
    });
    expect(body.customer_id).toMatch(OBJECT_ID);
    expect(body.customer).toBe(body.customer_id);
    expect(body.app_id).toMatch(OBJECT_ID);
    expect(body.created_at).toMatch(ISO_MS);
    expect(body.updated_at).toBe(body.created_at);
  });

  it("accepts the docs' create example with another template and reads it back", async () => {
    const request = {
      name: "new-room-1662723668",
      description: "This is a sample description for the room",
      template_id: templates[1]!.id,
    };
    const created = await client.hms("POST", "/rooms", request);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      ...request,
      template: templates[1]!.name,
      region: "eu",
      enabled: true,
    });
    const read = await client.hms("GET", `/rooms/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("accepts the docs' large-room example", async () => {
    const request = {
      name: "new-large-room-081023",
      template_id: templates[0]!.id,
      large_room: true,
      size: 20000,
    };
    const { status, body } = await client.hms("POST", "/rooms", request);
    expect(status).toBe(200);
    expect(body).toMatchObject({ large_room: true, size: 20000 });
  });

  it("keeps an explicit region and resolves auto to the template's region", async () => {
    expect((await client.hms("POST", "/rooms", { region: "in" })).body.region).toBe("in");
    const auto = await client.hms("POST", "/rooms", { region: "auto", template_id: templates[2]!.id });
    expect(auto.body.region).toBe("in");
  });

  it("stores every optional field and echoes it, credentials included", async () => {
    const request = {
      name: "full.room:1_x-y",
      description: "d",
      region: "eu",
      recording_info: {
        enabled: true,
        upload_info: {
          type: "azure",
          location: "container",
          prefix: "p/",
          options: { region: "westeurope" },
          credentials: { key: "account", secret: "account-key" },
        },
      },
      large_room: true,
      size: 5000,
      max_duration_seconds: 3600,
      polls: ["631b2654f771854d9bf633dg"],
      webhook: { url: "https://example.com/hook", headers: { "x-token": "hook-secret" } },
    };
    const created = await client.hms("POST", "/rooms", request);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ ...request, recording_source_template: false });
    const read = await client.hms("GET", `/rooms/${created.body.id}`);
    expect(read.body.recording_info.upload_info.credentials).toEqual({
      key: "account",
      secret: "account-key",
    });
    expect(read.body.webhook.headers).toEqual({ "x-token": "hook-secret" });
  });

  it("can create a disabled room when enabled:false is sent", async () => {
    expect((await client.hms("POST", "/rooms", { name: "off", enabled: false })).body.enabled).toBe(false);
  });

  it("upserts by case-insensitive name: same id, payload applied", async () => {
    const first = await client.hms("POST", "/rooms", { name: "Team-Room", description: "one" });
    const again = await client.hms("POST", "/rooms", {
      name: "team-room",
      template_id: templates[1]!.id,
      max_duration_seconds: 600,
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body).toMatchObject({
      name: "team-room",
      description: "one",
      template_id: templates[1]!.id,
      template: templates[1]!.name,
      max_duration_seconds: 600,
    });
    const list = await client.hms("GET", "/rooms");
    expect(list.body.data).toHaveLength(1);
  });

  it("upsert over a disabled room keeps it disabled unless enabled is sent", async () => {
    const room = await client.hms("POST", "/rooms", { name: "gone" });
    await client.hms("POST", `/rooms/${room.body.id}`, { enabled: false });
    const still = await client.hms("POST", "/rooms", { name: "gone", description: "x" });
    expect(still.body).toMatchObject({ id: room.body.id, enabled: false, description: "x" });
    const back = await client.hms("POST", "/rooms", { name: "GONE", enabled: true });
    expect(back.body).toMatchObject({ id: room.body.id, enabled: true });
  });

  it("accepts an empty body and a body-less POST", async () => {
    const res = await fetch(`${client.url}/v2/rooms`, {
      method: "POST",
      headers: { Authorization: `Bearer ${client.token()}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toMatch(OBJECT_ID);
  });
});

describe("POST /v2/rooms/<id> (update, enable/disable)", () => {
  it("applies the seed page's update example and answers like the page", async () => {
    const room = await client.hms("POST", "/rooms", { name: "before-update" });
    const request = {
      name: "update-room-name",
      description: "Updated description for the room",
      recording_info: {
        enabled: true,
        upload_info: {
          type: "s3",
          location: "my-bucket",
          prefix: "my-prefix",
          options: { region: "ap-south-1" },
          credentials: { key: "AKIAEXAMPLE", secret: "storage-secret-value" },
        },
      },
      region: "us",
    };
    const updated = await client.hms("POST", `/rooms/${room.body.id}`, request);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: room.body.id,
      name: "update-room-name",
      enabled: true,
      description: "Updated description for the room",
      recording_source_template: false,
      recording_info: request.recording_info,
      template_id: templates[0]!.id,
      template: templates[0]!.name,
      region: "us",
      created_at: room.body.created_at,
      customer: room.body.customer_id,
    });
    expect(updated.body.updated_at >= room.body.updated_at).toBe(true);
  });

  it("applies the current docs revision's extra fields (max_duration_seconds, polls, webhook)", async () => {
    const room = await client.hms("POST", "/rooms", {});
    const extra = {
      max_duration_seconds: 10000,
      polls: ["631b2654f771854d9bf633dg", "631b2654f771854d9bf633dh"],
      webhook: { url: "https://example-webhook.com/webhook", headers: { "my-custom-header": "value" } },
    };
    const updated = await client.hms("POST", `/rooms/${room.body.id}`, extra);
    expect(updated.body).toMatchObject(extra);
  });

  it("is a partial update: omitted fields keep their values", async () => {
    const room = await client.hms("POST", "/rooms", {
      name: "keep",
      description: "d",
      region: "in",
      size: 10,
    });
    const updated = await client.hms("POST", `/rooms/${room.body.id}`, { description: "e" });
    expect(updated.body).toMatchObject({ name: "keep", description: "e", region: "in", size: 10 });
  });

  it("disables and re-enables; disabled rooms stay readable", async () => {
    const room = await client.hms("POST", "/rooms", {});
    const off = await client.hms("POST", `/rooms/${room.body.id}`, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect((await client.hms("GET", `/rooms/${room.body.id}`)).body.enabled).toBe(false);
    expect((await client.hms("POST", `/rooms/${room.body.id}`, { enabled: true })).body.enabled).toBe(true);
  });

  it("ignores template_id on the update path (use the create upsert)", async () => {
    const room = await client.hms("POST", "/rooms", {});
    const updated = await client.hms("POST", `/rooms/${room.body.id}`, { template_id: templates[1]!.id });
    expect(updated.status).toBe(200);
    expect(updated.body.template_id).toBe(templates[0]!.id);
    const unknown = await client.hms("POST", `/rooms/${room.body.id}`, { template_id: "nope" });
    expect(unknown.status).toBe(200);
  });

  it("renames, refuses another room's name, allows a case change of its own", async () => {
    const a = await client.hms("POST", "/rooms", { name: "alpha" });
    await client.hms("POST", "/rooms", { name: "beta" });
    const clash = await client.hms("POST", `/rooms/${a.body.id}`, { name: "BETA" });
    expect(clash.status).toBe(400);
    expect(clash.body).toEqual({
      code: 400,
      message: "Invalid body param",
      details: ["Invalid body param: name is already used by another room"],
    });
    expect((await client.hms("POST", `/rooms/${a.body.id}`, { name: "Alpha" })).body.name).toBe("Alpha");
    expect((await client.hms("POST", `/rooms/${a.body.id}`, { name: "gamma" })).body.name).toBe("gamma");
    const list = await client.hms("GET", "/rooms?name=alpha");
    expect(list.body.data).toEqual([]);
  });

  it("answers 404 Room not found for an unknown or malformed id", async () => {
    for (const id of ["6650a1b2c3d4e5f6a7b8c9ff", "not-an-id"]) {
      for (const method of ["GET", "POST"]) {
        const answer = await client.hms(
          method,
          `/rooms/${id}`,
          method === "POST" ? { description: "x" } : undefined,
        );
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ code: 404, message: "Room not found", details: ["Room not found"] });
      }
    }
  });
});

describe("100ms validation (documented statuses and strings)", () => {
  const invalidParam = (detail: string) => ({
    code: 400,
    message: "Invalid body param",
    details: [`Invalid body param: ${detail}`],
  });
  const plain = (message: string) => ({ code: 400, message, details: [message] });

  const cases: [string, Record<string, unknown>, unknown][] = [
    ["legacy template field", { template: "x" }, invalidParam("template. Use template_id")],
    ["unknown region", { region: "mars" }, plain("Error: region not supported")],
    ["non-string region", { region: 1 }, plain("Error: region not supported")],
    ["unknown template_id", { template_id: "6650a1b2c3d4e5f6a7b8c9ff" }, plain("Error: template not found")],
    [
      "max_duration_seconds 119",
      { max_duration_seconds: 119 },
      invalidParam("max_duration_seconds less than 120 seconds"),
    ],
    [
      "max_duration_seconds 43201",
      { max_duration_seconds: 43201 },
      invalidParam("max_duration_seconds greater than 43200 seconds"),
    ],
    ["size 20001", { large_room: true, size: 20001 }, invalidParam("room size greater than 20000")],
    ["size 2501", { size: 2501 }, invalidParam("room size greater than 2500, set large_room flag as true")],
    [
      "missing bucket location",
      { recording_info: { enabled: true, upload_info: { type: "s3" } } },
      plain("Bucket location is missing"),
    ],
    [
      "empty bucket location",
      { recording_info: { upload_info: { type: "gs", location: "" } } },
      plain("Bucket location is missing"),
    ],
    [
      "unknown upload type",
      { recording_info: { upload_info: { type: "ftp", location: "b" } } },
      plain("Invalid upload configuration"),
    ],
    [
      "missing upload type",
      { recording_info: { upload_info: { location: "b" } } },
      plain("Invalid upload configuration"),
    ],
    [
      "credentials without secret",
      { recording_info: { upload_info: { type: "s3", location: "b", credentials: { key: "k" } } } },
      plain("Invalid upload configuration"),
    ],
    [
      "options not an object",
      { recording_info: { upload_info: { type: "oss", location: "b", options: "x" } } },
      plain("Invalid upload configuration"),
    ],
    [
      "upload_info not an object",
      { recording_info: { upload_info: 5 } },
      plain("Invalid upload configuration"),
    ],
    [
      "name with a space",
      { name: "my room" },
      invalidParam("name. Accepted characters are a-z, A-Z, 0-9, and . - : _"),
    ],
    [
      "name with a slash",
      { name: "a/b" },
      invalidParam("name. Accepted characters are a-z, A-Z, 0-9, and . - : _"),
    ],
    ["empty name", { name: "" }, invalidParam("name. Accepted characters are a-z, A-Z, 0-9, and . - : _")],
    ["numeric name", { name: 5 }, invalidParam("name must be a string")],
    ["numeric description", { description: 5 }, invalidParam("description must be a string")],
    [
      "recording_info not an object",
      { recording_info: [] },
      invalidParam("recording_info must be an object"),
    ],
    [
      "recording_info.enabled string",
      { recording_info: { enabled: "yes" } },
      invalidParam("recording_info.enabled must be a boolean"),
    ],
    ["large_room string", { large_room: "true" }, invalidParam("large_room must be a boolean")],
    ["negative size", { size: -1 }, invalidParam("size must be a non-negative integer")],
    ["fractional size", { size: 1.5 }, invalidParam("size must be a non-negative integer")],
    [
      "string duration",
      { max_duration_seconds: "600" },
      invalidParam("max_duration_seconds must be an integer"),
    ],
    ["webhook without url", { webhook: { headers: {} } }, invalidParam("webhook.url is required")],
    ["webhook string", { webhook: "https://x" }, invalidParam("webhook must be an object")],
    [
      "webhook header not a string",
      { webhook: { url: "https://x", headers: { a: 1 } } },
      invalidParam("webhook.headers must be an object of strings"),
    ],
    ["polls of numbers", { polls: [1] }, invalidParam("polls must be an array of strings")],
    ["enabled string", { enabled: "false" }, invalidParam("enabled must be a boolean")],
    ["template_id number", { template_id: 7 }, invalidParam("template_id must be a string")],
  ];

  it.each(cases)("create: %s → 400", async (_name, body, expected) => {
    const answer = await client.hms("POST", "/rooms", body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(expected);
    expect((await client.control("GET", "/rooms")).body.hms).toEqual([]);
  });

  it.each(cases.filter(([name]) => !name.includes("template_id")))(
    "update: %s → 400",
    async (_n, body, expected) => {
      const room = await client.hms("POST", "/rooms", { name: "target" });
      const answer = await client.hms("POST", `/rooms/${room.body.id}`, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(expected);
      expect((await client.hms("GET", `/rooms/${room.body.id}`)).body).toEqual(room.body);
    },
  );

  it("accepts the boundary values", async () => {
    for (const body of [
      { max_duration_seconds: 120 },
      { max_duration_seconds: 43200 },
      { size: 0 },
      { size: 2500 },
      { large_room: true, size: 20000 },
      { recording_info: { upload_info: { type: "gs", location: "b" } } },
      { description: null, region: null, recording_info: null },
    ]) {
      expect((await client.hms("POST", "/rooms", body)).status, JSON.stringify(body)).toBe(200);
    }
  });

  it("checks size against large_room after merging an update", async () => {
    const room = await client.hms("POST", "/rooms", { large_room: true, size: 5000 });
    const answer = await client.hms("POST", `/rooms/${room.body.id}`, { large_room: false });
    expect(answer.body).toEqual(invalidParam("room size greater than 2500, set large_room flag as true"));
  });

  it("ignores unknown fields", async () => {
    const answer = await client.hms("POST", "/rooms", { name: "x", colour: "blue" });
    expect(answer.status).toBe(200);
    expect(answer.body.colour).toBeUndefined();
  });

  it("answers 400 Invalid body for malformed or non-object JSON", async () => {
    for (const [raw, reason] of [
      ["{", "body is not valid JSON"],
      ["[1]", "body must be a JSON object"],
      ['"x"', "body must be a JSON object"],
      ["null", "body must be a JSON object"],
    ]) {
      const answer = await client.hms("POST", "/rooms", raw);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code: 400, message: "Invalid body", details: [reason] });
    }
  });
});

describe("GET /v2/rooms (list, filters, pagination)", () => {
  async function createRooms(count: number, body: Record<string, unknown> = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await client.hms("POST", "/rooms", body)).body.id);
    return ids;
  }

  it("returns an empty page as data [] and last ''", async () => {
    expect((await client.hms("GET", "/rooms")).body).toEqual({ limit: 10, data: [], last: "" });
  });

  it("pages newest first with exclusive start and last '' at the end", async () => {
    const ids = await createRooms(25);
    const seen: string[] = [];
    let start = "";
    const sizes: number[] = [];
    for (let page = 0; page < 5; page++) {
      const answer = await client.hms("GET", `/rooms${start ? `?start=${start}` : ""}`);
      expect(answer.status).toBe(200);
      expect(answer.body.limit).toBe(10);
      sizes.push(answer.body.data.length);
      seen.push(...answer.body.data.map((room: { id: string }) => room.id));
      if (answer.body.last === "") break;
      expect(answer.body.last).toBe(answer.body.data.at(-1).id);
      start = answer.body.last;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual([...ids].reverse());
  });

  it("clamps limit to 10..100, treats limit= as the default, rejects a non-number", async () => {
    await createRooms(12);
    const small = await client.hms("GET", "/rooms?limit=3");
    expect(small.body.limit).toBe(10);
    expect(small.body.data).toHaveLength(10);
    const big = await client.hms("GET", "/rooms?limit=500");
    expect(big.body.limit).toBe(100);
    expect(big.body.data).toHaveLength(12);
    expect(big.body.last).toBe("");
    const exact = await client.hms("GET", "/rooms?limit=12");
    expect(exact.body.data).toHaveLength(12);
    expect(exact.body.last).toBe("");
    const empty = await client.hms("GET", "/rooms?limit=");
    expect(empty.status).toBe(200);
    expect(empty.body.limit).toBe(10);
    const bad = await client.hms("GET", "/rooms?limit=ten");
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      code: 400,
      message: "Invalid query param",
      details: ["Invalid query param: limit"],
    });
  });

  it("lists enabled rooms by default and disabled ones with enabled=false", async () => {
    const [on, off] = await createRooms(2);
    await client.hms("POST", `/rooms/${off}`, { enabled: false });
    const ids = async (query: string) =>
      (await client.hms("GET", `/rooms${query}`)).body.data.map((room: { id: string }) => room.id);
    expect(await ids("")).toEqual([on]);
    expect(await ids("?enabled=true")).toEqual([on]);
    expect(await ids("?enabled=false")).toEqual([off]);
    expect(await ids("?enabled=0")).toEqual([off]);
    expect(await ids("?enabled=True")).toEqual([on]);
    expect(await ids("?enabled=")).toEqual([on]);
    expect((await client.hms("GET", "/rooms?enabled=maybe")).status).toBe(400);
  });

  it("filters by name (case-insensitive), template_id, after and before", async () => {
    const named = (await client.hms("POST", "/rooms", { name: "Lobby" })).body;
    const webinar = (await client.hms("POST", "/rooms", { template_id: templates[1]!.id })).body;
    expect((await client.hms("GET", "/rooms?name=&template_id=")).body.data).toHaveLength(2);
    const byName = await client.hms("GET", "/rooms?name=lobby");
    expect(byName.body.data.map((room: { id: string }) => room.id)).toEqual([named.id]);
    const byTemplate = await client.hms("GET", `/rooms?template_id=${templates[1]!.id}`);
    expect(byTemplate.body.data.map((room: { id: string }) => room.id)).toEqual([webinar.id]);
    const after = await client.hms("GET", `/rooms?after=${encodeURIComponent(webinar.created_at)}`);
    expect(after.body.data.map((room: { id: string }) => room.id)).toContain(webinar.id);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await client.hms("GET", `/rooms?after=${future}`)).body.data).toEqual([]);
    expect((await client.hms("GET", `/rooms?before=${future}`)).body.data).toHaveLength(2);
    expect((await client.hms("GET", "/rooms?before=2000-01-01T00:00:00Z")).body.data).toEqual([]);
    expect((await client.hms("GET", "/rooms?after=yesterday")).status).toBe(400);
  });

  it("rejects an unknown start cursor", async () => {
    const answer = await client.hms("GET", "/rooms?start=6650a1b2c3d4e5f6a7b8c9ff");
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual(["Invalid query param: start"]);
  });
});

describe("100ms routing", () => {
  it("answers 405 with Allow for other methods and has no DELETE", async () => {
    for (const [method, path] of [
      ["DELETE", "/rooms/6650a1b2c3d4e5f6a7b8c901"],
      ["PUT", "/rooms"],
      ["PATCH", "/rooms/x"],
    ] as const) {
      const answer = await client.hms(method, path, {});
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("GET, POST");
      expect(answer.body.code).toBe(405);
    }
  });

  it("answers 404 in the 100ms shape for unknown routes", async () => {
    for (const path of ["", "/", "/room", "/rooms/a/b", "/active-rooms/x"]) {
      const answer = await client.hms("GET", path);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ code: 404, message: "Not found", details: ["no such route"] });
    }
  });

  it("accepts a trailing slash on the collection", async () => {
    expect((await client.hms("POST", "/rooms/", {})).status).toBe(200);
  });
});
