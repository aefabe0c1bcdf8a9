import { isPlainObject } from "../http/body";
import type { Reply } from "../http/reply";
import type { HmsRegion } from "./config";
import { hmsError, invalidBodyParam } from "./errors";
import type { HmsRecordingInfo, HmsUploadInfo, HmsWebhook } from "./records";

/** The fields a create or update body sets (absent = leave as is / default). */
export interface HmsPatch {
  name?: string;
  description?: string;
  templateId?: string;
  region?: HmsRegion;
  recordingInfo?: HmsRecordingInfo;
  largeRoom?: boolean;
  size?: number;
  maxDurationSeconds?: number;
  webhook?: HmsWebhook;
  polls?: string[];
  enabled?: boolean;
}

/** `create` = `POST /v2/rooms` (also its upsert); `update` = `POST /v2/rooms/<id>`. */
type BodyMode = "create" | "update";

const NAME = /^[A-Za-z0-9.\-:_]+$/;
const REGIONS: readonly string[] = ["in", "us", "eu", "auto"];
const UPLOAD_TYPES: readonly string[] = ["s3", "gs", "oss", "azure"];
const MIN_DURATION = 120;
const MAX_DURATION = 43200;

type Result<T> = { ok: true; value: T } | { ok: false; error: Reply };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: Reply): Result<T> => ({ ok: false, error });

/**
 * Validates a room body field by field in a fixed order and reports the first problem with the
 * documented status and text (hms-api.md §4.1, §9.3). `null` counts as absent, as it does for a Go
 * JSON decoder, and unknown fields are ignored (§14.6). `template_id` is ignored on the update path
 * (§14.2): the documented way to move a room to another template is the create upsert.
 */
export function parseRoomBody(
  body: Record<string, unknown>,
  mode: BodyMode,
  hasTemplate: (id: string) => boolean,
): Result<HmsPatch> {
  const get = (key: string): unknown => (Object.hasOwn(body, key) ? body[key] : undefined) ?? undefined;
  const patch: HmsPatch = {};

  if (get("template") !== undefined) return fail(invalidBodyParam("template. Use template_id"));

  const name = get("name");
  if (name !== undefined) {
    if (typeof name !== "string") return fail(invalidBodyParam("name must be a string"));
    if (!NAME.test(name)) {
      return fail(invalidBodyParam("name. Accepted characters are a-z, A-Z, 0-9, and . - : _"));
    }
    patch.name = name;
  }

  const description = get("description");
  if (description !== undefined) {
    if (typeof description !== "string") return fail(invalidBodyParam("description must be a string"));
    patch.description = description;
  }

  const templateId = get("template_id");
  if (mode === "create" && templateId !== undefined) {
    if (typeof templateId !== "string") return fail(invalidBodyParam("template_id must be a string"));
    if (!hasTemplate(templateId)) return fail(hmsError(400, "Error: template not found"));
    patch.templateId = templateId;
  }

  const region = get("region");
  if (region !== undefined) {
    if (typeof region !== "string" || !REGIONS.includes(region)) {
      return fail(hmsError(400, "Error: region not supported"));
    }
    patch.region = region as HmsRegion;
  }

  const recordingInfo = get("recording_info");
  if (recordingInfo !== undefined) {
    const parsed = parseRecordingInfo(recordingInfo);
    if (!parsed.ok) return parsed;
    patch.recordingInfo = parsed.value;
  }

  const largeRoom = get("large_room");
  if (largeRoom !== undefined) {
    if (typeof largeRoom !== "boolean") return fail(invalidBodyParam("large_room must be a boolean"));
    patch.largeRoom = largeRoom;
  }

  const size = get("size");
  if (size !== undefined) {
    if (!isInteger(size) || size < 0) return fail(invalidBodyParam("size must be a non-negative integer"));
    patch.size = size;
  }

  const duration = get("max_duration_seconds");
  if (duration !== undefined) {
    if (!isInteger(duration)) return fail(invalidBodyParam("max_duration_seconds must be an integer"));
    if (duration < MIN_DURATION) {
      return fail(invalidBodyParam(`max_duration_seconds less than ${MIN_DURATION} seconds`));
    }
    if (duration > MAX_DURATION) {
      return fail(invalidBodyParam(`max_duration_seconds greater than ${MAX_DURATION} seconds`));
    }
    patch.maxDurationSeconds = duration;
  }

  const webhook = get("webhook");
  if (webhook !== undefined) {
    const parsed = parseWebhook(webhook);
    if (!parsed.ok) return parsed;
    patch.webhook = parsed.value;
  }

  const polls = get("polls");
  if (polls !== undefined) {
    if (!Array.isArray(polls) || !polls.every((id) => typeof id === "string")) {
      return fail(invalidBodyParam("polls must be an array of strings"));
    }
    patch.polls = [...polls];
  }

  const enabled = get("enabled");
  if (enabled !== undefined) {
    if (typeof enabled !== "boolean") return fail(invalidBodyParam("enabled must be a boolean"));
    patch.enabled = enabled;
  }

  return ok(patch);
}

/**
 * The size rule on the room as it will be after the write (hms-api.md §4.1, D-large), so that
 * turning `large_room` off under a big `size` is refused too.
 */
export function checkSize(largeRoom: boolean, size: number | undefined): Reply | undefined {
  if (size === undefined) return undefined;
  if (size > 20000) return invalidBodyParam("room size greater than 20000");
  if (size > 2500 && !largeRoom) {
    return invalidBodyParam("room size greater than 2500, set large_room flag as true");
  }
  return undefined;
}

function parseRecordingInfo(value: unknown): Result<HmsRecordingInfo> {
  if (!isPlainObject(value)) return fail(invalidBodyParam("recording_info must be an object"));
  const enabled = value.enabled ?? false;
  if (typeof enabled !== "boolean") return fail(invalidBodyParam("recording_info.enabled must be a boolean"));
  const uploadInfo = value.upload_info ?? undefined;
  if (uploadInfo === undefined) return ok({ enabled });
  const parsed = parseUploadInfo(uploadInfo);
  return parsed.ok ? ok({ enabled, upload_info: parsed.value }) : parsed;
}

function parseUploadInfo(value: unknown): Result<HmsUploadInfo> {
  const invalid = fail<HmsUploadInfo>(hmsError(400, "Invalid upload configuration"));
  if (!isPlainObject(value)) return invalid;
  const { type, location, prefix, options, credentials } = value;
  if (typeof type !== "string" || !UPLOAD_TYPES.includes(type)) return invalid;
  if (location === undefined || location === null || location === "") {
    return fail(hmsError(400, "Bucket location is missing"));
  }
  if (typeof location !== "string") return invalid;
  const info: HmsUploadInfo = { type, location };
  if (prefix !== undefined && prefix !== null) {
    if (typeof prefix !== "string") return invalid;
    info.prefix = prefix;
  }
  if (options !== undefined && options !== null) {
    if (!isPlainObject(options)) return invalid;
    const region = options.region ?? undefined;
    if (region !== undefined && typeof region !== "string") return invalid;
    info.options = region === undefined ? {} : { region };
  }
  if (credentials !== undefined && credentials !== null) {
    if (!isPlainObject(credentials)) return invalid;
    const { key, secret } = credentials;
    if (typeof key !== "string" || key === "" || typeof secret !== "string" || secret === "") return invalid;
    info.credentials = { key, secret };
  }
  return ok(info);
}

function parseWebhook(value: unknown): Result<HmsWebhook> {
  if (!isPlainObject(value)) return fail(invalidBodyParam("webhook must be an object"));
  const { url, headers } = value;
  if (typeof url !== "string" || url === "") return fail(invalidBodyParam("webhook.url is required"));
  if (headers === undefined || headers === null) return ok({ url });
  if (!isPlainObject(headers) || !Object.values(headers).every((v) => typeof v === "string")) {
    return fail(invalidBodyParam("webhook.headers must be an object of strings"));
  }
  // fromEntries defines own properties, so a "__proto__" header stays a plain header.
  return ok({ url, headers: Object.fromEntries(Object.entries(headers)) as Record<string, string> });
}

function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}
