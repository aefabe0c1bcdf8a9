import type { FieldSpec, FieldTable } from "../core/dynamic/fields";
import type { MeteredRoomInputs } from "./schema";

const same = (name: string): FieldSpec => ({ api: name });

/**
 * MeteredRoom properties to Metered API fields. Metered uses the same camelCase names (seed page
 * metered-update-room.txt), so the table is the identity, kept explicit so every field is listed once.
 * Which set fields a room echoes is undocumented (metered-api.md §10.7): a field a room is read
 * without keeps its recorded value, and only an explicit null reads as cleared (see `fromApi`).
 */
export const meteredFields = {
  roomName: same("roomName"),
  privacy: same("privacy"),
  expireUnixSec: same("expireUnixSec"),
  ejectAtRoomExp: same("ejectAtRoomExp"),
  notBeforeUnixSec: same("notBeforeUnixSec"),
  maxParticipants: same("maxParticipants"),
  autoJoin: same("autoJoin"),
  showInviteBox: same("showInviteBox"),
  enableRequestToJoin: same("enableRequestToJoin"),
  enableChat: same("enableChat"),
  newChatForMeetingSession: same("newChatForMeetingSession"),
  enableScreenSharing: same("enableScreenSharing"),
  joinVideoOn: same("joinVideoOn"),
  joinAudioOn: same("joinAudioOn"),
  enableRecording: same("enableRecording"),
  ownerOnlyBroadcast: same("ownerOnlyBroadcast"),
  recordRoom: same("recordRoom"),
  ejectAfterElapsedTimeInSec: same("ejectAfterElapsedTimeInSec"),
  meetingJoinWebhook: same("meetingJoinWebhook"),
  meetingLeftWebhook: same("meetingLeftWebhook"),
  meetingStartedWebhook: same("meetingStartedWebhook"),
  meetingEndedWebhook: same("meetingEndedWebhook"),
  endMeetingAfterNoActivityInSec: same("endMeetingAfterNoActivityInSec"),
  audioOnlyRoom: same("audioOnlyRoom"),
  enableComposition: same("enableComposition"),
  compositionLayout: same("compositionLayout"),
  recordComposition: same("recordComposition"),
  enableRTMPOut: same("enableRTMPOut"),
  // The URL holds the stream key.
  rtmpOutURL: { api: "rtmpOutURL", secret: true },
  enableLiveStreaming: same("enableLiveStreaming"),
  deleteOnExp: same("deleteOnExp"),
  adopt: null,
} satisfies Record<keyof MeteredRoomInputs, FieldSpec | null> satisfies FieldTable;
