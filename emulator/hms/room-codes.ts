import { randomInt } from "node:crypto";
import { parseJsonObject } from "../http/body";
import type { Reply } from "../http/reply";
import type { RoomTable } from "../room-table";
import type { ApiRequest } from "../service";
import { hmsError, invalidBodyParam, invalidQueryParam, ROOM_NOT_FOUND } from "./errors";
import { type LimitRange, listPage } from "./paging";
import type { HmsRoomCodeRecord, HmsRoomRecord, HmsTemplateRecord } from "./records";
import { boolParam } from "./rooms";
import type { RouteMatcher } from "./routes";
import { roomCodeView } from "./template-view";

/** Codes per room, disabled ones included (hms-templates-api.md §6.2; whether those count is open, §9.18). */
export const ROOM_CODE_CAP = 100;
// The default is the documented example's limit (§5, §9.19); no minimum is documented.
const CODE_LIMITS: LimitRange = { min: 1, max: 100, default: 20 };
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

const ROOM_DISABLED: Reply = hmsError(403, "Room is disabled");
const ROLE_NOT_FOUND: Reply = hmsError(404, "Role not found");
const CODE_NOT_FOUND: Reply = hmsError(404, "Code not found");
// No text is documented for the cap (§9.18).
const CAP_REACHED: Reply = hmsError(
  400,
  "Room code limit reached",
  `a room has at most ${ROOM_CODE_CAP} room codes`,
);

/** A fresh code in the documented `***-****-***` format: 10 lowercase letters (§5.1, §9.17). */
function newCode(taken: (code: string) => boolean): string {
  for (;;) {
    const letters = Array.from({ length: 10 }, () => LETTERS[randomInt(LETTERS.length)]).join("");
    const code = `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7)}`;
    if (!taken(code)) return code;
  }
}

/** The room-code API (Q1-Q4, §5-6) below `/v2/room-codes`. Codes are never deleted, only disabled. */
export function roomCodeRoutes(
  rooms: RoomTable<HmsRoomRecord>,
  templates: RoomTable<HmsTemplateRecord>,
  codes: RoomTable<HmsRoomCodeRecord>,
  commit: () => Promise<void>,
): RouteMatcher {
  const codesOf = (room: HmsRoomRecord) => codes.all().filter((code) => code.roomId === room.id);
  const rolesOf = (room: HmsRoomRecord) => Object.keys(templates.get(room.templateId)?.roles ?? {});

  function mint(room: HmsRoomRecord, role: string): HmsRoomCodeRecord {
    const now = new Date().toISOString();
    const code = {
      id: newCode((c) => codes.get(c) !== undefined),
      roomId: room.id,
      role,
      enabled: true,
      createdAt: now,
      updatedAt: now,
    };
    codes.insert(code);
    return code;
  }

  /**
   * Q1. A repeat call is read as §8.2/§9.16 suggest: it mints codes only for roles without an
   * enabled code, and disables enabled codes of roles no longer in the template. It answers with
   * every enabled code of the template's roles, old and new, so the answer maps each role to a code.
   */
  async function createForAllRoles(room: HmsRoomRecord): Promise<Reply> {
    const roles = rolesOf(room);
    const existing = codesOf(room);
    const missing = roles.filter((role) => !existing.some((code) => code.enabled && code.role === role));
    if (existing.length + missing.length > ROOM_CODE_CAP) return CAP_REACHED;
    const now = new Date().toISOString();
    for (const code of existing) {
      if (code.enabled && !roles.includes(code.role)) Object.assign(code, { enabled: false, updatedAt: now });
    }
    for (const role of missing) mint(room, role);
    await commit();
    const data = codesOf(room).filter((code) => code.enabled && roles.includes(code.role));
    return { status: 200, body: { data: data.map(roomCodeView) } };
  }

  /** Q2: every call mints one more code for the role. */
  async function createForRole(room: HmsRoomRecord, role: string): Promise<Reply> {
    if (!rolesOf(room).includes(role)) return ROLE_NOT_FOUND;
    if (codesOf(room).length >= ROOM_CODE_CAP) return CAP_REACHED;
    const code = mint(room, role);
    await commit();
    return { status: 200, body: roomCodeView(code) };
  }

  /** Q3: oldest first; `start` is the previous page's `last` (a code), exclusive. */
  function list(room: HmsRoomRecord, query: URLSearchParams): Reply {
    const role = query.get("role") || undefined;
    if (role !== undefined && !rolesOf(room).includes(role)) return ROLE_NOT_FOUND;
    const enabledText = query.get("enabled") || undefined;
    const enabled = enabledText === undefined ? undefined : boolParam(enabledText);
    if (enabledText !== undefined && enabled === undefined) return invalidQueryParam("enabled");
    const listed = listPage(
      query,
      codesOf(room),
      CODE_LIMITS,
      (code) =>
        (role === undefined || code.role === role) && (enabled === undefined || code.enabled === enabled),
    );
    if ("error" in listed) return listed.error;
    const { limit, page, last } = listed;
    return { status: 200, body: { limit, data: page.map(roomCodeView), last } };
  }

  /** Q4: `{code, enabled}` and nothing else (§5: "other than enabled" read as other than both). */
  async function setEnabled(req: ApiRequest): Promise<Reply> {
    const parsed = parseJsonObject(req.body);
    if (parsed.kind === "invalid") return hmsError(400, "Invalid body", parsed.reason);
    const body = parsed.kind === "object" ? parsed.value : {};
    const extra = Object.keys(body).find((key) => key !== "code" && key !== "enabled");
    if (extra !== undefined) return invalidBodyParam(`${extra} is not allowed`);
    if (typeof body.code !== "string" || body.code === "") return invalidBodyParam("code is required");
    if (typeof body.enabled !== "boolean") return invalidBodyParam("enabled must be a boolean");
    const code = codes.get(body.code);
    if (!code) return CODE_NOT_FOUND;
    if (body.enabled && !code.enabled) {
      // A code can come back only while its room is enabled and its role still exists (§6.4).
      const room = rooms.get(code.roomId);
      if (!room?.enabled) return hmsError(403, "Cannot enable room code", "the room is disabled");
      if (!rolesOf(room).includes(code.role)) {
        return hmsError(403, "Cannot enable room code", "the role no longer exists in the room's template");
      }
    }
    if (code.enabled !== body.enabled) {
      code.enabled = body.enabled;
      code.updatedAt = new Date().toISOString(); // "time enabled last changed" (§5.1)
      await commit();
    }
    return { status: 200, body: roomCodeView(code) };
  }

  return (segments) => {
    const [collection, kind, id, roleWord, role, ...rest] = segments;
    if (collection !== "room-codes" || rest.length > 0) return undefined;
    if (kind === "code" && id === undefined) return { allow: ["POST"], handle: setEnabled };
    if (kind !== "room" || !id) return undefined;
    const withRoom =
      (handle: (room: HmsRoomRecord, req: ApiRequest) => Promise<Reply> | Reply) =>
      async (req: ApiRequest): Promise<Reply> => {
        const room = rooms.get(id);
        if (!room) return ROOM_NOT_FOUND;
        return room.enabled ? handle(room, req) : ROOM_DISABLED;
      };
    if (roleWord === undefined) {
      return {
        allow: ["GET", "POST"],
        handle: withRoom((room, req) =>
          req.method === "GET" ? list(room, req.query) : createForAllRoles(room),
        ),
      };
    }
    if (roleWord !== "role" || !role) return undefined;
    return { allow: ["POST"], handle: withRoom((room) => createForRole(room, role)) };
  };
}
