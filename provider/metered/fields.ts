import type { FieldSpec, FieldTable } from "../core/dynamic/fields";
import type { MeteredRoomInputs } from "./schema";

// Metered leaves unset fields out of a room and returns the ones that are set (metered-api.md §3).
const same = (name: string): FieldSpec => ({ api: name, absentMeansCleared: true });
// Fields the docs' room examples never show, even where the request set them: their echo is unknown.
const unechoed = (name: string): FieldSpec => ({ api: name });

/**
 * MeteredRoom properties to Metered API fields. Metered uses the same camelCase names (seed page
 * metered-update-room.txt), so the table is the identity, kept explicit so every field is listed once.
 */
export const meteredFields = {
  roomName: same("roomName"),
  privacy: same("privacy"),
  expireUnixSec: same("expireUnixSec"),
  ejectAtRoomExp: same("ejectAtRoomExp"),
  notBeforeUnixSec: same("notBeforeUnixSec"),
  maxParticipants: same("maxParticipants"),
  autoJoin: same("autoJoin"),
  showInviteBox: unechoed("showInviteBox"),
  enableRequestToJoin: same("enableRequestToJoin"),
  enableChat: same("enableChat"),
  newChatForMeetingSession: unechoed("newChatForMeetingSession"),
  enableScreenSharing: same("enableScreenSharing"),
  joinVideoOn: same("joinVideoOn"),
  joinAudioOn: same("joinAudioOn"),
  enableRecording: same("enableRecording"),
  ownerOnlyBroadcast: same("ownerOnlyBroadcast"),
  recordRoom: unechoed("recordRoom"),
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
  // Whether GET returns it is undocumented (metered-api.md §10.7); what the program set is kept.
  rtmpOutURL: unechoed("rtmpOutURL"),
  enableLiveStreaming: same("enableLiveStreaming"),
  deleteOnExp: same("deleteOnExp"),
  adopt: null,
} satisfies Record<keyof MeteredRoomInputs, FieldSpec | null> satisfies FieldTable;
