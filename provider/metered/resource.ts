import * as pulumi from "@pulumi/pulumi";
import { secretProperties } from "../core/dynamic/fields";
import { hasType, roomOptions, roomProps, withSecrets } from "../core/dynamic/resource";
import type { InputsOf } from "../core/dynamic/types";
import { meteredFields } from "./fields";
import { METERED_NAME_CHARS, type MeteredRoomInputs } from "./schema";

/** Arguments of a {@link MeteredRoom}. Every property changes in place, `roomName` included. */
export type MeteredRoomArgs = InputsOf<MeteredRoomInputs>;

// The provider module's exports object itself, so the SDK serializes it as a `require` of the
// installed module (and caches that text once for every MeteredRoom).
import provider = require("./provider");

const SECRET = secretProperties(meteredFields);
const OUTPUTS = ["roomId", "appId", "created", "roomUrl"] as const;
const ARG_NAMES = Object.keys(meteredFields) as (keyof MeteredRoomArgs)[];

/** Characters not allowed in a generated Metered room name (URL-friendly, no spaces). */
const DISALLOWED = new RegExp(`[^${METERED_NAME_CHARS}]`, "g");

type Out<K extends keyof MeteredRoomInputs> = pulumi.Output<MeteredRoomInputs[K]>;

/**
 * A Metered meeting room (https://www.metered.ca/docs/rest-api/update-room-api).
 *
 * Every property changes in place, including `roomName` (the room keeps its id). Credentials come
 * from stack config (`metered:appName`, `metered:secretKey`) or `METERED_*` environment variables.
 *
 * @example
 * ```ts
 * const webinar = new MeteredRoom("webinar", { privacy: "private", enableChat: true });
 * export const joinUrl = webinar.roomUrl;
 * ```
 */
export class MeteredRoom extends pulumi.dynamic.Resource {
  /** The type token (the engine sets it on every instance as `__pulumiType`). */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/metered:Room";

  /** Metered's id of the room (`_id`); also the resource id, stable across renames. */
  declare readonly roomId: pulumi.Output<string>;
  /** Id of the Metered app the room belongs to. */
  declare readonly appId: pulumi.Output<string>;
  /** When Metered created the room (ISO 8601). */
  declare readonly created: pulumi.Output<string>;
  /** Join URL: `https://<app>.metered.live/<roomName>`. */
  declare readonly roomUrl: pulumi.Output<string>;
  /** The room name (the generated one when `roomName` was not set). */
  declare readonly roomName: pulumi.Output<string>;
  /** `public` or `private`. */
  declare readonly privacy: Out<"privacy">;
  /** Unix time after which nobody can join. */
  declare readonly expireUnixSec: Out<"expireUnixSec">;
  /** Unix time before which nobody can join. */
  declare readonly notBeforeUnixSec: Out<"notBeforeUnixSec">;
  /** Most participants at once. */
  declare readonly maxParticipants: Out<"maxParticipants">;
  /** Chat enabled. */
  declare readonly enableChat: Out<"enableChat">;
  /** Screen sharing allowed. */
  declare readonly enableScreenSharing: Out<"enableScreenSharing">;
  /** Recording by users allowed. */
  declare readonly enableRecording: Out<"enableRecording">;
  /** RTMP out enabled. */
  declare readonly enableRTMPOut: Out<"enableRTMPOut">;
  /** RTMP URL (secret: it holds the stream key). */
  declare readonly rtmpOutURL: Out<"rtmpOutURL">;
  /** Everyone is ejected when `expireUnixSec` is reached. */
  declare readonly ejectAtRoomExp: Out<"ejectAtRoomExp">;
  /** Users join the meeting automatically. */
  declare readonly autoJoin: Out<"autoJoin">;
  /** (iframe) The invite box shows when nobody else is in the meeting. */
  declare readonly showInviteBox: Out<"showInviteBox">;
  /** Users without a token may ask to join a private room. */
  declare readonly enableRequestToJoin: Out<"enableRequestToJoin">;
  /** (iframe) A new chat room per meeting session. */
  declare readonly newChatForMeetingSession: Out<"newChatForMeetingSession">;
  /** (iframe) Camera on when a user joins. */
  declare readonly joinVideoOn: Out<"joinVideoOn">;
  /** (iframe) Microphone on when a user joins. */
  declare readonly joinAudioOn: Out<"joinAudioOn">;
  /** Only admins may share camera, microphone and screen. */
  declare readonly ownerOnlyBroadcast: Out<"ownerOnlyBroadcast">;
  /** The meeting is recorded automatically. */
  declare readonly recordRoom: Out<"recordRoom">;
  /** Seconds after joining at which each user is ejected. */
  declare readonly ejectAfterElapsedTimeInSec: Out<"ejectAfterElapsedTimeInSec">;
  /** URL called when a user joins. */
  declare readonly meetingJoinWebhook: Out<"meetingJoinWebhook">;
  /** URL called when a participant leaves. */
  declare readonly meetingLeftWebhook: Out<"meetingLeftWebhook">;
  /** URL called when a meeting session starts. */
  declare readonly meetingStartedWebhook: Out<"meetingStartedWebhook">;
  /** URL called when a meeting ends. */
  declare readonly meetingEndedWebhook: Out<"meetingEndedWebhook">;
  /** Seconds without anyone sharing mic, camera or screen after which the meeting ends. */
  declare readonly endMeetingAfterNoActivityInSec: Out<"endMeetingAfterNoActivityInSec">;
  /** Audio only. */
  declare readonly audioOnlyRoom: Out<"audioOnlyRoom">;
  /** Composition enabled (needed for composed recording, livestreaming and RTMP out). */
  declare readonly enableComposition: Out<"enableComposition">;
  /** Layout of the composition: `grid` or `active_speaker`. */
  declare readonly compositionLayout: Out<"compositionLayout">;
  /** The composition is recorded. */
  declare readonly recordComposition: Out<"recordComposition">;
  /** HLS livestreaming enabled. */
  declare readonly enableLiveStreaming: Out<"enableLiveStreaming">;
  /** The room is deleted when `expireUnixSec` passes. */
  declare readonly deleteOnExp: Out<"deleteOnExp">;

  /** Whether the given object is a MeteredRoom (works across copies of this package). */
  static override isInstance(obj: unknown): obj is MeteredRoom {
    return hasType(obj, MeteredRoom.__pulumiType);
  }

  /**
   * Reads an existing room into the program without managing it (`pulumi refresh` keeps it
   * current; destroy never touches it). To bring an existing room under management, use
   * `adopt: true` instead: `pulumi import` cannot work for dynamic resources.
   *
   * @param name Logical name of the read-only reference.
   * @param id The room id (Metered `_id`).
   * @param opts Resource options.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): MeteredRoom {
    return new MeteredRoom(name, {}, { ...opts, id });
  }

  /**
   * @param name Logical name; also the base of the generated room name when `args.roomName` is not set.
   * @param args The room's properties.
   * @param opts Resource options (`protect`, `ignoreChanges`, `retainOnDelete`, ... behave as usual).
   */
  constructor(name: string, args: MeteredRoomArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of ARG_NAMES) if (args[key] !== undefined) props[key] = args[key];
    // The RTMP URL carries the stream key: secret in state even when passed as a plain string.
    super(
      provider,
      name,
      roomProps(name, withSecrets(props, SECRET), [...OUTPUTS, ...ARG_NAMES], DISALLOWED),
      roomOptions(opts, SECRET),
      "metered",
      "Room",
    );
  }
}
