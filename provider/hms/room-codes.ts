import { RoomError } from "../core/host/errors";
import { isRoomDisabled, mayHaveRun, type RoomCode, type RoomCodesApi } from "./room-codes-api";

/** Role name to its code; `null`: the role has no enabled code (the next `pulumi up` makes one). */
export type CodeMap = Record<string, string | null>;

/** Mint attempts at most per sync: each one after a failure that may have minted lists again first. */
const MINT_ROUNDS = 3;

/** One code per role: the oldest enabled one (then by code), so every read picks the same. */
function firstPerRole(codes: readonly RoomCode[]): Map<string, string> {
  const sorted = [...codes].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.code.localeCompare(b.code),
  );
  const chosen = new Map<string, string>();
  for (const { role, code } of sorted) if (!chosen.has(role)) chosen.set(role, code);
  return chosen;
}

/**
 * The room's codes as a refresh reports them: each role of its template with its code, or `null`
 * when it has none; a role no longer in the template whose code is still enabled is reported
 * `null` too, so the next `pulumi up` syncs, which disables that code. Makes no write.
 */
export async function readRoomCodes(api: RoomCodesApi, roomId: string, templateId: string): Promise<CodeMap> {
  const roles = await api.templateRoles(templateId);
  const enabled = await api.listEnabled(roomId);
  const chosen = firstPerRole(enabled);
  const map: CodeMap = Object.fromEntries(roles.map((role) => [role, chosen.get(role) ?? null]));
  for (const { role } of enabled) if (!roles.includes(role)) map[role] = null;
  return map;
}

/**
 * Gives each role of the room's template one enabled code, minting only what is missing, and
 * disables the enabled codes of roles no longer in the template (the room is the stack's).
 *
 * Codes are never minted twice for a role: a room holds at most 100 codes (§6.2), and whether a
 * repeated Q1 mints again is not documented (§9.16). So the room's codes are always listed first;
 * Q1 is used only when no role has a code, else Q2 per missing role; a mint is sent again only
 * when it provably never reached 100ms (see RoomCodesApi), and after any failure that may have
 * minted, the codes are listed again instead.
 */
export async function syncRoomCodes(
  api: RoomCodesApi,
  roomId: string,
  templateId: string,
): Promise<Record<string, string>> {
  const roles = await api.templateRoles(templateId);
  const listed = await api.listEnabled(roomId);
  for (const stale of listed.filter((code) => !roles.includes(code.role))) {
    await api.setEnabled(roomId, stale.code, false);
  }
  let have = listed.filter((code) => roles.includes(code.role));
  for (let round = 1; ; round++) {
    const chosen = firstPerRole(have);
    const missing = roles.filter((role) => !chosen.has(role));
    if (missing.length === 0) return Object.fromEntries(roles.map((role) => [role, chosen.get(role)!]));
    if (round > MINT_ROUNDS) throw stillMissing(roomId, missing);
    try {
      if (have.length === 0) {
        const minted = await api.mintAll(roomId);
        have = [...have, ...minted.filter((code) => code.enabled && roles.includes(code.role))];
      } else {
        for (const role of missing) have = [...have, await api.mintRole(roomId, role)];
      }
    } catch (err) {
      if (!mayHaveRun(err)) throw err;
      // The answer was lost, not the mint, perhaps: what 100ms holds now decides the next step.
      have = (await api.listEnabled(roomId)).filter((code) => roles.includes(code.role));
    }
  }
}

/**
 * Disables every enabled code of the room (before the room itself is disabled: afterwards 100ms
 * no longer lists them, §6.5). A room already disabled has nothing to list and is left as it is.
 */
export async function disableRoomCodes(api: RoomCodesApi, roomId: string): Promise<void> {
  let enabled: RoomCode[];
  try {
    enabled = await api.listEnabled(roomId);
  } catch (err) {
    if (isRoomDisabled(err)) return;
    throw err;
  }
  for (const { code } of enabled) await api.setEnabled(roomId, code, false);
}

/**
 * Brings a room's codes to what `roomCodes` asks (true: one per role of its template; false: none
 * enabled). 100ms keeps no codes for a disabled room (Q1-Q3 answer 403), so it must be enabled.
 */
export async function applyRoomCodes(
  api: RoomCodesApi,
  room: { id: string; template_id?: unknown },
  enabled: boolean,
  wanted: boolean,
): Promise<CodeMap | null> {
  if (!wanted) {
    await disableRoomCodes(api, room.id);
    return null;
  }
  if (!enabled) {
    throw new RoomError(
      `property roomCodes: room ${room.id} is disabled, and 100ms makes and lists no room codes for a ` +
        'disabled room (it answers 403 "Room is disabled"). Set `enabled: true`, or leave roomCodes as it was ' +
        "until the room is enabled",
    );
  }
  return syncRoomCodes(api, room.id, templateOf(room));
}

/** The room's template id, whose roles get one code each. */
export function templateOf(room: { id: string; template_id?: unknown }): string {
  if (typeof room.template_id === "string" && room.template_id !== "") return room.template_id;
  throw new RoomError(
    `property roomCodes: 100ms answered for room ${room.id} without its template_id, so its roles (one code ` +
      "each) are unknown; nothing was minted. Run `pulumi refresh`, then `pulumi up`",
  );
}

/** `https://<subdomain>.app.100ms.live/meeting/<code>` per role with a code (§6.1); null without a subdomain. */
export function joinUrls(
  codes: Record<string, unknown>,
  subdomain: string | undefined,
): Record<string, string> | null {
  if (subdomain === undefined) return null;
  const urls: Record<string, string> = {};
  for (const [role, code] of Object.entries(codes)) {
    if (typeof code === "string") urls[role] = `https://${subdomain}.app.100ms.live/meeting/${code}`;
  }
  return urls;
}

function stillMissing(roomId: string, roles: string[]): RoomError {
  return new RoomError(
    `property roomCodes: 100ms still lists no enabled code for role ${roles.map((r) => `"${r}"`).join(", ")} ` +
      `of room ${roomId} after ${MINT_ROUNDS} attempts to make one. Run \`pulumi up\` again later; ` +
      "if it keeps failing, check the room's codes in the 100ms dashboard (a room holds at most 100)",
  );
}
