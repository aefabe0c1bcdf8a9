import type { MeteredValue } from "./records";

/** How a Metered room setting is typed on the wire. */
type FieldKind =
  | { readonly type: "boolean" }
  | { readonly type: "count" }
  | { readonly type: "string" }
  | { readonly type: "enum"; readonly values: readonly string[] };

const BOOLEAN: FieldKind = { type: "boolean" };
const COUNT: FieldKind = { type: "count" };
const STRING: FieldKind = { type: "string" };

/**
 * Every body field of the create/update pages (metered-api.md §3, metered-update-room.txt), in the
 * order set fields are appended to the room object. `roomName` is handled apart (naming rules).
 */
export const FIELDS: Readonly<Record<string, FieldKind>> = {
  privacy: { type: "enum", values: ["public", "private"] },
  deleteOnExp: BOOLEAN,
  autoJoin: BOOLEAN,
  enableRequestToJoin: BOOLEAN,
  enableChat: BOOLEAN,
  enableScreenSharing: BOOLEAN,
  joinVideoOn: BOOLEAN,
  joinAudioOn: BOOLEAN,
  ownerOnlyBroadcast: BOOLEAN,
  enableRecording: BOOLEAN,
  ejectAtRoomExp: BOOLEAN,
  expireUnixSec: COUNT,
  notBeforeUnixSec: COUNT,
  maxParticipants: COUNT,
  showInviteBox: BOOLEAN,
  newChatForMeetingSession: BOOLEAN,
  recordRoom: BOOLEAN,
  ejectAfterElapsedTimeInSec: COUNT,
  meetingJoinWebhook: STRING,
  meetingLeftWebhook: STRING,
  meetingStartedWebhook: STRING,
  meetingEndedWebhook: STRING,
  endMeetingAfterNoActivityInSec: COUNT,
  audioOnlyRoom: BOOLEAN,
  enableComposition: BOOLEAN,
  compositionLayout: { type: "enum", values: ["grid", "active_speaker"] },
  recordComposition: BOOLEAN,
  enableRTMPOut: BOOLEAN,
  rtmpOutURL: STRING,
  enableLiveStreaming: BOOLEAN,
};

/**
 * Values every room object carries even when never set, in the order of the documented 200
 * example (metered-update-room.txt; metered-api.md §9 item 3).
 */
export const DEFAULT_SETTINGS: Readonly<Record<string, MeteredValue>> = {
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
};

/** Settings whose values are secrets (the RTMP URL embeds the stream key). */
export const SECRET_FIELDS: readonly string[] = ["rtmpOutURL"];
