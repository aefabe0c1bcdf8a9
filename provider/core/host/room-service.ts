import type { z } from "zod";
import type { Plain } from "../plain";
import type { FieldTable } from "../properties/field";
import type { Internal } from "../state-keys";

/** A room as the service returned it, plus outputs computed from it (ids, URLs, timestamps). */
export interface RoomView {
  id: string;
  room: Plain;
  computed: Plain;
  /**
   * Managed properties (field facts `managed`) as the provider read them through other endpoints,
   * e.g. `roomCodes`; a property left out keeps its recorded value.
   */
  own?: Plain;
}

/**
 * What one service provides to the shared provider (room-provider.ts): its schema and field
 * table, and the four API operations. Everything Pulumi-specific (check, diff, output assembly,
 * error wording, partial state) is done once, there, for every service.
 */
export interface RoomService {
  /** Resource class name, used in messages ("HmsRoom"). */
  kind: string;
  schema: z.ZodType;
  fields: FieldTable;
  /** The property that names the room ("name" / "roomName"); auto-named when not set. */
  nameProperty: string;
  /** Values the provider assumes when the program leaves them out (e.g. `enabled: true`). */
  assumed: Plain;
  /** Stack-config keys the service reads, for `configure` to capture. */
  configKeys: readonly string[];
  /** Throws a ConfigError when credentials or endpoints are missing or invalid; makes no call. */
  assertConfigured(): void;
  /**
   * Properties that changed in ways the recorded outputs and the inputs alone do not show (the
   * roles of a linked template, from an internal input): diff and update count them as changed.
   * Makes no call.
   */
  hiddenChanges?(recorded: Plain, args: Plain, internal: Internal): string[];
  /** `autoNamed`: the name is the resource's own generated one (so a room under it is ours). */
  create(args: Plain, context: { autoNamed: boolean }): Promise<RoomView>;
  /** undefined when the room no longer exists. */
  read(id: string, stored: Plain): Promise<RoomView | undefined>;
  update(id: string, stored: Plain, args: Plain, changed: string[]): Promise<RoomView>;
  delete(id: string, stored: Plain): Promise<void>;
}
