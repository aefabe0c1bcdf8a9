import type { HmsRegion } from "./config";

/** Storage settings of a 100ms room, as the API echoes them (snake_case, like the wire). */
export interface HmsUploadInfo {
  type: string;
  location: string;
  prefix?: string;
  options?: { region?: string };
  credentials?: { key: string; secret: string };
}

/** A 100ms room's own recording settings (absent = taken from the template). */
export interface HmsRecordingInfo {
  enabled: boolean;
  upload_info?: HmsUploadInfo;
}

/** A 100ms room's webhook override. */
export interface HmsWebhook {
  url: string;
  headers?: Record<string, string>;
}

/**
 * A stored 100ms room, as the state file holds it. Optional fields are absent until set, as in
 * the documented responses.
 */
export interface HmsRoomRecord {
  id: string;
  name: string;
  enabled: boolean;
  description: string;
  templateId: string;
  /** As requested; `auto` reads back as the template's region. */
  region: HmsRegion;
  recordingInfo?: HmsRecordingInfo;
  largeRoom: boolean;
  size?: number;
  maxDurationSeconds?: number;
  polls?: string[];
  webhook?: HmsWebhook;
  createdAt: string;
  updatedAt: string;
}

/** A JSON object as a template stores it: roles, settings, destinations and plugins keep their wire shape. */
export type JsonObject = Record<string, unknown>;

/**
 * A stored 100ms template (hms-templates-api.md §3), camelCase like the wire. The parts are kept as
 * validated, with defaults filled in; storage credentials are kept under `secretKey` and shown as the
 * `hmsTemplateCredentials` setting says.
 */
export interface HmsTemplateRecord {
  id: string;
  name: string;
  roles: Record<string, JsonObject>;
  settings: JsonObject;
  destinations: JsonObject;
  /** Absent until sent (§9.6). */
  plugins?: JsonObject;
  /** The recording configs of C1 (at most one). */
  recordings: JsonObject[];
  createdAt: string;
  updatedAt: string;
}

/** A stored room code (hms-templates-api.md §5.1); `id` is the code itself. */
export interface HmsRoomCodeRecord {
  id: string;
  roomId: string;
  role: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}
