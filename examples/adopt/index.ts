// Bring rooms that already exist (made in a dashboard or by an old script) under Pulumi.
//
// Why not `pulumi import`? These rooms are dynamic resources: their provider is code that Pulumi
// stores in each resource's state. An import (`pulumi import`, or the `import` resource option)
// hands the provider no state, so the engine has no code to read the room with, and the import
// fails. (`HmsRoom.get(name, id)` works, but only reads a room; it never manages it.)
// `adopt: true` does the import's job from inside the provider: on
// the first `pulumi up` it finds the room by name and takes it over (same room, same id, nothing
// created), then applies the properties declared here. Properties you leave out keep the room's
// current values.
//
//   pulumi config set hmsRoomName all-hands       # the existing 100ms room's name
//   pulumi config set meteredRoomName standup     # the existing Metered room's name
import * as pulumi from "@pulumi/pulumi";
import { HmsRoom, MeteredRoom } from "pulumi-video-rooms";

export = async () => {
  const config = new pulumi.Config();

  // Without `adopt: true`, an `up` finding an enabled room with this name stops with an error
  // instead of silently reconfiguring a room someone else may own.
  const allHands = new HmsRoom(
    "all-hands",
    { name: config.require("hmsRoomName"), adopt: true, maxDurationSeconds: 4 * 3600 },
    // While you are trying Pulumi out on a live room: `pulumi destroy` (or deleting this resource)
    // then only stops managing the room, instead of disabling it.
    { retainOnDelete: true },
  );

  const standup = new MeteredRoom(
    "standup",
    { roomName: config.require("meteredRoomName"), adopt: true, enableChat: true },
    { retainOnDelete: true },
  );

  return { allHandsRoomId: allHands.roomId, standupUrl: standup.roomUrl };
};
