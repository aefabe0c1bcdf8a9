import { randomUUID } from "node:crypto";
import { parseJsonObject } from "../http/body";
import type { Reply } from "../http/reply";
import { newObjectId } from "../ids";
import type { RoomTable } from "../room-table";
import type { ApiRequest } from "../service";
import type { HmsConfig } from "./config";
import { hmsError, invalidBodyParam, invalidQueryParam, ROOM_NOT_FOUND } from "./errors";
import { LIST_LIMITS, listPage } from "./paging";
import type { HmsRoomRecord, HmsTemplateRecord } from "./records";
import type { RouteMatcher } from "./routes";
import { checkSize, type HmsPatch, parseRoomBody } from "./validate";
import { hmsRoomView } from "./view";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The 100ms rooms API (hms-api.md §3-9) below `/v2/rooms`. There is no DELETE: rooms are only
 * disabled. `templates` is the workspace's template table: `template_id` must name one of them.
 */
export function roomRoutes(
  config: HmsConfig,
  rooms: RoomTable<HmsRoomRecord>,
  commit: () => Promise<void>,
  templates: RoomTable<HmsTemplateRecord>,
): RouteMatcher {
  const ok = (room: HmsRoomRecord): Reply => ({ status: 200, body: hmsRoomView(room, config, templates) });

  async function create(req: ApiRequest): Promise<Reply> {
    const parsed = parseBody(req, "create");
    if ("error" in parsed) return parsed.error;
    const patch = parsed.patch;
    // Create is an upsert by case-insensitive name: the existing room is updated with the payload
    // and returned (hms-api.md §4.2), disabled or not (§14.3).
    const existing = patch.name === undefined ? undefined : rooms.findByName(patch.name);
    if (existing) return update(existing, patch);

    const now = new Date().toISOString();
    const room: HmsRoomRecord = {
      id: newObjectId(),
      name: patch.name ?? randomUUID(),
      enabled: patch.enabled ?? true,
      description: patch.description ?? "",
      templateId: patch.templateId ?? config.templates[0]!.id,
      region: patch.region ?? "auto",
      largeRoom: patch.largeRoom ?? false,
      createdAt: now,
      updatedAt: now,
    };
    assignOptional(room, patch);
    const sizeError = checkSize(room.largeRoom, room.size);
    if (sizeError) return sizeError;
    rooms.insert(room);
    await commit();
    return ok(room);
  }

  async function update(room: HmsRoomRecord, patch: HmsPatch): Promise<Reply> {
    if (patch.name !== undefined) {
      const holder = rooms.findByName(patch.name);
      // A rename onto another room's name is refused rather than merging two rooms (§14.1).
      if (holder && holder !== room) return invalidBodyParam("name is already used by another room");
    }
    const sizeError = checkSize(patch.largeRoom ?? room.largeRoom, patch.size ?? room.size);
    if (sizeError) return sizeError;

    const { name } = patch;
    if (name !== undefined)
      rooms.change(room, (renamed) => {
        renamed.name = name;
      });
    if (patch.enabled !== undefined) room.enabled = patch.enabled;
    if (patch.description !== undefined) room.description = patch.description;
    if (patch.templateId !== undefined) room.templateId = patch.templateId;
    if (patch.region !== undefined) room.region = patch.region;
    if (patch.largeRoom !== undefined) room.largeRoom = patch.largeRoom;
    assignOptional(room, patch);
    room.updatedAt = new Date().toISOString();
    await commit();
    return ok(room);
  }

  function parseBody(req: ApiRequest, mode: "create" | "update"): { patch: HmsPatch } | { error: Reply } {
    const body = parseJsonObject(req.body);
    if (body.kind === "invalid") return { error: hmsError(400, "Invalid body", body.reason) };
    const hasTemplate = (id: string) => templates.get(id) !== undefined;
    const parsed = parseRoomBody(body.kind === "object" ? body.value : {}, mode, hasTemplate);
    return parsed.ok ? { patch: parsed.value } : { error: parsed.error };
  }

  function list(query: URLSearchParams): Reply {
    const enabled = boolParam(query.get("enabled") || "true"); // "Default: true" (hms-api.md §7.2, §14.11)
    if (enabled === undefined) return invalidQueryParam("enabled");
    const after = timeParam(query, "after");
    const before = timeParam(query, "before");
    if (after === null) return invalidQueryParam("after");
    if (before === null) return invalidQueryParam("before");
    const name = query.get("name")?.toLowerCase() || undefined;
    const templateId = query.get("template_id") || undefined;

    // Newest first (§14.13).
    const listed = listPage(query, rooms.all().reverse(), LIST_LIMITS, (room) => {
      const created = Date.parse(room.createdAt);
      return (
        room.enabled === enabled &&
        (name === undefined || room.name.toLowerCase() === name) &&
        (templateId === undefined || room.templateId === templateId) &&
        (after === undefined || created >= after) &&
        (before === undefined || created <= before)
      );
    });
    if ("error" in listed) return listed.error;
    const { limit, page, last } = listed;
    return {
      status: 200,
      body: { limit, data: page.map((room) => hmsRoomView(room, config, templates)), last },
    };
  }

  return (segments) => {
    const [collection, id, ...rest] = segments;
    if (collection !== "rooms" || id === "" || rest.length > 0) return undefined;
    if (id === undefined) {
      return {
        allow: ["GET", "POST"],
        handle: (req) => (req.method === "GET" ? Promise.resolve(list(req.query)) : create(req)),
      };
    }
    return {
      allow: ["GET", "POST"],
      handle: async (req) => {
        const room = rooms.get(id);
        if (req.method === "GET") return room ? ok(room) : ROOM_NOT_FOUND;
        const parsed = parseBody(req, "update");
        if ("error" in parsed) return parsed.error;
        return room ? update(room, parsed.patch) : ROOM_NOT_FOUND;
      },
    };
  };
}

function assignOptional(room: HmsRoomRecord, patch: HmsPatch): void {
  if (patch.recordingInfo !== undefined) room.recordingInfo = patch.recordingInfo;
  if (patch.size !== undefined) room.size = patch.size;
  if (patch.maxDurationSeconds !== undefined) room.maxDurationSeconds = patch.maxDurationSeconds;
  if (patch.polls !== undefined) room.polls = patch.polls;
  if (patch.webhook !== undefined) room.webhook = patch.webhook;
}

// The spellings Go's strconv.ParseBool accepts: the API is a Go service (hms-api.md §1).
const TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const FALSE = ["0", "f", "F", "FALSE", "false", "False"];

/** A query flag as Go's strconv.ParseBool reads it; `undefined` when it is none of its spellings. */
export function boolParam(value: string): boolean | undefined {
  if (TRUE.includes(value)) return true;
  return FALSE.includes(value) ? false : undefined;
}

/** `undefined` = not given, `null` = not an RFC 3339 time, else epoch milliseconds. */
function timeParam(query: URLSearchParams, key: string): number | undefined | null {
  const value = query.get(key);
  if (value === null || value === "") return undefined;
  const ms = Date.parse(value);
  return RFC3339.test(value) && !Number.isNaN(ms) ? ms : null;
}
