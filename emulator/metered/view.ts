import type { EmulatorConfig } from "../config";
import { REDACTED } from "../redaction";
import type { MeteredRoomRecord } from "../state";
import { DEFAULTS, FIELDS, SECRET_FIELDS } from "./fields";

/**
 * The room object as the API returns it (metered-api.md §4): the defaults with their current values,
 * `lang`, `archived`, the ids and `created`, then every other field that was set.
 */
export function meteredRoomView(room: MeteredRoomRecord, config: EmulatorConfig): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(DEFAULTS)) view[field] = room.settings[field] ?? value;
  Object.assign(view, {
    lang: "en",
    archived: room.archived,
    _id: room.id,
    roomName: room.roomName,
    app: config.meteredAppId,
    created: room.created,
    __v: 0,
  });
  for (const field of Object.keys(FIELDS)) {
    const value = room.settings[field];
    if (value !== undefined && !Object.hasOwn(DEFAULTS, field)) view[field] = value;
  }
  return view;
}

/** {@link meteredRoomView} with secret settings replaced by {@link REDACTED}. */
export function meteredRedactedView(
  room: MeteredRoomRecord,
  config: EmulatorConfig,
): Record<string, unknown> {
  const view = meteredRoomView(room, config);
  for (const field of SECRET_FIELDS) if (view[field] !== undefined) view[field] = REDACTED;
  return view;
}
