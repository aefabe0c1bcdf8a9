import * as pulumi from "@pulumi/pulumi";
import type { HmsRoomArgs, MeteredRoomArgs } from "pulumi-video-rooms";

// Loaded from node_modules/pulumi-video-rooms/dist/bench/floor/, like the real providers.
import provider = require("./provider");

// The names ours seeds as undefined props (outputs, then arguments), as in provider/*/resource.ts,
// so the floor registers exactly the same input set.
const HMS_SEEDED = [
  ...["roomId", "customerId", "templateName", "createdAt", "updatedAt"],
  ...["name", "description", "templateId", "region", "recordingInfo", "size", "largeRoom"],
  ...["maxDurationSeconds", "webhook", "polls", "enabled", "adopt"],
];
const METERED_SEEDED = [
  ...["roomId", "appId", "created", "roomUrl", "roomName", "privacy", "expireUnixSec", "ejectAtRoomExp"],
  ...["notBeforeUnixSec", "maxParticipants", "autoJoin", "showInviteBox", "enableRequestToJoin"],
  ...["enableChat", "newChatForMeetingSession", "enableScreenSharing", "joinVideoOn", "joinAudioOn"],
  ...["enableRecording", "ownerOnlyBroadcast", "recordRoom", "ejectAfterElapsedTimeInSec"],
  ...["meetingJoinWebhook", "meetingLeftWebhook", "meetingStartedWebhook", "meetingEndedWebhook"],
  ...["endMeetingAfterNoActivityInSec", "audioOnlyRoom", "enableComposition", "compositionLayout"],
  ...["recordComposition", "enableRTMPOut", "rtmpOutURL", "enableLiveStreaming", "deleteOnExp", "adopt"],
];

/** Same props as ours: every seeded name, the program's args and a generated name. */
function props(name: string, args: object, seeded: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of seeded) out[key] = undefined;
  return { ...out, ...args, __autoName: `${name}-floor00` };
}

/** The floor's stand-in for HmsRoom: same inputs, same secret outputs, a do-nothing provider. */
export class FloorHmsRoom extends pulumi.dynamic.Resource {
  constructor(name: string, args: HmsRoomArgs, opts?: pulumi.CustomResourceOptions) {
    const options = { ...opts, additionalSecretOutputs: ["recordingInfo", "webhook"] };
    super(provider, name, props(name, args, HMS_SEEDED), options, "floor", "HmsRoom");
  }
}

/** The floor's stand-in for MeteredRoom. */
export class FloorMeteredRoom extends pulumi.dynamic.Resource {
  constructor(name: string, args: MeteredRoomArgs, opts?: pulumi.CustomResourceOptions) {
    const options = { ...opts, additionalSecretOutputs: ["rtmpOutURL"] };
    super(provider, name, props(name, args, METERED_SEEDED), options, "floor", "MeteredRoom");
  }
}
