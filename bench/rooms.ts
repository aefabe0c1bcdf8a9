import type { HmsRoomArgs, MeteredRoomArgs } from "pulumi-video-rooms";

/** One room of the benchmark stack: its logical name and arguments. */
export type RoomSpec =
  | { service: "hms"; name: string; args: HmsRoomArgs }
  | { service: "metered"; name: string; args: MeteredRoomArgs };

const REGIONS = ["in", "us", "eu"] as const;

/**
 * N rooms, half HmsRoom and half MeteredRoom, shaped like the demo's (examples/index.ts): classrooms
 * with region, description, session cap and size; drop-in rooms with a handful of settings. With
 * `changed`, every tenth room of each service has one property edited (a one-field update).
 */
export function roomSpecs(n: number, changed: boolean): RoomSpec[] {
  const rooms: RoomSpec[] = [];
  const hms = Math.ceil(n / 2);
  for (let i = 0; i < hms; i++) {
    const edit = changed && i % 10 === 0;
    rooms.push({
      service: "hms",
      name: `class-${i}`,
      args: {
        region: REGIONS[i % 3],
        description: edit ? `Live class ${i}, moved to the afternoon` : `Live class ${i}`,
        maxDurationSeconds: 3600,
        size: 40,
      },
    });
  }
  for (let i = 0; i < n - hms; i++) {
    const edit = changed && i % 10 === 0;
    rooms.push({
      service: "metered",
      name: `drop-in-${i}`,
      args: {
        privacy: "public",
        maxParticipants: edit ? 24 : 12,
        enableChat: true,
        enableScreenSharing: true,
        joinVideoOn: false,
        endMeetingAfterNoActivityInSec: 600,
      },
    });
  }
  return rooms;
}

/** How many rooms `roomSpecs(n, true)` edits. */
export function changedCount(n: number): number {
  const hms = Math.ceil(n / 2);
  return Math.ceil(hms / 10) + Math.ceil((n - hms) / 10);
}
