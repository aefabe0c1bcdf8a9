import { z } from "zod";
import { field, fieldTable } from "../core/properties/field";

/** How messages name the resource and the service it manages. */
export const METERED_NAMES = { kind: "MeteredRoom", service: "Metered" } as const;

/** URL-friendly room names: unreserved URL characters, no spaces (metered-update-room.txt). */
export const METERED_NAME_CHARS = "A-Za-z0-9._~-";
const METERED_NAME_PATTERN = new RegExp(`^[${METERED_NAME_CHARS}]+$`);

// Whole numbers are checked with a refinement, not zod's .int(): .int() aborts the parse, which
// would hide the cross-field rules' failures (preview must report every problem at once).
const seconds = (what: string) =>
  field(
    z
      .number()
      .refine(Number.isSafeInteger, `must be a whole number of ${what}`)
      .min(0, `must be 0 or more ${what}`)
      .optional(),
    { example: 3600 },
  );
const unixSeconds = field(
  z
    .number()
    .refine(Number.isSafeInteger, "must be a whole number of seconds since 1970 (Unix time)")
    .min(0, "must be a Unix time in seconds (0 or more)")
    .max(99_999_999_999, "looks like milliseconds: give Unix time in seconds")
    .optional(),
  { example: 1767225600 },
);
const webhookUrl = field(
  z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://example.com/hooks/metered" })
    .optional(),
  { example: "https://example.com/hooks/metered" },
);

/**
 * The properties of a {@link MeteredRoom}, one entry each: its type and checks (zod), its docs
 * (TSDoc, which the Args type, the outputs and the README's table carry), and, through `field`,
 * what Metered does with it. A property without `field` is sent under its own name (Metered uses
 * the same camelCase names, seed page metered-update-room.txt). Which set fields a room echoes is
 * undocumented (metered-api.md §10.7): a field a room is read without keeps its recorded value.
 */
const meteredRoomShape = {
  /**
   * Room name, part of the join URL `https://<app>.metered.live/<roomName>`: URL-friendly, no
   * spaces. Omitted: `<logical-name>-<7 chars>`, derived deterministically from project, stack and
   * logical name. Changes in place (the room is renamed and keeps its id).
   */
  roomName: field(
    z
      .string()
      .min(1, "must not be empty")
      .max(100, "must be at most 100 characters")
      .regex(METERED_NAME_PATTERN, "must be URL-friendly: letters, digits and . _ ~ - only (no spaces)")
      // URL parsers fold "." and ".." out of /room/<name>: such a room could never be addressed.
      .refine(
        (name) => name !== "." && name !== "..",
        "must not be . or .. (it cannot be addressed in a URL)",
      )
      .optional(),
    { example: "daily-standup" },
  ),
  /** `public` (anyone with the link joins) or `private` (joining needs an access token). Default `public`. In place. */
  privacy: z.enum(["public", "private"], { error: "must be public or private" }).optional(),
  /** Unix time (seconds) after which nobody can join. In place. */
  expireUnixSec: unixSeconds,
  /** Eject everyone when `expireUnixSec` is reached. In place. */
  ejectAtRoomExp: z.boolean().optional(),
  /** Unix time (seconds) before which nobody can join; must be before `expireUnixSec`. In place. */
  notBeforeUnixSec: unixSeconds,
  /** Most participants allowed in the room at once. In place. */
  maxParticipants: field(
    z.number().refine(Number.isSafeInteger, "must be a whole number").min(1, "must be at least 1").optional(),
    { example: 50 },
  ),
  /** Join the meeting automatically. In place. */
  autoJoin: z.boolean().optional(),
  /** (iframe only) Show the invite box when nobody else is in the meeting. Metered's default: true. In place. */
  showInviteBox: z.boolean().optional(),
  /** Let users without a token ask the admin to let them into a private room. In place. */
  enableRequestToJoin: z.boolean().optional(),
  /** (iframe only) Enable chat messages. In place. */
  enableChat: z.boolean().optional(),
  /** (iframe only) A new chat room per meeting session; false keeps the history across calls. Default true. In place. */
  newChatForMeetingSession: z.boolean().optional(),
  /** (iframe only) Allow screen sharing. In place. */
  enableScreenSharing: z.boolean().optional(),
  /** (iframe only) Camera on when a user joins. In place. */
  joinVideoOn: z.boolean().optional(),
  /** (iframe only) Microphone on when a user joins. In place. */
  joinAudioOn: z.boolean().optional(),
  /** Let users record the meeting. In place. */
  enableRecording: z.boolean().optional(),
  /** Only admins may share camera, microphone and screen. Default false. In place. */
  ownerOnlyBroadcast: z.boolean().optional(),
  /** Record the meeting automatically. In place. */
  recordRoom: z.boolean().optional(),
  /** Eject each user this many seconds after they joined (e.g. 7200 for two hours). In place. */
  ejectAfterElapsedTimeInSec: seconds("seconds"),
  /** URL called when a user joins. In place. */
  meetingJoinWebhook: webhookUrl,
  /** URL called when a participant leaves. In place. */
  meetingLeftWebhook: webhookUrl,
  /** URL called when a meeting session starts. In place. */
  meetingStartedWebhook: webhookUrl,
  /** URL called when a meeting ends. In place. */
  meetingEndedWebhook: webhookUrl,
  /** End the meeting after this many seconds with nobody sharing mic, camera or screen (e.g. 300). In place. */
  endMeetingAfterNoActivityInSec: seconds("seconds"),
  /** Audio only (billed at audio-only pricing). In place. */
  audioOnlyRoom: z.boolean().optional(),
  /** Composition: required for composed recording, livestreaming and RTMP out. In place. */
  enableComposition: z.boolean().optional(),
  /** Layout of the composition: `grid` or `active_speaker`. In place. */
  compositionLayout: z
    .enum(["grid", "active_speaker"], { error: "must be grid or active_speaker" })
    .optional(),
  /** Record the composition. In place. */
  recordComposition: z.boolean().optional(),
  /** Stream the meeting to an RTMP service (YouTube Live, Twitch, ...); needs `rtmpOutURL`. In place. */
  enableRTMPOut: z.boolean().optional(),
  /**
   * RTMP URL of the streaming service, stream key included; required when `enableRTMPOut` is true.
   * Always kept as a secret. In place.
   */
  rtmpOutURL: field(
    z
      .url({
        protocol: /^rtmps?$/,
        // rtmp is not a scheme URL parsers know: without this, "rtmp:/x" or "rtmp://" (no host) pass.
        hostname: /./,
        error: "must be an rtmp:// or rtmps:// URL, e.g. rtmp://a.rtmp.youtube.com/live2/<key>",
      })
      .optional(),
    // The URL holds the stream key.
    { secret: true, example: "rtmp://a.rtmp.youtube.com/live2/<stream key>" },
  ),
  /** HLS livestreaming (you get an HLS URL for the meeting). In place. */
  enableLiveStreaming: z.boolean().optional(),
  /** Delete the room when `expireUnixSec` passes. In place. */
  deleteOnExp: z.boolean().optional(),
  /**
   * Take over an existing room with this `roomName` instead of failing. Default false. Only
   * matters when the room is created; changing it later does nothing.
   */
  adopt: field(z.boolean().optional(), { api: null }),
};

export const meteredRoomSchema = z.strictObject(meteredRoomShape).superRefine(
  (room, ctx) => {
    if (room.enableRTMPOut === true && room.rtmpOutURL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rtmpOutURL"],
        message: "is required when enableRTMPOut is true",
      });
    }
    if (
      typeof room.notBeforeUnixSec === "number" &&
      typeof room.expireUnixSec === "number" &&
      room.notBeforeUnixSec >= room.expireUnixSec
    ) {
      ctx.addIssue({ code: "custom", path: ["notBeforeUnixSec"], message: "must be before expireUnixSec" });
    }
    if (room.enableComposition === false) {
      for (const needs of ["enableRTMPOut", "recordComposition", "enableLiveStreaming"] as const) {
        if (room[needs] === true) {
          ctx.addIssue({
            code: "custom",
            path: [needs],
            message: "needs enableComposition: true (Metered composes the stream)",
          });
        }
      }
    }
  },
  // Cross-field rules run even when a property failed its own check, so preview reports every
  // problem at once (each rule guards its own types; unknown values never match).
  { when: () => true },
);

/** Checked inputs of a MeteredRoom, as the provider sees them. */
export type MeteredRoomInputs = z.infer<typeof meteredRoomSchema>;

/** MeteredRoom properties to Metered API fields, derived from the entries above. */
export const meteredFields = fieldTable(meteredRoomSchema);
