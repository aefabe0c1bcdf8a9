import { isPlainObject } from "../http/body";
import type { HmsConfig, TemplateCredentialsEcho } from "./config";
import type { HmsRoomCodeRecord, HmsTemplateRecord, JsonObject } from "./records";

/**
 * The template object as the API returns it (hms-templates-api.md §3.1, §4.3): both `id` and the
 * deprecated `_id`, both `customerId` and the deprecated `customer`. `createdAt`/`updatedAt` are real
 * times, never the zero time the update example shows (a docs artefact, §4.4).
 */
export function templateView(template: HmsTemplateRecord, config: HmsConfig): JsonObject {
  const view: JsonObject = {
    id: template.id,
    _id: template.id,
    name: template.name,
    customerId: config.customerId,
    customer: config.customerId,
    roles: template.roles,
    settings: settingsView(template.settings, config.credentialsEcho),
    destinations: template.destinations,
  };
  if (template.plugins !== undefined) view.plugins = template.plugins;
  view.createdAt = template.createdAt;
  view.updatedAt = template.updatedAt;
  return view;
}

/** Settings with storage credentials shown as the `hmsTemplateCredentials` setting says (§9.8). */
export function settingsView(settings: JsonObject, echo: TemplateCredentialsEcho): JsonObject {
  const recording = settings.recording;
  if (!isPlainObject(recording) || !isPlainObject(recording.upload)) return settings;
  const { credentials, ...upload } = recording.upload as JsonObject & { credentials?: JsonObject };
  if (credentials === undefined) return settings;
  const shown: Record<typeof echo, JsonObject | undefined> = {
    secret: { key: credentials.key, secret: credentials.secretKey },
    secretKey: { key: credentials.key, secretKey: credentials.secretKey },
    omit: undefined,
  };
  const credentialsShown = shown[echo];
  return {
    ...settings,
    recording: {
      ...recording,
      upload: credentialsShown ? { ...upload, credentials: credentialsShown } : upload,
    },
  };
}

/** A recording config as C1/C2 answer it: every `false` flag dropped, as the documented response does (§3.6). */
export function withoutFalse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutFalse);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== false)
      .map(([key, item]) => [key, withoutFalse(item)]),
  );
}

/** A room code as the API returns it (§5.1): snake_case, unlike templates. */
export function roomCodeView(code: HmsRoomCodeRecord): JsonObject {
  return {
    code: code.id,
    room_id: code.roomId,
    role: code.role,
    enabled: code.enabled,
    created_at: code.createdAt,
    updated_at: code.updatedAt,
  };
}
