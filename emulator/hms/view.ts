import type { RoomTable } from "../room-table";
import { REDACTED } from "../service";
import type { HmsConfig } from "./config";
import type { HmsRoomRecord, HmsTemplateRecord } from "./records";

/**
 * The room object as the API returns it, keys in the order of the documented examples (hms-api.md
 * §4.3, §5.3, §8). Storage credentials and webhook headers are echoed, as the documented update
 * response does (§14.7); unset optional fields are left out.
 */
export function hmsRoomView(
  room: HmsRoomRecord,
  config: HmsConfig,
  templates: RoomTable<HmsTemplateRecord>,
): Record<string, unknown> {
  // The template as it is now, so a renamed template shows its new name.
  const template = templates.get(room.templateId);
  const templateRegion = template?.settings.region;
  const view: Record<string, unknown> = {
    id: room.id,
    name: room.name,
    enabled: room.enabled,
    description: room.description,
    customer_id: config.customerId,
    app_id: config.appId,
    recording_source_template: room.recordingInfo === undefined,
    recording_info: room.recordingInfo ?? { enabled: false },
    template_id: room.templateId,
    template: template?.name ?? "",
    region: room.region === "auto" && typeof templateRegion === "string" ? templateRegion : room.region,
    large_room: room.largeRoom,
  };
  if (room.size !== undefined) view.size = room.size;
  if (room.maxDurationSeconds !== undefined) view.max_duration_seconds = room.maxDurationSeconds;
  if (room.polls !== undefined) view.polls = room.polls;
  if (room.webhook !== undefined) view.webhook = room.webhook;
  view.created_at = room.createdAt;
  view.updated_at = room.updatedAt;
  view.customer = config.customerId;
  return view;
}

/** {@link hmsRoomView} with storage credentials and webhook header values replaced by {@link REDACTED}. */
export function hmsRedactedView(
  room: HmsRoomRecord,
  config: HmsConfig,
  { templates }: { templates: RoomTable<HmsTemplateRecord> },
): Record<string, unknown> {
  const view = hmsRoomView(room, config, templates);
  const upload = room.recordingInfo?.upload_info;
  if (upload?.credentials) {
    view.recording_info = {
      ...room.recordingInfo,
      upload_info: { ...upload, credentials: { key: REDACTED, secret: REDACTED } },
    };
  }
  if (room.webhook?.headers) {
    const headers = Object.fromEntries(Object.keys(room.webhook.headers).map((name) => [name, REDACTED]));
    view.webhook = { ...room.webhook, headers };
  }
  return view;
}
