import { z } from "zod";
import { field, fieldTable } from "../core/properties/field";
import { hmsRoomSchema } from "../hms/properties";

/** How messages name the resource and the service it manages. */
export const HMS_TEMPLATE_NAMES = { kind: "HmsTemplate", service: "100ms" } as const;

/** Characters 100ms accepts in a template name: letters, digits, space and `. _ : -` (hms-templates-api.md §4.1). */
export const HMS_TEMPLATE_NAME_CHARS = String.raw`A-Za-z0-9 ._:\-`;
// `*`: an empty name fails only `min(1)`, with its own message.
const TEMPLATE_NAME_PATTERN = new RegExp(`^[${HMS_TEMPLATE_NAME_CHARS}]*$`);

// 100ms documents no rule for role names (§4.1): a conservative one that is safe in auth tokens,
// URL paths (the role endpoints take the name in the path) and room codes.
const ROLE_NAME_PATTERN = /^[A-Za-z0-9_-]*$/; // `*`: empty fails only `min(1)`
const ROLE_NAME_RULE = 'use 1-100 letters, digits, _ and - (e.g. "host")';

/** A role name, as a `roles` key or wherever a role is named. */
const roleName = field(
  z
    .string()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters")
    .regex(ROLE_NAME_PATTERN, "may only contain letters, digits, _ and -"),
  { example: "host" },
);

/** A list of role names. */
const roleNames = z.array(roleName).optional();

/**
 * A map keyed by a name (roles, destinations): a key the rule rejects fails at `<map>.<key>` with
 * `rule`, not with a value's type.
 */
function named<V extends z.ZodType>(key: z.ZodString, value: V, what: string, rule: string) {
  return z.record(key, value, {
    error: (issue) => (issue.code === "invalid_key" ? `is not a usable ${what} name: ${rule}` : undefined),
  });
}

/** A whole number from `min` (to `max`, when given) of `unit`, with messages that say so. */
function whole(min: number, max?: number, unit?: string) {
  const of = unit ? ` ${unit}` : "";
  const range = max === undefined ? `at least ${min}${of}` : `from ${min} to ${max}${of}`;
  const n = z
    .number()
    .refine(Number.isSafeInteger, `must be a whole number${unit ? ` of ${unit}` : ""}`)
    .min(min, `must be ${range}`);
  return max === undefined ? n : n.max(max, `must be ${range}`);
}

// 100ms leaves flags that are false out of its answers (§3.2, §3.6: Go `omitempty`), so a flag
// read back as absent is false: it fulfils a desired `false`.
const unsetMeansFalse = (desired: unknown, reported: unknown) => desired === false && reported === undefined;

/** An optional boolean of the template, which 100ms omits when false. */
function flag() {
  return field(z.boolean().optional(), { satisfiedBy: unsetMeansFalse });
}

/** One simulcast layer (§3.2); the order rules across layers are in `simulcastLayers`. */
const simulcastLayer = z.strictObject({
  /** Layer id: `f` (full), `h` (half) or `q` (quarter); the first layer is `f`, then h, then q. */
  rid: z.enum(["f", "h", "q"], { error: "must be one of f, h, q" }),
  /** Factor the resolution is divided by: 1.0 to 12.0; 1.0 for the first layer, then strictly greater. */
  scaleResolutionDownBy: z.number().min(1, "must be from 1.0 to 12.0").max(12, "must be from 1.0 to 12.0"),
  /** Bitrate cap in kbps: 0 to 2000. Default 0. */
  maxBitrate: whole(0, 2000, "kbps").optional(),
  /** Frame-rate cap in frames per second: 1 to 30. */
  maxFramerate: whole(1, 30, "frames per second"),
});

const RIDS = ["f", "h", "q"];

/** Up to 3 simulcast layers: rid f first with scale 1.0, then rids in order f > h > q and scales increasing. */
const simulcastLayers = z
  .array(simulcastLayer)
  .max(3, "may hold at most 3 layers (f, h, q)")
  .superRefine((layers, ctx) => {
    // Only well-formed layers are compared; the schema reports the others.
    if (!layers.every((layer) => simulcastLayer.safeParse(layer).success)) return;
    layers.forEach((layer, i) => {
      if (i === 0) {
        if (layer.rid !== "f")
          ctx.addIssue({ code: "custom", path: [0, "rid"], message: 'must be "f" in the first layer' });
        if (layer.scaleResolutionDownBy !== 1)
          ctx.addIssue({
            code: "custom",
            path: [0, "scaleResolutionDownBy"],
            message: "must be 1.0 in the first layer",
          });
        return;
      }
      const previous = layers[i - 1]!;
      const next = RIDS[RIDS.indexOf(previous.rid) + 1];
      if (RIDS.indexOf(layer.rid) <= RIDS.indexOf(previous.rid))
        ctx.addIssue({
          code: "custom",
          path: [i, "rid"],
          message: next
            ? `must come after "${previous.rid}" in the order f, h, q, without repeats, e.g. "${next}"`
            : `cannot follow "q", the last of f, h, q: remove this layer (e.g. layers f, h, q)`,
        });
      if (layer.scaleResolutionDownBy <= previous.scaleResolutionDownBy)
        ctx.addIssue({
          code: "custom",
          path: [i, "scaleResolutionDownBy"],
          message: `must be greater than the previous layer's ${previous.scaleResolutionDownBy}, up to 12.0, e.g. ${Math.min(previous.scaleResolutionDownBy * 2, 12)}`,
        });
    });
  });

/** Simulcast for one kind of track. */
const simulcastTrack = z
  .strictObject({
    /** The layers, at most 3: `[{ rid: "f", scaleResolutionDownBy: 1, maxFramerate: 25 }, { rid: "h", ... }]`. */
    layers: simulcastLayers.optional(),
  })
  .optional();

/** A side of an HLS layer, in pixels: even, 144 to 1920 (which side is shorter is checked per layer). */
const hlsSide = whole(144, 1920, "pixels").refine((v) => v % 2 === 0, "must be an even number of pixels");

/** A layer of an HLS stream or recording (§3.4): even sizes, shorter side 144-1080, longer 192-1920. */
const hlsLayer = field(
  z
    .strictObject({
      /** Width in pixels: even, 144 to 1920 (the shorter side at most 1080, the longer at least 192). */
      width: field(hlsSide.optional(), { example: 1280 }),
      /** Height in pixels: even, 144 to 1920 (the shorter side at most 1080, the longer at least 192). */
      height: field(hlsSide.optional(), { example: 720 }),
      /** Video bitrate in kbps, at least 1. */
      videoBitrate: field(whole(1, undefined, "kbps").optional(), { example: 2000 }),
      /** Audio bitrate in kbps, at least 1. */
      audioBitrate: field(whole(1, undefined, "kbps").optional(), { example: 128 }),
    })
    .superRefine((layer, ctx) => {
      const { width, height } = layer;
      // Only sides that pass their own checks are compared: the others are reported already.
      if (!hlsSide.safeParse(width).success || !hlsSide.safeParse(height).success) return;
      const [short, long] =
        width! <= height! ? (["width", "height"] as const) : (["height", "width"] as const);
      if (layer[short]! > 1080)
        ctx.addIssue({
          code: "custom",
          path: [short],
          message:
            "is the shorter side and must be at most 1080 pixels (the longer side may be up to 1920), e.g. 720",
        });
      if (layer[long]! < 192)
        ctx.addIssue({
          code: "custom",
          path: [long],
          message: "is the longer side and must be at least 192 pixels, e.g. 256",
        });
    }),
  { example: { width: 1280, height: 720 } },
);

/** Thumbnails taken of a recording (fields from 100ms's examples; no ranges are documented). */
const thumbnails = z
  .strictObject({
    /** Takes thumbnails. Default false. */
    enabled: flag(),
    /** Thumbnail width in pixels, at least 1. */
    width: whole(1, undefined, "pixels").optional(),
    /** Thumbnail height in pixels, at least 1. */
    height: whole(1, undefined, "pixels").optional(),
    /** When to take thumbnails, in whole seconds from the start (0 or more each). */
    offsets: z.array(whole(0, undefined, "seconds")).optional(),
    /** Thumbnails per second, at least 1. */
    fps: whole(1, undefined, "frames per second").optional(),
  })
  .optional();

/** Seconds a recording's download links stay valid, at least 1 (e.g. 604800, a week). */
const presignDuration = field(whole(1, undefined, "seconds").optional(), { example: 604800 });
/** Longest a stream or recording runs, in seconds, at least 1 (e.g. 28800, 8 hours). */
const maxDuration = field(whole(1, undefined, "seconds").optional(), { example: 28800 });
/** Seconds to wait after the last peer leaves before stopping, 0 or more. */
const autoStopTimeout = field(whole(0, undefined, "seconds").optional(), { example: 60 });

// 100ms's storage object (hms-templates-api.md §3.3, hms-api.md's D-storage) is the room's
// `recordingInfo.uploadInfo` but for the secret's name: `secretKey` here, `secret` for rooms.
const roomUpload = hmsRoomSchema.shape.recordingInfo.unwrap().shape.uploadInfo.unwrap();

/** Your own bucket: the room's upload object with the template's credential names. */
const storageUpload = roomUpload.omit({ credentials: true }).extend({
  /** Access key and secret (Azure: account name and key). Always kept as a secret. */
  credentials: field(
    z
      .strictObject({
        /** Access key id (Azure: storage account name). Required. */
        key: roomUpload.shape.credentials.unwrap().shape.key,
        /** Secret access key (Azure: storage account key). Required. */
        secretKey: field(z.string().min(1, "must not be empty"), { example: "<secret access key>" }),
      })
      .optional(),
    // Reads may echo them, under `secretKey` or `secret` (§9.8): never trust an echo.
    { secret: true, writeOnly: true },
  ),
});

/** A role of the template (§3.2); its name is the key in `roles`. */
const role = z.strictObject({
  /** What peers with this role may publish, and how. Changes in place. */
  publishParams: z
    .strictObject({
      /**
       * Kinds of tracks the role may publish: any of `audio`, `video`, `screen`, `simulcast`.
       * Default (100ms's): audio, video and screen; an empty list makes a viewer-only role.
       */
      allowed: z
        .array(
          z.enum(["audio", "video", "screen", "simulcast"], {
            error: "must be one of audio, video, screen, simulcast",
          }),
        )
        .optional(),
      /** Audio publishing. */
      audio: z
        .strictObject({
          /** Bitrate in kbps: 16 to 128. Default 32. */
          bitRate: whole(16, 128, "kbps").optional(),
          /** Codec: `opus` (the only one). Default opus. */
          codec: z
            .enum(["opus"], { error: "must be opus (the only codec 100ms offers for audio)" })
            .optional(),
        })
        .optional(),
      /** Camera video publishing. */
      video: z
        .strictObject({
          /** Bitrate in kbps: 30 to 2000. Default 256. */
          bitRate: field(whole(30, 2000, "kbps").optional(), { example: 256 }),
          /** Codec: `vp8` (the only one). Default vp8. */
          codec: z.enum(["vp8"], { error: "must be vp8 (the only codec 100ms offers for video)" }).optional(),
          /** Frames per second: 1 to 30. Default 25. */
          frameRate: field(whole(1, 30, "frames per second").optional(), { example: 25 }),
          /** Width in pixels: 50 to 1920. Default 320. */
          width: field(whole(50, 1920, "pixels").optional(), { example: 320 }),
          /** Height in pixels: 50 to 1080. Default 180. */
          height: field(whole(50, 1080, "pixels").optional(), { example: 180 }),
        })
        .optional(),
      /** Screen-share publishing. */
      screen: z
        .strictObject({
          /** Bitrate in kbps: at least 500. Default 1024. */
          bitRate: field(whole(500, undefined, "kbps").optional(), { example: 1024 }),
          /** Codec: `vp8` (the only one). Default vp8. */
          codec: z
            .enum(["vp8"], { error: "must be vp8 (the only codec 100ms offers for screen share)" })
            .optional(),
          /** Frames per second: 1 to 30. Default 10. */
          frameRate: field(whole(1, 30, "frames per second").optional(), { example: 10 }),
          /** Width in pixels: 480 to 1920. Default 1280. */
          width: field(whole(480, 1920, "pixels").optional(), { example: 1280 }),
          /** Height in pixels: 270 to 1080. Default 720. */
          height: field(whole(270, 1080, "pixels").optional(), { example: 720 }),
        })
        .optional(),
      /** Simulcast (several qualities of one track); needs `simulcast` in `allowed`. */
      simulcast: z
        .strictObject({
          /** Simulcast of camera video. */
          video: simulcastTrack,
          /** Simulcast of screen share. */
          screen: simulcastTrack,
        })
        .optional(),
    })
    .optional(),
  /** What peers with this role receive. Changes in place. */
  subscribeParams: z
    .strictObject({
      /** Roles whose tracks this role receives (usually including itself); each must be in `roles`. */
      subscribeToRoles: roleNames,
      /** Total bitrate this role may receive, in kbps, 0 or more (e.g. 3200). */
      maxSubsBitRate: field(whole(0, undefined, "kbps").optional(), { example: 3200 }),
      /** Turns subscribe degradation on (drops video under packet loss); omitted: off. */
      subscribeDegradation: z
        .strictObject({
          /** Packet loss, in percent, that starts degradation: 1 to 100. Default 50. */
          packetLossThreshold: field(whole(1, 100, "percent").optional(), { example: 50 }),
          /** Seconds of loss before degrading: 1 to 10. Default 1. */
          degradeGracePeriodSeconds: whole(1, 10, "seconds").optional(),
          /** Seconds of recovery before restoring: 1 to 10. Default 4. */
          recoverGracePeriodSeconds: field(whole(1, 10, "seconds").optional(), { example: 4 }),
        })
        .optional(),
    })
    .optional(),
  /** What peers with this role may do to the session and to others. Changes in place. */
  permissions: z
    .strictObject({
      /** May end the session for everyone. Default false. */
      endRoom: flag(),
      /** May remove other peers. Default false. */
      removeOthers: flag(),
      /** May ask others to mute. Default false. */
      mute: flag(),
      /** May ask others to unmute. Default false. */
      unmute: flag(),
      /** May ask others to change role. Default false. */
      changeRole: flag(),
      /** Receives room state (peer count or list). Default false. */
      sendRoomState: flag(),
      /** May read and answer polls and quizzes. Default false. */
      pollRead: flag(),
      /** May create and change polls (implies pollRead). Default false. */
      pollWrite: flag(),
      /** May start and stop browser recording (also needed for RTMP with recording). Default true. */
      browserRecording: flag(),
      /** May start and stop RTMP streaming. Default true. */
      rtmpStreaming: flag(),
      /** May start and stop HLS streaming (and pause HLS recording, insert metadata). Default true. */
      hlsStreaming: flag(),
    })
    .optional(),
  /** Degradation priority: 1 (highest) to 5. Changes in place. */
  priority: whole(1, 5).optional(),
  /** Peers per session with this role: 0 unlimited (the default), -1 nobody, n at most n. Changes in place. */
  maxPeerCount: whole(-1).optional(),
});

/** An RTMP destination (§3.4); its name is the key in `rtmpDestinations`. */
const rtmpDestination = z.strictObject({
  /** Stream width in pixels, at least 1 (100ms documents no range). */
  width: field(whole(1, undefined, "pixels").optional(), { example: 1280 }),
  /** Stream height in pixels, at least 1 (100ms documents no range). */
  height: field(whole(1, undefined, "pixels").optional(), { example: 720 }),
  /** Longest a stream runs, in seconds, at least 1. */
  maxDuration,
  /** Up to 3 `rtmp://` or `rtmps://` ingest URLs; they carry stream keys, so they are kept as secrets. */
  rtmpUrls: field(
    z
      .array(
        field(
          z.url({
            protocol: /^rtmps?$/,
            error: "must be an rtmp:// or rtmps:// URL, e.g. rtmps://live.example.com/app/STREAM-KEY",
          }),
          { example: "rtmps://live.example.com/app/STREAM-KEY" },
        ),
      )
      .max(3, "may hold at most 3 URLs")
      .optional(),
    { secret: true },
  ),
  /** Also records the stream. Default false. */
  recordingEnabled: flag(),
  /** Seconds to wait after the last peer leaves before stopping, 0 or more. */
  autoStopTimeout,
});

/** An HLS destination (§3.4); its name is the key in `hlsDestinations`. */
const hlsDestination = z.strictObject({
  /** Longest a stream runs, in seconds, at least 1. */
  maxDuration,
  /** Stream qualities, highest first; each even-sized, shorter side 144-1080, longer side 192-1920. */
  layers: z.array(hlsLayer).optional(),
  /** Playlist kind: `event` (viewers can seek back) or `live` (a sliding window). */
  playlistType: z.enum(["event", "live"], { error: "must be one of event, live" }).optional(),
  /** Segments (2 s each) in a `live` playlist: 3 to 150. Default 5. Only with playlistType `live`. */
  numPlaylistSegments: field(whole(3, 150, "segments").optional(), { example: 5 }),
  /** Recording of the HLS stream. */
  recording: z
    .strictObject({
      /** Makes a VOD m3u8 asset. Default false. */
      hlsVod: flag(),
      /** Writes one mp4 per layer. Default false. */
      singleFilePerLayer: flag(),
      /** Uploads a zip; needs your own bucket (`settings.recording.upload`). Default false. */
      enableZipUpload: flag(),
      /** Layers to record, each one of the destination's `layers`; omitted: all. */
      layers: z.array(hlsLayer).optional(),
      /** Thumbnails of the recording. */
      thumbnails,
      /** Seconds the download links stay valid, at least 1. */
      presignDuration,
    })
    .optional(),
  /** Frames per second of the stream, at least 1 (e.g. 25). */
  videoFrameRate: field(whole(1, undefined, "frames per second").optional(), { example: 25 }),
  /** Allows inserting timed metadata into the stream. Default false. */
  enableMetadataInsertion: flag(),
  /** Serves the stream at a fixed URL. Default false. */
  enableStaticUrl: flag(),
  /** Seconds to wait after the last peer leaves before stopping, 0 or more. */
  autoStopTimeout,
});

/** A transcription (§3.4); its name is the key in `transcriptions`. */
const transcription = field(
  z.strictObject({
    /** Role whose subscriptions are transcribed; must be in `roles`. Required. */
    role: roleName,
    /** Any of `recorded` (after the call), `live` (captions for HLS viewers), `caption` (real-time captions). */
    modes: z
      .array(z.enum(["recorded", "live", "caption"], { error: "must be one of recorded, live, caption" }))
      .optional(),
    /** Output files of `recorded` mode: any of `txt`, `srt`, `json`. */
    outputModes: z
      .array(z.enum(["txt", "srt", "json"], { error: "must be one of txt, srt, json" }))
      .optional(),
    /** Words and names the transcriber should know. */
    customVocabulary: z
      .array(field(z.string().min(1, "must not be empty"), { example: "Pulumi" }))
      .optional(),
    /** A summary of the transcript. */
    summary: z
      .strictObject({
        /** Writes a summary. Default false. */
        enabled: flag(),
        /** What the call is about, to guide the summary: at most 300 characters. */
        context: field(z.string().max(300, "must be at most 300 characters").optional(), {
          example: "A weekly class on algebra",
        }),
        /** Sampling temperature: 0.1 to 1.0. Default 0.5. */
        temperature: field(
          z.number().min(0.1, "must be from 0.1 to 1.0").max(1, "must be from 0.1 to 1.0").optional(),
          { example: 0.5 },
        ),
        /** Sections of the summary, at most 6. */
        sections: z
          .array(
            z.strictObject({
              /** Section title: at most 100 characters. */
              title: field(z.string().max(100, "must be at most 100 characters").optional(), {
                example: "Action items",
              }),
              /** Layout: `bullets` or `paragraph`. */
              format: z
                .enum(["bullets", "paragraph"], { error: "must be one of bullets, paragraph" })
                .optional(),
            }),
          )
          .max(6, "may hold at most 6 sections")
          .optional(),
      })
      .optional(),
    /** Translated captions; only with `caption` in `modes`. */
    translation: z
      .strictObject({
        /** Translates captions. Default false. */
        enabled: flag(),
        /** Role name to the language its captions are translated into, e.g. `{ host: "es" }`. */
        roleLanguages: named(
          roleName,
          field(
            z
              .string()
              .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as "es" or "pt-BR"'),
            { example: "es" },
          ),
          "role",
          ROLE_NAME_RULE,
        ).optional(),
      })
      .optional(),
  }),
  { example: { role: "host", modes: ["caption"] } },
);

// 100ms documents no rule for destination names; examples use "default" or a UUID.
const destinationName = field(
  z.string().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  {
    example: "default",
  },
);
const DESTINATION_NAME_RULE = 'use 1-100 characters (e.g. "default")';

/** A recording config (§3.6). */
const recordingConfig = z.strictObject({
  /** Name of the config. Required. */
  name: field(z.string().min(1, "must not be empty"), { example: "default" }),
  /** Role whose view is recorded; must be in `roles`. Required. */
  role: roleName,
  /** Longest a recording runs, in seconds, at least 1. */
  maxDuration,
  /** Seconds the download links stay valid, at least 1. */
  presignDuration,
  /** Thumbnails of the recording. */
  thumbnails,
  /** Composite (one video of the whole room) recording. */
  compositeRecording: z
    .strictObject({
      /** Recording by a headless browser joining the room. */
      browserComposite: z
        .strictObject({
          /** Starts recording when the session starts. Default false. */
          autoStart: flag(),
          /** Seconds to wait after the last peer leaves before stopping, 0 or more. */
          autoStopTimeout,
          /** Video width in pixels, at least 1 (100ms documents no range). */
          width: field(whole(1, undefined, "pixels").optional(), { example: 1280 }),
          /** Video height in pixels, at least 1 (100ms documents no range). */
          height: field(whole(1, undefined, "pixels").optional(), { example: 720 }),
        })
        .optional(),
      /** Custom composite (SFU) recording. */
      customComposite: z
        .strictObject({
          /** Turns it on. Default false. */
          enabled: flag(),
        })
        .optional(),
    })
    .optional(),
  /** Recording of each track separately. */
  trackRecording: z
    .strictObject({
      /** Turns it on. Default false. */
      enabled: flag(),
    })
    .optional(),
  /** Recording of the stream. */
  streamRecording: z
    .strictObject({
      /** Turns it on. Default false. */
      enabled: flag(),
    })
    .optional(),
});

/**
 * The properties of an {@link HmsTemplate}, one entry each: its type and checks (zod), its docs
 * (TSDoc), and, through `field`, what 100ms does with it (hms-templates-api.md §3). Property names
 * are the API's own (camelCase).
 */
const hmsTemplateShape = {
  /**
   * Template name, unique in the workspace. Letters, digits, space and `. _ : -`; at most 200
   * characters (an assumed limit: 100ms documents no maximum). Omitted: `<logical-name>-<7 chars>`,
   * derived deterministically from project, stack and logical name. Changes in place (renames the
   * template).
   */
  name: field(
    z
      .string()
      .min(1, "must not be empty")
      .max(200, "must be at most 200 characters")
      .regex(TEMPLATE_NAME_PATTERN, "may only contain letters, digits, space and . _ : -")
      .optional(),
    { example: "Classroom template" },
  ),
  /**
   * Roles, by name. 100ms documents no rule for role names: this package takes 1-100 letters,
   * digits, `_` and `-`. A role given as `{}` gets 100ms's defaults.
   * Roles cannot be renamed: a new name is a new role. Changes in place.
   */
  roles: field(named(roleName, role, "role", ROLE_NAME_RULE).optional(), {
    example: { host: {}, guest: {} },
  }),
  /** Region, recording storage and room state of rooms on the template. Changes in place. */
  settings: z
    .strictObject({
      /** Region rooms run in: `in`, `us`, `eu` or `auto` (chosen per session). Changes in place. */
      region: z.enum(["in", "us", "eu", "auto"], { error: "must be one of in, us, eu, auto" }).optional(),
      /** Recording storage; omitted: recordings are kept by 100ms. Changes in place. */
      recording: z
        .strictObject({
          /** Your own bucket recordings are uploaded to. `credentials` is kept as a secret. */
          upload: storageUpload.optional(),
        })
        .optional(),
      /** Room state (peer count or list) sent to roles with `sendRoomState`. Changes in place. */
      roomState: z
        .strictObject({
          /** Sends room state. Default false. */
          enabled: flag(),
          /** Sends the peer list, not only the count. Default false. */
          sendPeerList: flag(),
          /** Seconds between updates: a multiple of 5 from 5 to 3600. */
          messageInterval: field(
            whole(5, 3600, "seconds")
              .refine((v) => v % 5 === 0, "must be a multiple of 5 seconds (5, 10, ... 3600)")
              .optional(),
            { example: 5 },
          ),
          /** Stops room state once a peer joins (undocumented; 100ms shows it as true). */
          stopRoomStateOnJoin: flag(),
        })
        .optional(),
    })
    .optional(),
  /**
   * Streaming and transcription destinations, each map keyed by a destination name (100ms
   * documents no rule: 1-100 characters here). Changes in place. `rtmpDestinations` is kept as a
   * secret (its URLs carry stream keys).
   */
  destinations: z
    .strictObject({
      /** RTMP destinations, by name. Kept as a secret: the URLs carry stream keys. */
      // Marked here, not only on rtmpUrls: the field table does not look inside maps.
      rtmpDestinations: field(
        named(destinationName, rtmpDestination, "destination", DESTINATION_NAME_RULE).optional(),
        {
          secret: true,
        },
      ),
      /** HLS destinations, by name. */
      hlsDestinations: named(
        destinationName,
        hlsDestination,
        "destination",
        DESTINATION_NAME_RULE,
      ).optional(),
      /** Transcriptions, by name. */
      transcriptions: named(destinationName, transcription, "destination", DESTINATION_NAME_RULE).optional(),
    })
    .optional(),
  /** Whiteboard and caption plugins. Changes in place. */
  plugins: z
    .strictObject({
      /** Whiteboard permissions. */
      whiteboard: z
        .strictObject({
          /** Roles per whiteboard permission; a role may be in several lists. Each must be in `roles`. */
          permissions: z
            .strictObject({
              /** Roles that may open, close and view the board. */
              admin: roleNames,
              /** Roles that may draw and view. */
              writer: roleNames,
              /** Roles that may only view. */
              reader: roleNames,
            })
            .optional(),
        })
        .optional(),
      /** Closed-caption plugin. */
      transcriptions: z
        .strictObject({
          /** Roles per caption permission. Each must be in `roles`. */
          permissions: z
            .strictObject({
              /** Roles that may switch closed captions on and off for the room. */
              admin: roleNames,
            })
            .optional(),
          /** Mode: `caption` (the only one). */
          mode: z.enum(["caption"], { error: "must be caption (the only mode 100ms offers)" }).optional(),
        })
        .optional(),
    })
    .optional(),
  /** Recording configs: at most one (100ms allows one per template). Changes in place. */
  recordings: z
    .array(recordingConfig)
    .max(1, "may hold at most one recording config (100ms allows one)")
    .optional(),
  /**
   * Take over an existing template with this `name` instead of failing. Default false. 100ms's
   * create silently overwrites a template of the same name, so without `adopt` the provider
   * refuses to. Only matters when the template is created; changing it later does nothing.
   */
  adopt: field(z.boolean().optional(), { api: null }),
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** The value at `keys` under `v`, undefined where an object is missing on the way. */
const at = (v: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), v);
/** The object entries of a map; anything else (a wrong type, reported by the schema) gives none. */
const entries = (v: unknown): [string, Json][] =>
  isObject(v) ? Object.entries(v).filter((e): e is [string, Json] => isObject(e[1])) : [];

type Path = (string | number)[];

/** Every role name the template refers to outside `roles`' keys, with its path. */
function roleReferences(template: Json): [Path, unknown][] {
  const refs: [Path, unknown][] = [];
  const list = (path: Path, value: unknown) => {
    if (Array.isArray(value)) for (const [i, name] of value.entries()) refs.push([[...path, i], name]);
  };
  for (const [name, r] of entries(template.roles))
    list(
      ["roles", name, "subscribeParams", "subscribeToRoles"],
      at(r, "subscribeParams", "subscribeToRoles"),
    );
  for (const [name, t] of entries(at(template, "destinations", "transcriptions")))
    refs.push([["destinations", "transcriptions", name, "role"], t.role]);
  if (Array.isArray(template.recordings))
    for (const [i, r] of template.recordings.entries()) refs.push([["recordings", i, "role"], at(r, "role")]);
  for (const kind of ["admin", "writer", "reader"])
    list(
      ["plugins", "whiteboard", "permissions", kind],
      at(template, "plugins", "whiteboard", "permissions", kind),
    );
  list(
    ["plugins", "transcriptions", "permissions", "admin"],
    at(template, "plugins", "transcriptions", "permissions", "admin"),
  );
  return refs;
}

const sameSize = (a: Json, b: Json) => a.width === b.width && a.height === b.height;

/** The rules across properties (hms-templates-api.md §7), on values of any type. */
function crossFieldRules(template: unknown, ctx: z.RefinementCtx): void {
  if (!isObject(template)) return;
  const issue = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message });

  if (isObject(template.roles)) {
    const names = Object.keys(template.roles);
    const known =
      names.length === 0
        ? "must name a role in roles, which has none: add the role to roles"
        : `must name a role in roles (${names.join(", ")}), e.g. ${JSON.stringify(names[0])}; or add the role to roles`;
    for (const [path, name] of roleReferences(template))
      if (typeof name === "string" && !names.includes(name)) issue(path, known);
  }

  const ownBucket = isObject(at(template, "settings", "recording", "upload"));
  for (const [name, hls] of entries(at(template, "destinations", "hlsDestinations"))) {
    const path = ["destinations", "hlsDestinations", name];
    // A playlistType that is no type at all is reported by the schema, not again here.
    const notLive = hls.playlistType === undefined || hls.playlistType === "event";
    if (typeof hls.numPlaylistSegments === "number" && notLive)
      issue(
        [...path, "numPlaylistSegments"],
        'only applies to live playlists: set playlistType: "live" or leave it out, e.g. numPlaylistSegments: 5 with playlistType: "live"',
      );
    if (at(hls, "recording", "enableZipUpload") === true && !ownBucket)
      issue(
        [...path, "recording", "enableZipUpload"],
        'needs your own bucket (100ms storage takes no zip uploads): set settings.recording.upload, e.g. { type: "s3", location: "school-recordings" }, or leave it out',
      );
    const recorded = at(hls, "recording", "layers");
    if (!Array.isArray(recorded)) continue;
    const own = Array.isArray(hls.layers) ? hls.layers.filter(isObject) : [];
    recorded.forEach((layer, i) => {
      if (!hlsLayer.safeParse(layer).success || own.some((o) => sameSize(o, layer as Json))) return;
      issue(
        [...path, "recording", "layers", i],
        own.length === 0
          ? "must be one of the destination's layers, and it sets none: add this one to its layers or leave it out, e.g. layers: [{ width: 1280, height: 720 }]"
          : `must be one of the destination's layers (same width and height), e.g. { width: ${own[0]!.width}, height: ${own[0]!.height} }; or add it to layers`,
      );
    });
  }

  for (const [name, t] of entries(at(template, "destinations", "transcriptions"))) {
    const modes = t.modes;
    if (isObject(t.translation) && !(Array.isArray(modes) && modes.includes("caption")))
      issue(
        ["destinations", "transcriptions", name, "translation"],
        'only works with captions: add "caption" to modes (e.g. modes: ["caption"]) or leave translation out',
      );
  }
}

export const hmsTemplateSchema = z
  .strictObject(hmsTemplateShape)
  .superRefine((template: unknown, ctx) => crossFieldRules(template, ctx), { when: () => true });

/** Checked inputs of an HmsTemplate, as the provider sees them. */
export type HmsTemplateInputs = z.infer<typeof hmsTemplateSchema>;

/** HmsTemplate properties to 100ms API fields, derived from the entries above. */
export const hmsTemplateFields = fieldTable(hmsTemplateSchema);
