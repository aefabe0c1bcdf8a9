import { REDACTED } from "../service";
import type { MeteredConfig } from "./config";
import { DEFAULT_SETTINGS, FIELDS, SECRET_FIELDS } from "./fields";
import type { MeteredRoomRecord } from "./records";

/**
 * The room object as the API returns it (metered-api.md §4): the defaults with their current values,
 * `lang`, `archived`, the ids and `created`, then every other field that was set.
 */
export function meteredRoomView(room: MeteredRoomRecord, config: MeteredConfig): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(DEFAULT_SETTINGS)) view[field] = room.settings[field] ?? value;
  Object.assign(view, {
    lang: "en",
    archived: room.archived,
    _id: room.id,
    roomName: room.roomName,
    app: config.appId,
    created: room.created,
    __v: 0,
  });
  for (const field of Object.keys(FIELDS)) {
    const value = room.settings[field];
    if (value !== undefined && !Object.hasOwn(DEFAULT_SETTINGS, field)) view[field] = value;
  }
  return view;
}

/** {@link meteredRoomView} with secret settings replaced by {@link REDACTED}. */
export function meteredRedactedView(room: MeteredRoomRecord, config: MeteredConfig): Record<string, unknown> {
  const view = meteredRoomView(room, config);
  for (const field of SECRET_FIELDS) if (view[field] !== undefined) view[field] = REDACTED;
  return view;
}
