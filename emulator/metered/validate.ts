import type { Reply } from "../http/reply";
import { invalidRequest } from "./errors";
import { DEFAULT_SETTINGS, FIELDS } from "./fields";
import type { MeteredValue } from "./records";

/** What a create/update body sets: `null` clears a setting (back to its default, or absent). */
export interface MeteredPatch {
  roomName?: string;
  settings: Record<string, MeteredValue | null>;
}

// "URL friendly, no spaces" (S1): the URL unreserved characters, and not a dot segment.
const ROOM_NAME = /^[A-Za-z0-9._~-]+$/;

/**
 * Type-checks every documented field (no coercion of "300" or "true", §10.7); unknown fields are
 * ignored (§3: community bodies send extras such as `enableWatermark`).
 */
export function parseRoomBody(body: Record<string, unknown>): { patch: MeteredPatch } | { error: Reply } {
  const patch: MeteredPatch = { settings: {} };
  if (Object.hasOwn(body, "roomName") && body.roomName !== null) {
    const { roomName } = body;
    if (typeof roomName !== "string") return { error: invalidRequest("roomName must be a string") };
    if (!ROOM_NAME.test(roomName) || roomName === "." || roomName === "..") {
      return {
        error: invalidRequest("roomName must be URL friendly: letters, digits, - _ . ~ and no spaces"),
      };
    }
    patch.roomName = roomName;
  }
  for (const [field, kind] of Object.entries(FIELDS)) {
    if (!Object.hasOwn(body, field)) continue;
    const value = body[field];
    if (value === null) {
      patch.settings[field] = null;
      continue;
    }
    switch (kind.type) {
      case "boolean":
        if (typeof value !== "boolean") return { error: invalidRequest(`${field} must be a boolean`) };
        break;
      case "count":
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
          return { error: invalidRequest(`${field} must be a non-negative integer`) };
        }
        break;
      case "string":
        if (typeof value !== "string") return { error: invalidRequest(`${field} must be a string`) };
        break;
      case "enum":
        if (typeof value !== "string" || !kind.values.includes(value)) {
          return { error: invalidRequest(`${field} must be one of ${kind.values.join(", ")}`) };
        }
        break;
    }
    patch.settings[field] = value as MeteredValue;
  }
  return { patch };
}

/** Rules that span fields, checked on the settings as they will be after the write. */
export function checkRoomRules(settings: Readonly<Record<string, MeteredValue | null>>): Reply | undefined {
  // A blank URL is no RTMP target at all, so it does not meet "required when rtmpOut is enabled" (S1).
  const { rtmpOutURL } = settings;
  if (settings.enableRTMPOut === true && (typeof rtmpOutURL !== "string" || rtmpOutURL.trim() === "")) {
    return invalidRequest("rtmpOutURL is required when enableRTMPOut is true");
  }
  const { notBeforeUnixSec, expireUnixSec } = settings;
  if (
    typeof notBeforeUnixSec === "number" &&
    typeof expireUnixSec === "number" &&
    notBeforeUnixSec >= expireUnixSec
  ) {
    return invalidRequest("notBeforeUnixSec must be before expireUnixSec");
  }
  return undefined;
}

/**
 * Applies a patch to stored settings: values overwrite; `null` puts a field with a default back to
 * it, and clears any other field to `null` (kept, so the room shows it as cleared).
 */
export function mergeSettings(
  current: Readonly<Record<string, MeteredValue | null>>,
  changes: Readonly<Record<string, MeteredValue | null>>,
): Record<string, MeteredValue | null> {
  const merged: Record<string, MeteredValue | null> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null && Object.hasOwn(DEFAULT_SETTINGS, field)) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}
