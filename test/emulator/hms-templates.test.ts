import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import { EmulatorClient, ISO_MS, OBJECT_ID, startTestEmulator } from "./helpers";

let client: EmulatorClient;
const dir = mkdtempSync(join(tmpdir(), "emulator-templates-"));

beforeAll(async () => {
  client = await startTestEmulator();
});
afterAll(async () => {
  await client.emulator.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await client.control("POST", "/reset");
});

const invalid = (detail: string) => ({
  code: 400,
  message: "Invalid body param",
  details: [`Invalid body param: ${detail}`],
});

const upload = {
  type: "s3",
  location: "bucket",
  prefix: "rec",
  options: { region: "eu-west-1" },
  credentials: { key: "AK", secretKey: "SK" },
};

describe("100ms seeded templates", () => {
  it("are full templates readable by id, with roles, and the ready line is unchanged", async () => {
    expect(client.emulator.ready.hms.templates).toEqual([
      { id: "6650a1b2c3d4e5f6a7b8c901", name: "emulator-default" },
      { id: "6650a1b2c3d4e5f6a7b8c902", name: "emulator-webinar" },
      { id: "6650a1b2c3d4e5f6a7b8c903", name: "emulator-classroom" },
    ]);
    const classroom = await client.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c903");
    expect(classroom.status).toBe(200);
    expect(classroom.body).toMatchObject({
      id: "6650a1b2c3d4e5f6a7b8c903",
      _id: "6650a1b2c3d4e5f6a7b8c903",
      name: "emulator-classroom",
      settings: { region: "in", recording: null, roomState: { stopRoomStateOnJoin: true }, retry: {} },
      destinations: {},
    });
    expect(Object.keys(classroom.body.roles)).toEqual(["teacher", "student"]);
    expect(classroom.body.roles.teacher.permissions.endRoom).toBe(true);
    expect(classroom.body.roles.student.permissions.endRoom).toBeUndefined();
    expect(classroom.body.customerId).toMatch(OBJECT_ID);
    expect(classroom.body.customer).toBe(classroom.body.customerId);
    const host = await client.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c901/roles/host");
    expect(host.body).toMatchObject({ name: "host", priority: 1, maxPeerCount: 0 });
  });
});

describe("100ms template create (T1)", () => {
  it("fills the documented defaults", async () => {
    const answer = await client.hms("POST", "/templates", {
      name: "my template:1",
      roles: { host: { permissions: { endRoom: true, sendRoomState: false } }, guest: {} },
    });
    expect(answer.status).toBe(200);
    const t = answer.body;
    expect(t.id).toMatch(OBJECT_ID);
    expect(t._id).toBe(t.id);
    expect(t.customer).toBe(t.customerId);
    expect(t.createdAt).toMatch(ISO_MS);
    expect(t.updatedAt).toMatch(ISO_MS);
    expect(t.roles.guest).toEqual({
      name: "guest",
      publishParams: {
        allowed: ["audio", "video", "screen"],
        audio: { bitRate: 32, codec: "opus" },
        video: { bitRate: 256, codec: "vp8", frameRate: 25, width: 320, height: 180 },
        screen: { bitRate: 1024, codec: "vp8", frameRate: 10, width: 1280, height: 720 },
      },
      subscribeParams: { subscribeToRoles: [], maxSubsBitRate: 3200 },
      permissions: { browserRecording: true, rtmpStreaming: true, hlsStreaming: true },
      priority: 1,
      maxPeerCount: 0,
    });
    // Sent false flags are echoed; unsent false flags stay absent.
    expect(t.roles.host.permissions).toEqual({
      endRoom: true,
      sendRoomState: false,
      browserRecording: true,
      rtmpStreaming: true,
      hlsStreaming: true,
    });
    expect(t.settings).toEqual({
      region: "auto",
      recording: null,
      roomState: { stopRoomStateOnJoin: true },
      retry: {},
    });
    expect(t.destinations).toEqual({});
    expect((await client.hms("GET", `/templates/${t.id}`)).body).toEqual(t);
  });

  it("generates a name when none is sent", async () => {
    const answer = await client.hms("POST", "/templates", {});
    expect(answer.status).toBe(200);
    expect(answer.body.name).toMatch(/^template-[0-9a-f-]{36}$/);
  });

  it("overwrites the template of the same name, keeping its id", async () => {
    const first = (
      await client.hms("POST", "/templates", {
        name: "upsert",
        roles: { host: {}, guest: {} },
        destinations: { rtmpDestinations: { d: { rtmpUrls: ["rtmp://a/b"] } } },
      })
    ).body;
    const second = await client.hms("POST", "/templates", { name: "upsert", roles: { viewer: {} } });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.id);
    expect(second.body.createdAt).toBe(first.createdAt);
    expect(Object.keys(second.body.roles)).toEqual(["viewer"]);
    expect(second.body.destinations).toEqual({});
    // Another case is another name.
    expect((await client.hms("POST", "/templates", { name: "UPSERT" })).body.id).not.toBe(first.id);
  });

  it("validates per the docs' ranges with 400 Invalid body param", async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: "bad/name" }, "name. Accepted characters are a-z, A-Z, 0-9, space, and . - : _"],
      [{ name: 5 }, "template.name must be a string"],
      [{ roles: [] }, "roles must be an object"],
      [{ roles: { h: { priority: 6 } } }, "roles.h.priority must be an integer from 1 to 5"],
      [
        { roles: { h: { maxPeerCount: -2 } } },
        `roles.h.maxPeerCount must be an integer from -1 to ${Number.MAX_SAFE_INTEGER}`,
      ],
      [
        { roles: { h: { publishParams: { allowed: ["audio", "smell"] } } } },
        "roles.h.publishParams.allowed must only hold audio, video, screen, simulcast",
      ],
      [
        { roles: { h: { publishParams: { audio: { bitRate: 200 } } } } },
        "roles.h.publishParams.audio.bitRate must be an integer from 16 to 128",
      ],
      [
        { roles: { h: { publishParams: { video: { codec: "h264" } } } } },
        "roles.h.publishParams.video.codec must be one of vp8",
      ],
      [
        { roles: { h: { publishParams: { screen: { height: 100 } } } } },
        "roles.h.publishParams.screen.height must be an integer from 270 to 1080",
      ],
      [
        {
          roles: {
            h: {
              publishParams: {
                simulcast: { video: { layers: [{ rid: "h", scaleResolutionDownBy: 1, maxFramerate: 25 }] } },
              },
            },
          },
        },
        "roles.h.publishParams.simulcast.video.layers[0].rid must be f",
      ],
      [
        {
          roles: {
            h: {
              publishParams: {
                simulcast: {
                  video: {
                    layers: [
                      { rid: "f", scaleResolutionDownBy: 1, maxFramerate: 25 },
                      { rid: "h", scaleResolutionDownBy: 1, maxFramerate: 25 },
                    ],
                  },
                },
              },
            },
          },
        },
        "roles.h.publishParams.simulcast.video.layers[1].scaleResolutionDownBy must be greater than the previous layer's",
      ],
      [
        { roles: { h: { subscribeParams: { subscribeDegradation: { packetLossThreshold: 0 } } } } },
        "roles.h.subscribeParams.subscribeDegradation.packetLossThreshold must be an integer from 1 to 100",
      ],
      [{ roles: { h: { permissions: { mute: "yes" } } } }, "roles.h.permissions.mute must be a boolean"],
      [{ settings: { region: "mars" } }, "settings.region must be one of in, us, eu, auto"],
      [
        { settings: { recording: { upload: { type: "ftp", location: "b" } } } },
        "settings.recording.upload.type must be one of s3, gs, oss, azure",
      ],
      [
        { settings: { recording: { upload: { type: "s3" } } } },
        "settings.recording.upload.location is required",
      ],
      [
        { settings: { recording: { upload: { type: "s3", location: "b", credentials: { key: "AK" } } } } },
        "settings.recording.upload.credentials needs key and secretKey",
      ],
      [
        { settings: { roomState: { messageInterval: 7 } } },
        "settings.roomState.messageInterval must be a multiple of 5",
      ],
      [
        { destinations: { rtmpDestinations: { d: { rtmpUrls: ["a", "b", "c", "d"] } } } },
        "destinations.rtmpDestinations.d.rtmpUrls must hold at most 3 URLs",
      ],
      [
        { destinations: { hlsDestinations: { d: { layers: [{ width: 1281, height: 720 }] } } } },
        "destinations.hlsDestinations.d.layers[0] sizes must be even",
      ],
      [
        { destinations: { hlsDestinations: { d: { playlistType: "vod" } } } },
        "destinations.hlsDestinations.d.playlistType must be one of event, live",
      ],
      [
        { destinations: { hlsDestinations: { d: { recording: { enableZipUpload: true } } } } },
        "destinations.hlsDestinations.d.recording.enableZipUpload needs settings.recording.upload",
      ],
      [
        {
          destinations: {
            hlsDestinations: {
              d: {
                layers: [{ width: 1280, height: 720 }],
                recording: { layers: [{ width: 640, height: 360 }] },
              },
            },
          },
        },
        "destinations.hlsDestinations.d.recording.layers must be a subset of destinations.hlsDestinations.d.layers",
      ],
      [{ destinations: { transcriptions: { t: {} } } }, "destinations.transcriptions.t.role is required"],
      [
        {
          destinations: {
            transcriptions: { t: { role: "h", modes: ["live"], translation: { enabled: true } } },
          },
        },
        "destinations.transcriptions.t.translation needs the caption mode",
      ],
      [
        { plugins: { transcriptions: { mode: "live" } } },
        "plugins.transcriptions.mode must be one of caption",
      ],
    ];
    for (const [body, detail] of cases) {
      const answer = await client.hms("POST", "/templates", body);
      expect({ body, answer: answer.body }).toEqual({ body, answer: invalid(detail) });
      expect(answer.status).toBe(400);
    }
    // Nothing was stored by the refused creates.
    expect((await client.hms("GET", "/templates")).body.data).toHaveLength(3);
  });

  it("accepts a complete documented-style body and keeps what it was sent", async () => {
    const layers = [
      { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 700, maxFramerate: 25 },
      { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 350, maxFramerate: 25 },
      { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 100, maxFramerate: 25 },
    ];
    const answer = await client.hms("POST", "/templates", {
      name: "full",
      roles: {
        host: {
          publishParams: { allowed: ["audio", "video", "simulcast"], simulcast: { video: { layers } } },
          subscribeParams: { subscribeToRoles: ["host"], subscribeDegradation: { packetLossThreshold: 25 } },
          priority: 2,
          maxPeerCount: -1,
        },
      },
      settings: { region: "eu", recording: { upload }, roomState: { messageInterval: 10, enabled: true } },
      destinations: {
        hlsDestinations: {
          hls: {
            playlistType: "live",
            numPlaylistSegments: 5,
            layers: [
              { width: 1280, height: 720 },
              { width: 640, height: 360 },
            ],
            recording: { layers: [{ width: 640, height: 360 }], enableZipUpload: true },
          },
        },
      },
      plugins: { whiteboard: { permissions: { admin: ["host"] } } },
    });
    expect(answer.status).toBe(200);
    const t = answer.body;
    expect(t.roles.host.publishParams.simulcast).toEqual({ video: { layers }, screen: {} });
    expect(t.roles.host.subscribeParams.subscribeDegradation).toEqual({
      packetLossThreshold: 25,
      degradeGracePeriodSeconds: 1,
      recoverGracePeriodSeconds: 4,
    });
    expect(t.roles.host.maxPeerCount).toBe(-1);
    expect(t.settings.roomState).toEqual({ messageInterval: 10, stopRoomStateOnJoin: true, enabled: true });
    expect(t.destinations.hlsDestinations.hls.name).toBe("hls");
    expect(t.plugins).toEqual({ whiteboard: { permissions: { admin: ["host"] } } });
  });

  it("answers 400 Invalid body for malformed JSON", async () => {
    const answer = await client.hms("POST", "/templates", "{nope");
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, message: "Invalid body", details: ["body is not valid JSON"] });
  });
});

describe("100ms template update (T4)", () => {
  it("overwrites every part, needs roles and settings, and keeps the name when none is sent", async () => {
    const t = (
      await client.hms("POST", "/templates", {
        name: "t4",
        roles: { host: {}, guest: {} },
        settings: { region: "in" },
        plugins: { whiteboard: {} },
      })
    ).body;
    for (const [body, missing] of [
      [{ settings: {} }, "roles"],
      [{ roles: {} }, "settings"],
    ] as const) {
      const answer = await client.hms("POST", `/templates/${t.id}`, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(invalid(`${missing} is required`));
    }
    const updated = await client.hms("POST", `/templates/${t.id}`, { roles: { guest: {} }, settings: {} });
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe("t4");
    expect(Object.keys(updated.body.roles)).toEqual(["guest"]);
    expect(updated.body.settings.region).toBe("auto");
    expect(updated.body.plugins).toBeUndefined();
    expect(updated.body.createdAt).toBe(t.createdAt);
    expect((await client.hms("GET", `/templates/${t.id}`)).body).toEqual(updated.body);
  });

  it("renames, refuses a rename onto another template's name, and 404s an unknown id", async () => {
    const t = (await client.hms("POST", "/templates", { name: "a" })).body;
    const renamed = await client.hms("POST", `/templates/${t.id}`, { name: "b", roles: {}, settings: {} });
    expect(renamed.body.name).toBe("b");
    // The old name is free again: a create with it makes a new template.
    expect((await client.hms("POST", "/templates", { name: "a" })).body.id).not.toBe(t.id);
    const clash = await client.hms("POST", `/templates/${t.id}`, {
      name: "emulator-default",
      roles: {},
      settings: {},
    });
    expect(clash.status).toBe(400);
    expect(clash.body).toEqual(invalid("name is already used by another template"));
    for (const [method, path] of [
      ["GET", "/templates/6650a1b2c3d4e5f6a7b8c9ff"],
      ["POST", "/templates/6650a1b2c3d4e5f6a7b8c9ff"],
      ["GET", "/templates/nope/settings"],
      ["GET", "/templates/nope/roles/host"],
    ] as const) {
      const answer = await client.hms(
        method,
        path,
        method === "POST" ? { roles: {}, settings: {} } : undefined,
      );
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        code: 404,
        message: "Template not found",
        details: ["Template not found"],
      });
    }
  });

  it("has no DELETE of templates", async () => {
    const answer = await client.hms("DELETE", "/templates/6650a1b2c3d4e5f6a7b8c901");
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET, POST");
  });

  it("needs a management token", async () => {
    const answer = await client.hms("GET", "/templates", undefined, null);
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe("Authentication error");
  });
});

describe("100ms template list (T3)", () => {
  it("lists newest first and pages with limit and start/last", async () => {
    const made: string[] = [];
    for (let i = 0; i < 12; i++)
      made.push((await client.hms("POST", "/templates", { name: `p${i}` })).body.id);
    const first = await client.hms("GET", "/templates");
    expect(first.status).toBe(200);
    expect(first.body.limit).toBe(10);
    expect(first.body.data.map((t: { id: string }) => t.id)).toEqual(made.slice(2).reverse());
    expect(first.body.last).toBe(made[2]);
    const second = await client.hms("GET", `/templates?start=${first.body.last}`);
    expect(second.body.data.map((t: { name: string }) => t.name)).toEqual([
      "p1",
      "p0",
      "emulator-classroom",
      "emulator-webinar",
      "emulator-default",
    ]);
    expect(second.body.last).toBe("");
    expect(second.body.data[0].roles).toBeDefined();
    expect((await client.hms("GET", "/templates?limit=500")).body.limit).toBe(100);
    expect((await client.hms("GET", "/templates?limit=x")).status).toBe(400);
    const unknown = await client.hms("GET", "/templates?start=6650a1b2c3d4e5f6a7b8c9ff");
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual(["Invalid query param: start"]);
  });
});

describe("100ms template roles (R1-R3)", () => {
  const base = "/templates/6650a1b2c3d4e5f6a7b8c902/roles";

  it("creates, replaces (defaults back), renames and deletes a role; a second delete is 404", async () => {
    const created = await client.hms("POST", `${base}/speaker`, { priority: 3, permissions: { mute: true } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "speaker", priority: 3, permissions: { mute: true } });
    expect((await client.hms("GET", `${base}/speaker`)).body).toEqual(created.body);

    const replaced = await client.hms("POST", `${base}/speaker`, { maxPeerCount: 5 });
    expect(replaced.body).toMatchObject({ priority: 1, maxPeerCount: 5 });
    expect(replaced.body.permissions.mute).toBeUndefined();

    const renamed = await client.hms("POST", `${base}/speaker`, { name: "panelist" });
    expect(renamed.body.name).toBe("panelist");
    expect((await client.hms("GET", `${base}/speaker`)).status).toBe(404);
    const clash = await client.hms("POST", `${base}/panelist`, { name: "host" });
    expect(clash.body).toEqual(invalid("name is already used by another role"));

    const invalidRole = await client.hms("POST", `${base}/panelist`, { priority: 0 });
    expect(invalidRole.body).toEqual(invalid("roles.panelist.priority must be an integer from 1 to 5"));

    const deleted = await client.hms("DELETE", `${base}/panelist`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const again = await client.hms("DELETE", `${base}/panelist`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ code: 404, message: "Role not found", details: ["Role not found"] });
    expect((await client.hms("GET", `${base}/panelist`)).status).toBe(404);
    const template = (await client.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c902")).body;
    expect(Object.keys(template.roles)).toEqual(["host", "guest"]);
  });
});

describe("100ms template settings, destinations and recordings (S, X, C)", () => {
  const base = "/templates/6650a1b2c3d4e5f6a7b8c901";

  it("reads and replaces settings, filling defaults", async () => {
    expect((await client.hms("GET", `${base}/settings`)).body).toEqual({
      region: "us",
      recording: null,
      roomState: { stopRoomStateOnJoin: true },
      retry: {},
    });
    const updated = await client.hms("POST", `${base}/settings`, { region: "eu", recording: { upload } });
    expect(updated.status).toBe(200);
    expect(updated.body.region).toBe("eu");
    expect(updated.body.retry).toEqual({});
    expect(updated.body.roomState).toEqual({ stopRoomStateOnJoin: true });
    expect((await client.hms("GET", `${base}/settings`)).body).toEqual(updated.body);
    const bad = await client.hms("POST", `${base}/settings`, { region: "mars" });
    expect(bad.body).toEqual(invalid("settings.region must be one of in, us, eu, auto"));
  });

  it("reads and replaces destinations", async () => {
    expect((await client.hms("GET", `${base}/destinations`)).body).toEqual({});
    const body = {
      rtmpDestinations: { main: { name: "main", rtmpUrls: ["rtmp://x/key"], maxDuration: 1800 } },
    };
    const updated = await client.hms("POST", `${base}/destinations`, body);
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual(body);
    expect((await client.hms("GET", base)).body.destinations).toEqual(body);
    const bad = await client.hms("POST", `${base}/destinations`, {
      hlsDestinations: { h: { numPlaylistSegments: 2 } },
    });
    expect(bad.body).toEqual(
      invalid("destinations.hlsDestinations.h.numPlaylistSegments must be an integer from 3 to 150"),
    );
  });

  it("configures recordings: exactly one config whose role exists; false flags are dropped", async () => {
    expect((await client.hms("GET", `${base}/recordings`)).body).toEqual([]);
    const config = {
      name: "default",
      role: "host",
      compositeRecording: { browserComposite: { autoStart: false, width: 1280 } },
      trackRecording: { enabled: false },
    };
    const set = await client.hms("POST", `${base}/recordings`, [config]);
    expect(set.status).toBe(200);
    const shown = [
      {
        name: "default",
        role: "host",
        compositeRecording: { browserComposite: { width: 1280 } },
        trackRecording: {},
      },
    ];
    expect(set.body).toEqual(shown);
    expect((await client.hms("GET", `${base}/recordings`)).body).toEqual(shown);
    for (const [body, detail] of [
      [[], "recordings must be an array of exactly one config"],
      [[config, config], "recordings must be an array of exactly one config"],
      [{ name: "x" }, "recordings must be an array of exactly one config"],
      [[{ role: "host" }], "recordings[0].name is required"],
      [[{ name: "d" }], "recordings[0].role is required"],
      [[{ name: "d", role: "ghost" }], "recordings[0].role ghost is not a role of the template"],
    ] as const) {
      const answer = await client.hms("POST", `${base}/recordings`, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(invalid(detail));
    }
  });
});

describe("100ms rooms on templates made through the API", () => {
  it("accept the template's id and show its current name and region", async () => {
    const t = (await client.hms("POST", "/templates", { name: "room-tpl", settings: { region: "eu" } })).body;
    const room = await client.hms("POST", "/rooms", { name: "on-api-template", template_id: t.id });
    expect(room.status).toBe(200);
    expect(room.body).toMatchObject({ template_id: t.id, template: "room-tpl", region: "eu" });
    await client.hms("POST", `/templates/${t.id}`, {
      name: "renamed-tpl",
      roles: {},
      settings: { region: "in" },
    });
    expect((await client.hms("GET", `/rooms/${room.body.id}`)).body).toMatchObject({
      template: "renamed-tpl",
      region: "in",
    });
    const unknown = await client.hms("POST", "/rooms", { template_id: "6650a1b2c3d4e5f6a7b8c9ff" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("Error: template not found");
  });

  it("seeded template renames show on rooms too, and reset restores the seeds", async () => {
    const room = (await client.hms("POST", "/rooms", { name: "seeded" })).body;
    expect(room.template).toBe("emulator-default");
    await client.hms("POST", "/templates/6650a1b2c3d4e5f6a7b8c901", {
      name: "other",
      roles: {},
      settings: {},
    });
    expect((await client.hms("GET", `/rooms/${room.id}`)).body.template).toBe("other");
    await client.control("POST", "/reset");
    expect((await client.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c901")).body.name).toBe(
      "emulator-default",
    );
  });
});

describe("storage credentials on template reads (hmsTemplateCredentials)", () => {
  const credentialsOf = (body: { settings: { recording: { upload: { credentials?: unknown } } } }) =>
    body.settings.recording.upload.credentials;

  for (const [mode, expected] of [
    ["secret", { key: "AK", secret: "SK" }],
    ["secretKey", { key: "AK", secretKey: "SK" }],
    ["omit", undefined],
  ] as const) {
    it(`${mode}: create, get, list and settings show ${JSON.stringify(expected)}`, async () => {
      const emulator = new EmulatorClient(await startEmulator({ port: 0, hmsTemplateCredentials: mode }));
      try {
        const created = await emulator.hms("POST", "/templates", {
          name: "creds",
          settings: { recording: { upload } },
        });
        expect(credentialsOf(created.body)).toEqual(expected);
        expect(created.body.settings.recording.upload.location).toBe("bucket");
        expect(credentialsOf((await emulator.hms("GET", `/templates/${created.body.id}`)).body)).toEqual(
          expected,
        );
        const listed = (await emulator.hms("GET", "/templates")).body.data[0];
        expect(credentialsOf(listed)).toEqual(expected);
        const settings = (await emulator.hms("GET", `/templates/${created.body.id}/settings`)).body;
        expect(settings.recording.upload.credentials).toEqual(expected);
      } finally {
        await emulator.emulator.close();
      }
    });
  }

  it("defaults to secret and refuses an unknown mode", async () => {
    const emulator = new EmulatorClient(await startEmulator({ port: 0 }));
    const created = await emulator.hms("POST", "/templates", {
      settings: { recording: { upload: { ...upload, credentials: { key: "AK", secret: "S2" } } } },
    });
    expect(credentialsOf(created.body)).toEqual({ key: "AK", secret: "S2" });
    await emulator.emulator.close();
    await expect(startEmulator({ port: 0, hmsTemplateCredentials: "plain" })).rejects.toThrow(
      "hmsTemplateCredentials must be one of secret, secretKey, omit, not plain",
    );
  });
});

describe("templates in the state file", () => {
  it("survive a restart with the same file, changes to the seeds included", async () => {
    const statePath = join(dir, "templates.json");
    const first = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    const made = (await first.hms("POST", "/templates", { name: "kept", roles: { host: {} } })).body;
    await first.hms("POST", "/templates/6650a1b2c3d4e5f6a7b8c903/roles/assistant", {});
    await first.hms("POST", `/templates/6650a1b2c3d4e5f6a7b8c903/recordings`, [
      { name: "d", role: "teacher" },
    ]);
    await first.emulator.close();
    expect(Object.keys(JSON.parse(readFileSync(statePath, "utf8")))).toContain("hms:templates");

    const second = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    expect((await second.hms("GET", `/templates/${made.id}`)).body).toEqual(made);
    const classroom = (await second.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c903")).body;
    expect(Object.keys(classroom.roles)).toEqual(["teacher", "student", "assistant"]);
    expect((await second.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c903/recordings")).body).toEqual([
      { name: "d", role: "teacher" },
    ]);
    // Still found by name: a create with it overwrites.
    expect((await second.hms("POST", "/templates", { name: "kept" })).body.id).toBe(made.id);
    await second.emulator.close();
  });

  it("a file from before templates existed loads with the seeded templates", async () => {
    const statePath = join(dir, "old.json");
    writeFileSync(statePath, JSON.stringify({ format: "video-rooms-emulator/1", hms: [], metered: [] }));
    const emulator = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    const list = (await emulator.hms("GET", "/templates")).body.data;
    expect(list.map((t: { name: string }) => t.name)).toEqual([
      "emulator-classroom",
      "emulator-webinar",
      "emulator-default",
    ]);
    await emulator.emulator.close();
  });

  it("a malformed saved template is refused", async () => {
    const statePath = join(dir, "bad-template.json");
    const seeded = (await client.hms("GET", "/templates/6650a1b2c3d4e5f6a7b8c901")).body;
    // A template as saved, but with its recording configs not an array.
    const text = JSON.stringify({
      format: "video-rooms-emulator/1",
      hms: [],
      metered: [],
      "hms:templates": [{ ...seeded, recordings: {} }],
    });
    writeFileSync(statePath, text);
    await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(
      "is not a video-rooms-emulator/1 state file",
    );
    expect(readFileSync(statePath, "utf8")).toBe(text);
  });
});
