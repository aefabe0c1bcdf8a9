import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorClient, ISO_MS, OBJECT_ID, startTestEmulator } from "./helpers";

let client: EmulatorClient;

beforeAll(async () => {
  client = await startTestEmulator();
});
afterAll(() => client.emulator.close());
beforeEach(async () => {
  await client.control("POST", "/reset");
});

const ROOM_NOT_FOUND = { success: false, message: "room not found" };

// The documented 200 example's keys, in its order (metered-update-room.txt).
const DOCUMENTED_KEYS = [
  "privacy",
  "deleteOnExp",
  "autoJoin",
  "enableRequestToJoin",
  "enableChat",
  "enableScreenSharing",
  "joinVideoOn",
  "joinAudioOn",
  "ownerOnlyBroadcast",
  "enableRecording",
  "ejectAtRoomExp",
  "lang",
  "archived",
  "_id",
  "roomName",
  "app",
  "created",
  "__v",
];

const create = async (body?: unknown) => {
  const answer = await client.metered("POST", "/room", body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

describe("Metered secretKey auth", () => {
  it("answers 400 Please specify secret key when it is missing or empty", async () => {
    for (const path of ["/rooms", "/rooms?secretKey="]) {
      const answer = await client.metered("GET", path, undefined, null);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ message: "Please specify secret key" });
    }
  });

  it("answers 401 Invalid secret key for a wrong key, on every route", async () => {
    for (const [method, path] of [
      ["GET", "/rooms"],
      ["POST", "/room"],
      ["GET", "/room/x"],
      ["PUT", "/room/x"],
      ["DELETE", "/room/x"],
    ] as const) {
      const answer = await client.metered(method, path, undefined, "wrong-key");
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: "Invalid secret key" });
    }
  });
});

describe("POST /api/v1/room (create)", () => {
  it("creates a public room with a generated name from a body-less POST, shaped like the docs' 200", async () => {
    const res = await fetch(
      `${client.url}/api/v1/room?secretKey=${client.emulator.ready.metered.secretKey}`,
      {
        method: "POST",
      },
    );
    expect(res.status).toBe(200);
    const room = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(room)).toEqual(DOCUMENTED_KEYS);
    expect(room).toMatchObject({
      privacy: "public",
      deleteOnExp: false,
      autoJoin: false,
      enableRequestToJoin: false,
      enableChat: false,
      enableScreenSharing: true,
      joinVideoOn: true,
      joinAudioOn: true,
      ownerOnlyBroadcast: false,
      enableRecording: false,
      ejectAtRoomExp: false,
      lang: "en",
      archived: false,
      __v: 0,
    });
    expect(room.roomName).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(room._id).toMatch(OBJECT_ID);
    expect(room.app).toMatch(OBJECT_ID);
    expect(room.created).toMatch(ISO_MS);
  });

  it("accepts the trailing-slash form of the official samples", async () => {
    const answer = await client.metered("POST", "/room/");
    expect(answer.status).toBe(200);
    expect(answer.body.roomName).toMatch(/^[A-Za-z0-9]{10}$/);
  });

  it("stores every documented field and returns the ones that were set", async () => {
    const body = {
      roomName: "All_Fields-1.x~y",
      privacy: "private",
      expireUnixSec: 4102444800,
      ejectAtRoomExp: true,
      notBeforeUnixSec: 1700000000,
      maxParticipants: 0,
      autoJoin: true,
      showInviteBox: false,
      enableRequestToJoin: true,
      enableChat: true,
      newChatForMeetingSession: false,
      enableScreenSharing: false,
      joinVideoOn: false,
      joinAudioOn: false,
      enableRecording: true,
      ownerOnlyBroadcast: true,
      recordRoom: true,
      ejectAfterElapsedTimeInSec: 7200,
      meetingJoinWebhook: "https://example.com/join",
      meetingLeftWebhook: "https://example.com/left",
      meetingStartedWebhook: "https://example.com/started",
      meetingEndedWebhook: "https://example.com/ended",
      endMeetingAfterNoActivityInSec: 300,
      audioOnlyRoom: false,
      enableComposition: true,
      compositionLayout: "active_speaker",
      recordComposition: true,
      enableRTMPOut: true,
      rtmpOutURL: "rtmp://a.rtmp.youtube.com/live2/stream-key",
      enableLiveStreaming: true,
      deleteOnExp: true,
    };
    const room = await create(body);
    expect(room).toMatchObject(body);
    expect(Object.keys(room)).toHaveLength(DOCUMENTED_KEYS.length + Object.keys(body).length - 12);
    expect((await client.metered("GET", `/room/${body.roomName}`)).body).toEqual(room);
  });

  it("leaves unset optional fields out and ignores unknown fields", async () => {
    const room = await create({
      roomName: "plain",
      enableWatermark: true,
      lang: "fr",
      _id: "x",
      archived: true,
    });
    expect(Object.keys(room)).toEqual(DOCUMENTED_KEYS);
    expect(room).toMatchObject({ lang: "en", archived: false });
    expect(room._id).toMatch(OBJECT_ID);
  });

  it("refuses a duplicate name with 400 'already exists'", async () => {
    await create({ roomName: "dup" });
    const answer = await client.metered("POST", "/room", { roomName: "dup" });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ success: false, message: "Room with the name dup already exists" });
    expect(answer.body.message).toMatch(/room with the name (\S+) already exist/i);
  });

  it("treats names case-sensitively", async () => {
    await create({ roomName: "Case" });
    expect((await client.metered("POST", "/room", { roomName: "case" })).status).toBe(200);
  });
});

describe("Metered validation", () => {
  // The body is exactly Metered's; the emulator names the field at fault in a header of its own.
  const invalid = (answer: { status: number; headers: Headers; body: unknown }) => ({
    status: answer.status,
    body: answer.body,
    detail: answer.headers.get("x-emulator-detail"),
  });
  const invalidAnswer = (detail: string) => ({
    status: 400,
    body: { success: false, message: "Invalid request" },
    detail,
  });
  const cases: [string, Record<string, unknown>, string][] = [
    ["privacy outside public|private", { privacy: "secret" }, "privacy must be one of public, private"],
    [
      "compositionLayout outside grid|active_speaker",
      { compositionLayout: "mosaic" },
      "compositionLayout must be one of grid, active_speaker",
    ],
    [
      "roomName with a space",
      { roomName: "my room" },
      "roomName must be URL friendly: letters, digits, - _ . ~ and no spaces",
    ],
    [
      "roomName with a slash",
      { roomName: "a/b" },
      "roomName must be URL friendly: letters, digits, - _ . ~ and no spaces",
    ],
    [
      "roomName '..'",
      { roomName: ".." },
      "roomName must be URL friendly: letters, digits, - _ . ~ and no spaces",
    ],
    [
      "empty roomName",
      { roomName: "" },
      "roomName must be URL friendly: letters, digits, - _ . ~ and no spaces",
    ],
    ["numeric roomName", { roomName: 12 }, "roomName must be a string"],
    [
      "enableRTMPOut without rtmpOutURL",
      { enableRTMPOut: true },
      "rtmpOutURL is required when enableRTMPOut is true",
    ],
    [
      "enableRTMPOut with empty rtmpOutURL",
      { enableRTMPOut: true, rtmpOutURL: "" },
      "rtmpOutURL is required when enableRTMPOut is true",
    ],
    [
      "enableRTMPOut with a blank rtmpOutURL",
      { enableRTMPOut: true, rtmpOutURL: " \t" },
      "rtmpOutURL is required when enableRTMPOut is true",
    ],
    [
      "notBefore equal to expire",
      { notBeforeUnixSec: 100, expireUnixSec: 100 },
      "notBeforeUnixSec must be before expireUnixSec",
    ],
    [
      "notBefore after expire",
      { notBeforeUnixSec: 200, expireUnixSec: 100 },
      "notBeforeUnixSec must be before expireUnixSec",
    ],
    ["negative maxParticipants", { maxParticipants: -1 }, "maxParticipants must be a non-negative integer"],
    ["fractional expireUnixSec", { expireUnixSec: 1.5 }, "expireUnixSec must be a non-negative integer"],
    [
      "string ejectAfterElapsedTimeInSec",
      { ejectAfterElapsedTimeInSec: "300" },
      "ejectAfterElapsedTimeInSec must be a non-negative integer",
    ],
    ["string boolean", { autoJoin: "true" }, "autoJoin must be a boolean"],
    ["numeric boolean", { deleteOnExp: 1 }, "deleteOnExp must be a boolean"],
    ["numeric webhook", { meetingJoinWebhook: 5 }, "meetingJoinWebhook must be a string"],
    ["object rtmpOutURL", { rtmpOutURL: {} }, "rtmpOutURL must be a string"],
  ];

  it.each(cases)("create: %s → 400 Invalid request", async (_name, body, detail) => {
    const answer = await client.metered("POST", "/room", body);
    expect(invalid(answer)).toEqual(invalidAnswer(detail));
    expect((await client.metered("GET", "/rooms")).body).toEqual([]);
  });

  it.each(cases)("update: %s → 400 Invalid request", async (_name, body, detail) => {
    const room = await create({ roomName: "target" });
    const answer = await client.metered("PUT", "/room/target", body);
    expect(invalid(answer)).toEqual(invalidAnswer(detail));
    expect((await client.metered("GET", "/room/target")).body).toEqual(room);
  });

  it("checks the cross-field rules after merging a PUT", async () => {
    await create({ roomName: "merge", expireUnixSec: 1000, enableRTMPOut: true, rtmpOutURL: "rtmp://x/key" });
    expect(
      (await client.metered("PUT", "/room/merge", { notBeforeUnixSec: 1000 })).headers.get(
        "x-emulator-detail",
      ),
    ).toBe("notBeforeUnixSec must be before expireUnixSec");
    expect(
      (await client.metered("PUT", "/room/merge", { rtmpOutURL: null })).headers.get("x-emulator-detail"),
    ).toBe("rtmpOutURL is required when enableRTMPOut is true");
    expect(
      (await client.metered("PUT", "/room/merge", { rtmpOutURL: "  " })).headers.get("x-emulator-detail"),
    ).toBe("rtmpOutURL is required when enableRTMPOut is true");
    expect((await client.metered("PUT", "/room/merge", { notBeforeUnixSec: 999 })).status).toBe(200);
    await create({ roomName: "norm" });
    expect((await client.metered("PUT", "/room/norm", { enableRTMPOut: true })).status).toBe(400);
  });

  it("answers 400 Invalid request for malformed or non-object JSON", async () => {
    for (const [raw, detail] of [
      ["{", "body is not valid JSON"],
      ["[]", "body must be a JSON object"],
      ["true", "body must be a JSON object"],
    ] as const) {
      expect(invalid(await client.metered("POST", "/room", raw))).toEqual(invalidAnswer(detail));
    }
  });
});

describe("GET /api/v1/room/<name> and /api/v1/rooms", () => {
  it("reads a room and answers 400 room not found for a missing one", async () => {
    const room = await create({ roomName: "readme" });
    expect(await client.metered("GET", "/room/readme")).toMatchObject({ status: 200, body: room });
    const missing = await client.metered("GET", "/room/nope");
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(ROOM_NOT_FOUND);
  });

  it("does not address rooms by _id", async () => {
    const room = await create();
    expect((await client.metered("GET", `/room/${room._id}`)).body).toEqual(ROOM_NOT_FOUND);
  });

  it("decodes percent-encoded names", async () => {
    await create({ roomName: "tilde~name" });
    expect((await client.metered("GET", "/room/tilde%7Ename")).status).toBe(200);
  });

  it("lists live rooms as a bare array, oldest first", async () => {
    const a = await create({ roomName: "a" });
    const b = await create({ roomName: "b" });
    await create({ roomName: "c" });
    await client.metered("DELETE", "/room/c");
    const list = await client.metered("GET", "/rooms");
    expect(list.status).toBe(200);
    expect(list.body).toEqual([a, b]);
  });
});

describe("PUT /api/v1/room/<name> (update, rename)", () => {
  it("applies the seed page's cURL body", async () => {
    await create({ roomName: "roomName" });
    const body = {
      privacy: "public",
      ejectAtRoomExp: false,
      enableRequestToJoin: true,
      joinVideoOn: false,
      joinAudioOn: false,
      recordRoom: false,
    };
    const answer = await client.metered("PUT", "/room/roomName", body);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ...body, roomName: "roomName" });
  });

  it("applies the seed page's NodeJs body: renames and keeps _id", async () => {
    const before = await create({ roomName: "roomName" });
    const body = {
      roomName: "newRoomName",
      privacy: "private",
      expireUnixSec: 7832947982,
      ejectAtRoomExp: true,
      maxParticipants: 4,
      autoJoin: true,
      enableRequestToJoin: true,
      recordRoom: true,
      deleteOnExp: true,
      ejectAfterElapsedTimeInSec: 788,
    };
    const answer = await client.metered("PUT", "/room/roomName", body);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ...body, _id: before._id, created: before.created, app: before.app });
    expect((await client.metered("GET", "/room/roomName")).body).toEqual(ROOM_NOT_FOUND);
    expect((await client.metered("GET", "/room/newRoomName")).body).toEqual(answer.body);
  });

  it("applies the seed page's Ruby, Python and Go bodies", async () => {
    const bodies = [
      '{"privacy":"public","ejectAtRoomExp":false,"enableRequestToJoin":true,"enableChat":true,"enableScreenSharing":true,"joinVideoOn":false,"joinAudioOn":false,"enableRecording":false,"audioOnlyRoom":false}',
      '{"privacy": "public", "ejectAtRoomExp": false, "enableRequestToJoin": true, "enableChat": true, "enableScreenSharing": true, "joinVideoOn": false, "joinAudioOn": false, "enableRecording": false, "audioOnlyRoom": false}',
      '\n{\n"privacy": "public",\n"ejectAtRoomExp": false,\n"enableRequestToJoin": true,\n"joinVideoOn": false,\n"joinAudioOn": false,\n"enableRecording": false\n}\n',
    ];
    await create({ roomName: "roomName" });
    for (const raw of bodies) {
      const answer = await client.metered("PUT", "/room/roomName", raw);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject(JSON.parse(raw));
    }
  });

  it("merges: omitted fields keep their values; null clears a setting (shown as null) or restores its default", async () => {
    await create({ roomName: "m", privacy: "private", maxParticipants: 5, autoJoin: true });
    const partial = await client.metered("PUT", "/room/m", { enableChat: true });
    expect(partial.body).toMatchObject({
      privacy: "private",
      maxParticipants: 5,
      autoJoin: true,
      enableChat: true,
    });
    const cleared = await client.metered("PUT", "/room/m", { maxParticipants: null, autoJoin: null });
    expect(cleared.body.maxParticipants).toBeNull();
    expect(cleared.body.autoJoin).toBe(false);
  });

  it("refuses a rename onto a taken name, allows one onto its own", async () => {
    await create({ roomName: "one" });
    await create({ roomName: "two" });
    const clash = await client.metered("PUT", "/room/one", { roomName: "two" });
    expect(clash.status).toBe(400);
    expect(clash.body).toEqual({ success: false, message: "Room with the name two already exists" });
    expect((await client.metered("PUT", "/room/one", { roomName: "one", autoJoin: true })).status).toBe(200);
  });

  it("answers 400 room not found for a missing room", async () => {
    const answer = await client.metered("PUT", "/room/ghost", { privacy: "public" });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(ROOM_NOT_FOUND);
  });
});

describe("DELETE /api/v1/room/<name> (archive)", () => {
  it("archives: 200, then room not found everywhere, the name free again", async () => {
    const room = await create({ roomName: "bye" });
    const answer = await client.metered("DELETE", "/room/bye");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ success: true, message: "Room successfully archived" });
    expect((await client.metered("GET", "/room/bye")).body).toEqual(ROOM_NOT_FOUND);
    expect((await client.metered("PUT", "/room/bye", {})).body).toEqual(ROOM_NOT_FOUND);
    const again = await client.metered("DELETE", "/room/bye");
    expect(again.status).toBe(400);
    expect(again.body).toEqual(ROOM_NOT_FOUND);

    const reborn = await create({ roomName: "bye" });
    expect(reborn._id).not.toBe(room._id);
    const all = (await client.control("GET", "/rooms")).body.metered;
    expect(all.map((r: { _id: string; archived: boolean }) => [r._id, r.archived])).toEqual([
      [room._id, true],
      [reborn._id, false],
    ]);
  });

  it("ignores a request body, even a malformed one", async () => {
    await create({ roomName: "body" });
    expect((await client.metered("DELETE", "/room/body", "{not json")).status).toBe(200);
  });
});

describe("Metered error shapes of injected faults", () => {
  it("answers a 500 with S3's documented body, other statuses with success:false", async () => {
    await create({ roomName: "kept" });
    await client.control("POST", "/faults", { status: 500, method: "DELETE", path: "/api/v1/room/" });
    await client.control("POST", "/faults", { status: 503, method: "DELETE", path: "/api/v1/room/" });
    try {
      const failed = await client.metered("DELETE", "/room/kept");
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({ eventCode: "", message: "Internal Server Error" });
      const unavailable = await client.metered("DELETE", "/room/kept");
      expect(unavailable.status).toBe(503);
      expect(unavailable.body).toEqual({ success: false, message: "Service Unavailable" });
    } finally {
      await client.control("POST", "/faults/clear");
    }
    expect((await client.metered("GET", "/room/kept")).status).toBe(200);
  });
});

describe("Metered routing", () => {
  it("answers 405 with Allow for other methods", async () => {
    for (const [method, path, allow] of [
      ["PATCH", "/room/x", "GET, PUT, DELETE"],
      ["POST", "/room/x", "GET, PUT, DELETE"],
      ["GET", "/room", "POST"],
      ["DELETE", "/rooms", "GET"],
    ] as const) {
      const answer = await client.metered(method, path, method === "GET" ? undefined : {});
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe(allow);
      expect(answer.body.success).toBe(false);
    }
  });

  it("answers 404 in the Metered shape for unknown routes", async () => {
    for (const path of ["", "/rooms/active/meetingsessions", "/room/a/b", "/token"]) {
      const answer = await client.metered("GET", path);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ success: false, message: "Not found" });
    }
  });
});
