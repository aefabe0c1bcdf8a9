import { isPlainObject } from "../http/body";
import { RoomTable } from "../room-table";

/** A value of a Metered room setting. */
export type MeteredValue = string | number | boolean;

/**
 * A stored Metered room, as the state file holds it. `settings` holds only fields that were set;
 * the view adds the defaults. A field without a default that was cleared with `null` stays as
 * `null`, as a document store keeps a field set to null, and the room object shows it so.
 */
export interface MeteredRoomRecord {
  id: string;
  roomName: string;
  created: string;
  archived: boolean;
  settings: Record<string, MeteredValue | null>;
}

/** The Metered rooms: only live (non-archived) ones are found by name, which is case-sensitive (it is a URL path). */
export function meteredRoomTable(): RoomTable<MeteredRoomRecord> {
  return new RoomTable<MeteredRoomRecord>({ nameOf: (room) => (room.archived ? undefined : room.roomName) });
}

/** True when `value` looks like a saved {@link MeteredRoomRecord} (the state file check). */
export function isSavedMeteredRoom(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    typeof value.id === "string" &&
    typeof value.roomName === "string" &&
    typeof value.archived === "boolean" &&
    isPlainObject(value.settings)
  );
}
