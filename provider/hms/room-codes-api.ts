import { RoomError } from "../core/host/errors";
import type { ServiceClient } from "../core/http/client";
import { ApiError } from "../core/http/errors";
import { isPlainObject } from "../core/plain";

/** A room code as 100ms answers it (hms-templates-api.md §5.1; snake_case keys). */
export interface RoomCode {
  code: string;
  roomId: string;
  role: string;
  enabled: boolean;
  createdAt: string;
}

/** Pages read at most while listing one room's codes: 100ms caps a room at 100 codes (§6.2). */
const MAX_PAGES = 20;

/**
 * The room-code endpoints (Q1-Q4, hms-templates-api.md §5) and the template read (T2) that says
 * which roles a room has. Every answer is checked: a code must belong to the room asked about.
 */
export class RoomCodesApi {
  constructor(private readonly client: ServiceClient) {}

  /** Q3 with `enabled=true`, every page (`start` = the previous page's `last`). Safe to repeat. */
  async listEnabled(roomId: string): Promise<RoomCode[]> {
    const codes: RoomCode[] = [];
    let start: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.client.request<{ data?: unknown; last?: unknown }>({
        method: "GET",
        path: `/room-codes/room/${encodeURIComponent(roomId)}`,
        query: { enabled: true, limit: 100, start },
      });
      const data = Array.isArray(answer?.data) ? answer.data : [];
      codes.push(...data.map((item) => roomCode(item, roomId, "the listing of codes")));
      const last = typeof answer?.last === "string" ? answer.last : "";
      if (data.length === 0 || last === "" || last === start) break;
      start = last;
    }
    // Only enabled codes were asked for: one the answer says is disabled is not counted.
    return codes.filter((code) => code.enabled);
  }

  /** T2: the role names of a template. Safe to repeat. */
  async templateRoles(templateId: string): Promise<string[]> {
    const template = await this.client.request<{ roles?: unknown }>({
      method: "GET",
      path: `/templates/${encodeURIComponent(templateId)}`,
    });
    if (!isPlainObject(template?.roles)) {
      throw new RoomError(
        `property roomCodes: 100ms answered the read of template ${templateId} without its roles, so no ` +
          "room code was made. Check the template in the 100ms dashboard and run `pulumi up` again",
      );
    }
    return Object.keys(template.roles).sort();
  }

  /**
   * Q1: a code for every role of the room. Not safe to repeat (whether a second call mints more
   * codes is not documented, §9.16, and a room holds at most 100): sent again only when it
   * provably never reached 100ms.
   */
  async mintAll(roomId: string): Promise<RoomCode[]> {
    const answer = await this.client.request<{ data?: unknown }>({
      method: "POST",
      path: `/room-codes/room/${encodeURIComponent(roomId)}`,
      retry: "if-not-sent",
    });
    const data = Array.isArray(answer?.data) ? answer.data : [];
    return data.map((item) => roomCode(item, roomId, "the creation of codes"));
  }

  /** Q2: one more code for one role. Every call mints one: sent again only when it never arrived. */
  async mintRole(roomId: string, role: string): Promise<RoomCode> {
    const answer = await this.client.request<unknown>({
      method: "POST",
      path: `/room-codes/room/${encodeURIComponent(roomId)}/role/${encodeURIComponent(role)}`,
      retry: "if-not-sent",
    });
    const code = roomCode(answer, roomId, `the creation of a code for role "${role}"`);
    if (code.role !== role) {
      throw new RoomError(
        `property roomCodes: 100ms answered the creation of a code for role "${role}" of room ${roomId} ` +
          `with a code for role "${code.role}"; it is not recorded. Run \`pulumi refresh\`, then \`pulumi up\``,
      );
    }
    return code;
  }

  /** Q4: sets a code's state; setting the same state twice changes nothing, so it is safe to repeat. */
  async setEnabled(roomId: string, code: string, enabled: boolean): Promise<RoomCode> {
    const answer = await this.client.request<unknown>({
      method: "POST",
      path: "/room-codes/code",
      body: { code, enabled },
      redact: [code],
    });
    const got = roomCode(answer, roomId, `the ${enabled ? "enabling" : "disabling"} of a code`);
    if (got.code !== code || got.enabled !== enabled) {
      throw new RoomError(
        `property roomCodes: 100ms answered the ${enabled ? "enabling" : "disabling"} of a code of room ` +
          `${roomId} with ${got.code !== code ? "another code" : `the code still ${got.enabled ? "enabled" : "disabled"}`}. ` +
          `Run \`pulumi up\` again, or ${enabled ? "enable" : "disable"} the code in the 100ms dashboard and run \`pulumi refresh\``,
      );
    }
    return got;
  }
}

/** A room code from an answer, checked: the documented fields, and the room asked about. */
function roomCode(value: unknown, roomId: string, what: string): RoomCode {
  const item = isPlainObject(value) ? value : {};
  const { code, room_id, role, enabled, created_at } = item;
  if (typeof code !== "string" || typeof role !== "string" || typeof enabled !== "boolean") {
    throw new RoomError(
      `property roomCodes: 100ms answered ${what} of room ${roomId} with something that is not a room code ` +
        "(code, role and enabled expected); nothing was recorded. Check hms:apiUrl (or HMS_API_URL) and run `pulumi up` again",
    );
  }
  if (room_id !== roomId) {
    throw new RoomError(
      `property roomCodes: 100ms answered ${what} of room ${roomId} with a code of another room ` +
        `(${String(room_id)}); nothing was recorded. Run \`pulumi refresh\` and check the room's codes in the 100ms dashboard`,
    );
  }
  return { code, roomId, role, enabled, createdAt: typeof created_at === "string" ? created_at : "" };
}

/** 100ms's answer to a room-code call on a disabled room: 403 "Room is disabled" (§6.5). */
export function isRoomDisabled(err: unknown): boolean {
  return ApiError.is(err) && err.status === 403 && /room is disabled/i.test(err.apiMessage ?? "");
}

/**
 * Whether a failed mint may still have minted: any failure but a definite refusal (a 4xx other
 * than 408). After one, the codes are listed again instead of minting again.
 */
export function mayHaveRun(err: unknown): boolean {
  if (!ApiError.is(err)) return false;
  const { status } = err;
  return status === undefined || status === 408 || status >= 500 || status < 400;
}
