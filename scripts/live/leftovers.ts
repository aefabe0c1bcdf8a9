import { LiveHttp } from "./http";
import { isTestRoomName, runStartedAt, TEST_PREFIX } from "./prefix";
import { answerOf, HmsRooms, MeteredRooms } from "./rooms";
import type { Target } from "./target";

/** A test room still live in the service: what the sweeper and the suite's cleanup remove. */
export interface LiveTestRoom {
  /** e.g. `100ms room pvr-test-...-main (id ...)`. */
  label: string;
  /** When it was made, from the API or else its run id; undefined when neither says. */
  createdAt: Date | undefined;
  /** `disable` (100ms has no delete) or `delete`. */
  verb: "disable" | "delete";
  /** Disables or deletes it through the prefix guard; throws with the API's answer. */
  remove(): Promise<void>;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(typeof value === "number" && value < 1e12 ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The rooms under `prefix` (by default every test room) that are still live: enabled 100ms rooms
 * (a disabled one is as removed as 100ms allows), Metered rooms not deleted.
 */
export async function liveTestRooms(target: Target, prefix = TEST_PREFIX): Promise<LiveTestRoom[]> {
  const ours = (name: unknown): name is string => isTestRoomName(name) && name.startsWith(prefix);
  const http = new LiveHttp(target);
  if (target.service === "hms") {
    const rooms = new HmsRooms(http);
    return (await rooms.list({ enabled: true }))
      .filter((room) => ours(room.name))
      .map((room) => ({
        label: `100ms room ${room.name} (id ${room.id})`,
        createdAt: dateOf(room.created_at) ?? runStartedAt(String(room.name)),
        verb: "disable" as const,
        async remove() {
          answerOf(await rooms.disable(String(room.id)), `disable 100ms room ${room.name}`);
        },
      }));
  }
  const rooms = new MeteredRooms(http);
  return (await rooms.list())
    .filter((room) => ours(room.roomName))
    .map((room) => ({
      label: `Metered room ${room.roomName}`,
      createdAt: dateOf(room.created) ?? runStartedAt(String(room.roomName)),
      verb: "delete" as const,
      async remove() {
        answerOf(await rooms.delete(String(room.roomName)), `delete Metered room ${room.roomName}`);
      },
    }));
}

/**
 * Removes each room in turn, carrying on past a failure so one stuck room hides no other; one line
 * per room removed (`disabled 100ms room ...`) and per failure (`could not disable ...: why`).
 */
export async function removeEach(rooms: LiveTestRoom[]): Promise<{ removed: string[]; failed: string[] }> {
  const removed: string[] = [];
  const failed: string[] = [];
  for (const room of rooms) {
    try {
      await room.remove();
      removed.push(`${room.verb}d ${room.label}`);
    } catch (err) {
      failed.push(`could not ${room.verb} ${room.label}: ${(err as Error).message}`);
    }
  }
  return { removed, failed };
}
