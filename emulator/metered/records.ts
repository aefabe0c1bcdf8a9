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
