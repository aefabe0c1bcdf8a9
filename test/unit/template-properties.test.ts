import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validate } from "../../provider/core/host/check";
import { factsOf, secretProperties, secretValues } from "../../provider/core/properties/field";
import { unwrap } from "../../provider/core/properties/zod-shape";
import {
  HMS_TEMPLATE_NAME_CHARS,
  hmsTemplateFields,
  hmsTemplateSchema,
} from "../../provider/hms-template/properties";

/** A template using every part of the schema: two roles, own storage, HLS, RTMP, a transcription, plugins, a recording. */
const FULL = {
  name: "Classroom: grade 5_v1.2",
  roles: {
    teacher: {
      publishParams: {
        allowed: ["audio", "video", "screen", "simulcast"],
        audio: { bitRate: 32, codec: "opus" },
        video: { bitRate: 256, codec: "vp8", frameRate: 25, width: 320, height: 180 },
        screen: { bitRate: 1024, codec: "vp8", frameRate: 10, width: 1280, height: 720 },
        simulcast: {
          video: {
            layers: [
              { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 700, maxFramerate: 25 },
              { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 350, maxFramerate: 25 },
              { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 100, maxFramerate: 25 },
            ],
          },
          screen: {},
        },
      },
      subscribeParams: {
        subscribeToRoles: ["teacher", "student"],
        maxSubsBitRate: 3200,
        subscribeDegradation: {
          packetLossThreshold: 25,
          degradeGracePeriodSeconds: 1,
          recoverGracePeriodSeconds: 4,
        },
      },
      permissions: { endRoom: true, removeOthers: true, mute: true, changeRole: true, pollWrite: true },
      priority: 1,
      maxPeerCount: 1,
    },
    student: {
      publishParams: { allowed: ["audio", "video"] },
      subscribeParams: { subscribeToRoles: ["teacher"] },
      permissions: { pollRead: true, browserRecording: false },
      priority: 2,
      maxPeerCount: 0,
    },
  },
  settings: {
    region: "eu",
    recording: {
      upload: {
        type: "s3",
        location: "school-recordings",
        prefix: "classes/",
        options: { region: "eu-west-1" },
        credentials: { key: "AKIAEXAMPLE", secretKey: "wJalrXUtnFEMI" },
      },
    },
    roomState: { enabled: true, sendPeerList: false, messageInterval: 10, stopRoomStateOnJoin: true },
  },
  destinations: {
    rtmpDestinations: {
      youtube: {
        width: 1280,
        height: 720,
        maxDuration: 3600,
        rtmpUrls: ["rtmp://a.rtmp.youtube.com/live2/KEY-1", "rtmps://live.example.com/app/KEY-2"],
        recordingEnabled: true,
        autoStopTimeout: 60,
      },
    },
    hlsDestinations: {
      default: {
        maxDuration: 28800,
        layers: [
          { width: 1280, height: 720, videoBitrate: 2000, audioBitrate: 128 },
          { width: 480, height: 854 },
          { width: 256, height: 144 },
        ],
        playlistType: "live",
        numPlaylistSegments: 5,
        recording: {
          hlsVod: true,
          singleFilePerLayer: true,
          enableZipUpload: true,
          layers: [{ width: 1280, height: 720 }],
          thumbnails: { enabled: true, width: 320, height: 180, offsets: [2, 60], fps: 1 },
          presignDuration: 604800,
        },
        videoFrameRate: 25,
        enableMetadataInsertion: true,
        enableStaticUrl: false,
        autoStopTimeout: 60,
      },
    },
    transcriptions: {
      captions: {
        role: "teacher",
        modes: ["recorded", "caption"],
        outputModes: ["txt", "srt", "json"],
        customVocabulary: ["Pulumi", "100ms"],
        summary: {
          enabled: true,
          context: "A grade 5 algebra class",
          temperature: 0.5,
          sections: [
            { title: "Topics", format: "bullets" },
            { title: "Homework", format: "paragraph" },
          ],
        },
        translation: { enabled: true, roleLanguages: { teacher: "es", student: "pt-BR" } },
      },
    },
  },
  plugins: {
    whiteboard: { permissions: { admin: ["teacher"], writer: ["teacher"], reader: ["student"] } },
    transcriptions: { permissions: { admin: ["teacher"] }, mode: "caption" },
  },
  recordings: [
    {
      name: "default",
      role: "teacher",
      maxDuration: 7200,
      presignDuration: 86400,
      thumbnails: { enabled: false },
      compositeRecording: {
        browserComposite: { autoStart: true, autoStopTimeout: 120, width: 1280, height: 720 },
        customComposite: { enabled: false },
      },
      trackRecording: { enabled: true },
      streamRecording: { enabled: false },
    },
  ],
  adopt: true,
};

type Path = (string | number)[];

/** The full template with `value` at `path` (`undefined` deletes it). */
function withValue(path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(FULL) as Record<string, unknown>;
  let holder = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    holder[key] ??= {};
    holder = holder[key] as Record<string | number, unknown>;
  }
  const last = path.at(-1)!;
  if (value === undefined) delete holder[last];
  else holder[last] = value;
  return copy;
}

const TEACHER = ["roles", "teacher"];
const PUBLISH = [...TEACHER, "publishParams"];
const LAYERS = [...PUBLISH, "simulcast", "video", "layers"];
const DEGRADATION = [...TEACHER, "subscribeParams", "subscribeDegradation"];
const UPLOAD = ["settings", "recording", "upload"];
const ROOM_STATE = ["settings", "roomState"];
const RTMP = ["destinations", "rtmpDestinations", "youtube"];
const HLS = ["destinations", "hlsDestinations", "default"];
const TRANSCRIPTION = ["destinations", "transcriptions", "captions"];
const SUMMARY = [...TRANSCRIPTION, "summary"];
const simulcastLayer = (rid: string, scaleResolutionDownBy: number) => ({
  rid,
  scaleResolutionDownBy,
  maxFramerate: 25,
});

/** [what, path set, value, property failing, what the reason must say]. */
const CASES: [string, Path, unknown, string, RegExp][] = [
  ["name: a character 100ms refuses", ["name"], "math/5", "name", /letters, digits, space and \. _ : -/],
  ["name: empty", ["name"], "", "name", /must not be empty/],
  ["name: too long", ["name"], "a".repeat(201), "name", /at most 200 characters/],
  ["role name: a space", ["roles", "head teacher"], {}, 'roles["head teacher"]', /letters, digits, _ and -/],
  ["role: a name inside the role", [...TEACHER, "name"], "teacher", "roles.teacher.name", /unknown property/],
  ["priority above 5", [...TEACHER, "priority"], 6, "roles.teacher.priority", /from 1 to 5/],
  ["priority not whole", [...TEACHER, "priority"], 1.5, "roles.teacher.priority", /whole number/],
  ["maxPeerCount below -1", [...TEACHER, "maxPeerCount"], -2, "roles.teacher.maxPeerCount", /at least -1/],
  [
    "allowed: an unknown kind",
    [...PUBLISH, "allowed"],
    ["audio", "hologram"],
    "roles.teacher.publishParams.allowed[1]",
    /audio, video, screen, simulcast/,
  ],
  [
    "audio bitrate",
    [...PUBLISH, "audio", "bitRate"],
    8,
    "roles.teacher.publishParams.audio.bitRate",
    /16 to 128 kbps/,
  ],
  ["audio codec", [...PUBLISH, "audio", "codec"], "aac", "roles.teacher.publishParams.audio.codec", /opus/],
  [
    "video bitrate",
    [...PUBLISH, "video", "bitRate"],
    2500,
    "roles.teacher.publishParams.video.bitRate",
    /30 to 2000 kbps/,
  ],
  ["video codec", [...PUBLISH, "video", "codec"], "h264", "roles.teacher.publishParams.video.codec", /vp8/],
  [
    "video frame rate",
    [...PUBLISH, "video", "frameRate"],
    60,
    "roles.teacher.publishParams.video.frameRate",
    /1 to 30/,
  ],
  [
    "video width",
    [...PUBLISH, "video", "width"],
    40,
    "roles.teacher.publishParams.video.width",
    /50 to 1920 pixels/,
  ],
  [
    "video height",
    [...PUBLISH, "video", "height"],
    1200,
    "roles.teacher.publishParams.video.height",
    /50 to 1080 pixels/,
  ],
  [
    "screen bitrate",
    [...PUBLISH, "screen", "bitRate"],
    100,
    "roles.teacher.publishParams.screen.bitRate",
    /at least 500 kbps/,
  ],
  [
    "screen frame rate",
    [...PUBLISH, "screen", "frameRate"],
    0,
    "roles.teacher.publishParams.screen.frameRate",
    /1 to 30/,
  ],
  [
    "screen width",
    [...PUBLISH, "screen", "width"],
    400,
    "roles.teacher.publishParams.screen.width",
    /480 to 1920/,
  ],
  [
    "screen height",
    [...PUBLISH, "screen", "height"],
    200,
    "roles.teacher.publishParams.screen.height",
    /270 to 1080/,
  ],
  [
    "simulcast: 4 layers",
    LAYERS,
    [simulcastLayer("f", 1), simulcastLayer("h", 2), simulcastLayer("q", 4), simulcastLayer("q", 8)],
    "roles.teacher.publishParams.simulcast.video.layers",
    /at most 3 layers/,
  ],
  [
    "simulcast: first layer not f",
    LAYERS,
    [simulcastLayer("h", 1)],
    "roles.teacher.publishParams.simulcast.video.layers[0].rid",
    /must be "f" in the first layer/,
  ],
  [
    "simulcast: first scale not 1",
    LAYERS,
    [simulcastLayer("f", 2)],
    "roles.teacher.publishParams.simulcast.video.layers[0].scaleResolutionDownBy",
    /1\.0 in the first layer/,
  ],
  [
    "simulcast: rid repeated",
    LAYERS,
    [simulcastLayer("f", 1), simulcastLayer("f", 2)],
    "roles.teacher.publishParams.simulcast.video.layers[1].rid",
    /order f, h, q, without repeats, e\.g\. "h"/,
  ],
  [
    "simulcast: a layer after q",
    LAYERS,
    [simulcastLayer("f", 1), simulcastLayer("q", 2), simulcastLayer("h", 4)],
    "roles.teacher.publishParams.simulcast.video.layers[2].rid",
    /cannot follow "q".*remove this layer/,
  ],
  [
    "simulcast: scale not increasing",
    LAYERS,
    [simulcastLayer("f", 1), simulcastLayer("q", 1)],
    "roles.teacher.publishParams.simulcast.video.layers[1].scaleResolutionDownBy",
    /greater than the previous layer's 1, up to 12\.0, e\.g\. 2$/,
  ],
  [
    "simulcast: scale above 12",
    [...LAYERS, 2, "scaleResolutionDownBy"],
    13,
    "roles.teacher.publishParams.simulcast.video.layers[2].scaleResolutionDownBy",
    /1\.0 to 12\.0/,
  ],
  [
    "simulcast: bitrate cap",
    [...LAYERS, 0, "maxBitrate"],
    3000,
    "roles.teacher.publishParams.simulcast.video.layers[0].maxBitrate",
    /0 to 2000 kbps/,
  ],
  [
    "simulcast: frame-rate cap required",
    [...LAYERS, 0, "maxFramerate"],
    undefined,
    "roles.teacher.publishParams.simulcast.video.layers[0].maxFramerate",
    /is required/,
  ],
  [
    "maxSubsBitRate negative",
    [...TEACHER, "subscribeParams", "maxSubsBitRate"],
    -1,
    "roles.teacher.subscribeParams.maxSubsBitRate",
    /at least 0 kbps/,
  ],
  [
    "packet loss threshold",
    [...DEGRADATION, "packetLossThreshold"],
    0,
    "roles.teacher.subscribeParams.subscribeDegradation.packetLossThreshold",
    /1 to 100 percent/,
  ],
  [
    "degrade grace period",
    [...DEGRADATION, "degradeGracePeriodSeconds"],
    11,
    "roles.teacher.subscribeParams.subscribeDegradation.degradeGracePeriodSeconds",
    /1 to 10 seconds/,
  ],
  [
    "recover grace period",
    [...DEGRADATION, "recoverGracePeriodSeconds"],
    0,
    "roles.teacher.subscribeParams.subscribeDegradation.recoverGracePeriodSeconds",
    /1 to 10 seconds/,
  ],
  [
    "subscribeToRoles: a role not in roles",
    [...TEACHER, "subscribeParams", "subscribeToRoles"],
    ["teacher", "principal"],
    "roles.teacher.subscribeParams.subscribeToRoles[1]",
    /must name a role in roles \(teacher, student\).*add the role to roles/,
  ],
  ["region", ["settings", "region"], "asia", "settings.region", /in, us, eu, auto/],
  ["upload type", [...UPLOAD, "type"], "dropbox", "settings.recording.upload.type", /s3 .*azure/],
  [
    "upload location required",
    [...UPLOAD, "location"],
    undefined,
    "settings.recording.upload.location",
    /is required/,
  ],
  [
    "upload location empty",
    [...UPLOAD, "location"],
    "",
    "settings.recording.upload.location",
    /must name the bucket/,
  ],
  [
    "credentials need secretKey",
    [...UPLOAD, "credentials", "secretKey"],
    undefined,
    "settings.recording.upload.credentials.secretKey",
    /is required/,
  ],
  [
    "credentials: the rooms API's `secret`",
    [...UPLOAD, "credentials", "secret"],
    "x",
    "settings.recording.upload.credentials.secret",
    /unknown property; did you mean "secretKey"/,
  ],
  [
    "message interval not a multiple of 5",
    [...ROOM_STATE, "messageInterval"],
    7,
    "settings.roomState.messageInterval",
    /multiple of 5 seconds/,
  ],
  [
    "message interval too long",
    [...ROOM_STATE, "messageInterval"],
    3605,
    "settings.roomState.messageInterval",
    /5 to 3600 seconds/,
  ],
  [
    "message interval zero",
    [...ROOM_STATE, "messageInterval"],
    0,
    "settings.roomState.messageInterval",
    /5 to 3600 seconds/,
  ],
  [
    "deprecated recording.enabled",
    ["settings", "recording", "enabled"],
    true,
    "settings.recording.enabled",
    /unknown property/,
  ],
  [
    "rtmp: 4 URLs",
    [...RTMP, "rtmpUrls"],
    ["rtmp://a/1", "rtmp://a/2", "rtmp://a/3", "rtmp://a/4"],
    "destinations.rtmpDestinations.youtube.rtmpUrls",
    /at most 3 URLs/,
  ],
  [
    "rtmp: an https URL",
    [...RTMP, "rtmpUrls"],
    ["https://example.com/live"],
    "destinations.rtmpDestinations.youtube.rtmpUrls[0]",
    /rtmp:\/\/ or rtmps:\/\//,
  ],
  ["rtmp: width", [...RTMP, "width"], 0, "destinations.rtmpDestinations.youtube.width", /at least 1 pixels/],
  [
    "rtmp: auto-stop",
    [...RTMP, "autoStopTimeout"],
    -5,
    "destinations.rtmpDestinations.youtube.autoStopTimeout",
    /at least 0 seconds/,
  ],
  [
    "rtmp: name inside the entry",
    [...RTMP, "name"],
    "youtube",
    "destinations.rtmpDestinations.youtube.name",
    /unknown property/,
  ],
  [
    "hls: odd width",
    [...HLS, "layers", 1, "width"],
    481,
    "destinations.hlsDestinations.default.layers[1].width",
    /even/,
  ],
  [
    "hls: tiny width",
    [...HLS, "layers", 1, "width"],
    100,
    "destinations.hlsDestinations.default.layers[1].width",
    /144 to 1920/,
  ],
  [
    "hls: shorter side over 1080",
    [...HLS, "layers", 1],
    { width: 1920, height: 1200 },
    "destinations.hlsDestinations.default.layers[1].height",
    /shorter side and must be at most 1080/,
  ],
  [
    "hls: longer side under 192",
    [...HLS, "layers", 1],
    { width: 180, height: 144 },
    "destinations.hlsDestinations.default.layers[1].width",
    /longer side and must be at least 192/,
  ],
  [
    "hls: playlist type",
    [...HLS, "playlistType"],
    "vod",
    "destinations.hlsDestinations.default.playlistType",
    /event, live/,
  ],
  [
    "hls: too few segments",
    [...HLS, "numPlaylistSegments"],
    2,
    "destinations.hlsDestinations.default.numPlaylistSegments",
    /3 to 150/,
  ],
  [
    "hls: segments with an event playlist",
    [...HLS, "playlistType"],
    "event",
    "destinations.hlsDestinations.default.numPlaylistSegments",
    /playlistType: "live" or leave it out/,
  ],
  [
    "hls: segments without a playlist type",
    [...HLS, "playlistType"],
    undefined,
    "destinations.hlsDestinations.default.numPlaylistSegments",
    /playlistType: "live" or leave it out/,
  ],
  [
    "hls: zip upload without own bucket",
    ["settings", "recording"],
    undefined,
    "destinations.hlsDestinations.default.recording.enableZipUpload",
    /set settings\.recording\.upload.*or leave it out/,
  ],
  [
    "hls: recording a layer the destination lacks",
    [...HLS, "recording", "layers"],
    [{ width: 640, height: 360 }],
    "destinations.hlsDestinations.default.recording.layers[0]",
    /one of the destination's layers.*add it to layers/,
  ],
  [
    "hls: presign duration",
    [...HLS, "recording", "presignDuration"],
    0,
    "destinations.hlsDestinations.default.recording.presignDuration",
    /at least 1 seconds/,
  ],
  [
    "thumbnail offsets whole",
    [...HLS, "recording", "thumbnails", "offsets"],
    [1.5],
    "destinations.hlsDestinations.default.recording.thumbnails.offsets[0]",
    /whole number of seconds/,
  ],
  [
    "transcription: role required",
    [...TRANSCRIPTION, "role"],
    undefined,
    "destinations.transcriptions.captions.role",
    /is required/,
  ],
  [
    "transcription: a role not in roles",
    [...TRANSCRIPTION, "role"],
    "ghost",
    "destinations.transcriptions.captions.role",
    /must name a role in roles.*add the role to roles/,
  ],
  [
    "transcription: a mode",
    [...TRANSCRIPTION, "modes"],
    ["caption", "realtime"],
    "destinations.transcriptions.captions.modes[1]",
    /recorded, live, caption/,
  ],
  [
    "transcription: an output mode",
    [...TRANSCRIPTION, "outputModes"],
    ["pdf"],
    "destinations.transcriptions.captions.outputModes[0]",
    /txt, srt, json/,
  ],
  [
    "summary: context",
    [...SUMMARY, "context"],
    "a".repeat(301),
    "destinations.transcriptions.captions.summary.context",
    /at most 300/,
  ],
  [
    "summary: low temperature",
    [...SUMMARY, "temperature"],
    0.05,
    "destinations.transcriptions.captions.summary.temperature",
    /0\.1 to 1\.0/,
  ],
  [
    "summary: high temperature",
    [...SUMMARY, "temperature"],
    1.5,
    "destinations.transcriptions.captions.summary.temperature",
    /0\.1 to 1\.0/,
  ],
  [
    "summary: 7 sections",
    [...SUMMARY, "sections"],
    Array.from({ length: 7 }, (_, i) => ({ title: `s${i}` })),
    "destinations.transcriptions.captions.summary.sections",
    /at most 6 sections/,
  ],
  [
    "summary: long title",
    [...SUMMARY, "sections", 0, "title"],
    "a".repeat(101),
    "destinations.transcriptions.captions.summary.sections[0].title",
    /at most 100/,
  ],
  [
    "summary: section format",
    [...SUMMARY, "sections", 0, "format"],
    "table",
    "destinations.transcriptions.captions.summary.sections[0].format",
    /bullets, paragraph/,
  ],
  [
    "translation without captions",
    [...TRANSCRIPTION, "modes"],
    ["recorded"],
    "destinations.transcriptions.captions.translation",
    /add "caption" to modes.*or leave translation out/,
  ],
  [
    "translation: not a language code",
    [...TRANSCRIPTION, "translation", "roleLanguages", "teacher"],
    "Spanish",
    "destinations.transcriptions.captions.translation.roleLanguages.teacher",
    /language code such as "es"/,
  ],
  [
    "whiteboard: a role not in roles",
    ["plugins", "whiteboard", "permissions", "reader"],
    ["student", "parent"],
    "plugins.whiteboard.permissions.reader[1]",
    /must name a role in roles.*add the role to roles/,
  ],
  [
    "captions plugin: a role not in roles",
    ["plugins", "transcriptions", "permissions", "admin"],
    ["ghost"],
    "plugins.transcriptions.permissions.admin[0]",
    /must name a role in roles.*add the role to roles/,
  ],
  [
    "captions plugin: mode",
    ["plugins", "transcriptions", "mode"],
    "live",
    "plugins.transcriptions.mode",
    /caption/,
  ],
  [
    "recordings: two configs",
    ["recordings"],
    [FULL.recordings[0], { name: "second", role: "student" }],
    "recordings",
    /at most one recording config/,
  ],
  ["recordings: name required", ["recordings", 0, "name"], undefined, "recordings[0].name", /is required/],
  [
    "recordings: a role not in roles",
    ["recordings", 0, "role"],
    "ghost",
    "recordings[0].role",
    /must name a role in roles/,
  ],
  ["adopt", ["adopt"], "yes", "adopt", /true or false/],
  [
    "deprecated browserRecordings",
    ["destinations", "browserRecordings"],
    {},
    "destinations.browserRecordings",
    /unknown property/,
  ],
];

describe("HmsTemplate schema", () => {
  it("accepts a full template", () => {
    expect(validate(hmsTemplateSchema, FULL)).toEqual([]);
    expect(validate(hmsTemplateSchema, {})).toEqual([]);
  });

  it.each(CASES)("%s: fails at the property, saying how to fix it", (_, path, value, property, reason) => {
    const failures = validate(hmsTemplateSchema, withValue(path, value));
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0]!.reason).toMatch(reason);
  });

  it("checks role references only when the program sets roles", () => {
    const { roles: _, ...noRoles } = FULL;
    expect(validate(hmsTemplateSchema, noRoles)).toEqual([]);
    const failures = validate(hmsTemplateSchema, { ...FULL, roles: {} });
    expect(failures.every((f) => /which has none: add the role to roles/.test(f.reason))).toBe(true);
    expect(failures.map((f) => f.property)).toContain("recordings[0].role");
  });

  it("accepts template names with spaces and the documented punctuation", () => {
    expect(HMS_TEMPLATE_NAME_CHARS).toContain(" ");
    for (const name of ["Class 5", "a.b_c:d-e", "X"])
      expect(validate(hmsTemplateSchema, { name }), name).toEqual([]);
  });

  it("accepts simulcast layers that skip a rid (f, q)", () => {
    const layers = [simulcastLayer("f", 1), simulcastLayer("q", 4)];
    expect(validate(hmsTemplateSchema, withValue(LAYERS, layers))).toEqual([]);
  });
});

/** Every node of the schema: properties, list items and map values (map keys as "X"). */
function nodes(schema: unknown, path: Path = []): [Path, z.ZodType][] {
  const inner = unwrap(schema);
  const here: [Path, z.ZodType][] = path.length > 0 ? [[path, schema as z.ZodType]] : [];
  if (inner instanceof z.ZodObject)
    return [...here, ...Object.entries(inner.shape).flatMap(([k, s]) => nodes(s, [...path, k]))];
  if (inner instanceof z.ZodArray) return [...here, ...nodes(inner.element, [...path, 0])];
  if (inner instanceof z.ZodRecord) return [...here, ...nodes(inner.valueType, [...path, "X"])];
  return here;
}

describe("HmsTemplate facts", () => {
  it("gives examples that pass their own schema", () => {
    const examples = nodes(hmsTemplateSchema).filter(([, s]) => factsOf(s).example !== undefined);
    expect(examples.length).toBeGreaterThan(20);
    for (const [path, schema] of examples)
      expect(schema.safeParse(factsOf(schema).example).error?.issues, path.join(".")).toBeUndefined();
  });

  it("treats an absent flag as false for every boolean of the template", () => {
    const flags = nodes(hmsTemplateSchema).filter(
      ([path, s]) => unwrap(s) instanceof z.ZodBoolean && path.join(".") !== "adopt",
    );
    expect(flags.length).toBeGreaterThan(25);
    for (const [path, schema] of flags) {
      const { satisfiedBy } = factsOf(schema);
      expect(satisfiedBy?.(false, undefined), path.join(".")).toBe(true);
      expect(satisfiedBy?.(true, undefined), path.join(".")).toBe(false);
      expect(satisfiedBy?.(false, true), path.join(".")).toBe(false);
    }
  });

  it("marks settings and destinations as holding secrets, credentials write-only, adopt never sent", () => {
    expect(Object.keys(hmsTemplateFields)).toEqual(Object.keys(FULL));
    expect(secretProperties(hmsTemplateFields)).toEqual(["settings", "destinations"]);
    expect(hmsTemplateFields.adopt).toBeNull();
    expect(hmsTemplateFields.settings?.fields?.recording?.fields?.upload?.fields?.credentials).toMatchObject({
      api: "credentials",
      secret: true,
      writeOnly: true,
    });
    expect(secretValues(hmsTemplateFields, FULL).sort()).toEqual([
      "AKIAEXAMPLE",
      "rtmp://a.rtmp.youtube.com/live2/KEY-1",
      "rtmps://live.example.com/app/KEY-2",
      "wJalrXUtnFEMI",
    ]);
  });
});
