import type { EmulatorConfig } from "../config";
import { parseJsonObject } from "../http/body";
import type { Reply } from "../http/reply";
import { newObjectId, randomRoomName } from "../ids";
import type { ApiRequest, Service } from "../service";
import type { MeteredRoomRecord, Store } from "../state";
import { checkSecretKey } from "./auth";
import { invalidRequest, meteredError, meteredTransportError, ROOM_NOT_FOUND, roomExists } from "./errors";
import { checkRoomRules, type MeteredPatch, mergeSettings, parseRoomBody } from "./validate";
import { meteredRoomView } from "./view";

/** The Metered meeting-room API under `/api/v1` (metered-api.md §2-7). */
export function createMeteredService(config: EmulatorConfig, store: Store): Service {
  const ok = (room: MeteredRoomRecord): Reply => ({ status: 200, body: meteredRoomView(room, config) });

  async function create(patch: MeteredPatch): Promise<Reply> {
    const settings = mergeSettings({}, patch.settings);
    const ruleError = checkRoomRules(settings);
    if (ruleError) return ruleError;
    // Names of archived rooms are free again (§10.6): DELETE archives, and a later create of the
    // same name must not collide with a room nobody can see.
    if (patch.roomName !== undefined && store.meteredGetActive(patch.roomName))
      return roomExists(patch.roomName);
    let roomName = patch.roomName;
    while (roomName === undefined || store.meteredGetActive(roomName)) roomName = randomRoomName();
    const room: MeteredRoomRecord = {
      id: newObjectId(),
      roomName,
      created: new Date().toISOString(),
      archived: false,
      settings,
    };
    store.meteredInsert(room);
    await store.commit();
    return ok(room);
  }

  async function update(room: MeteredRoomRecord, patch: MeteredPatch): Promise<Reply> {
    // PUT merges (§10.4): omitted fields keep their values, as the partial bodies of community code expect.
    const settings = mergeSettings(room.settings, patch.settings);
    const ruleError = checkRoomRules(settings);
    if (ruleError) return ruleError;
    const rename =
      patch.roomName !== undefined && patch.roomName !== room.roomName ? patch.roomName : undefined;
    if (rename !== undefined && store.meteredGetActive(rename)) return roomExists(rename);
    if (rename !== undefined) store.meteredRename(room, rename);
    room.settings = settings;
    await store.commit();
    return ok(room);
  }

  async function archive(room: MeteredRoomRecord): Promise<Reply> {
    store.meteredArchive(room);
    await store.commit();
    return { status: 200, body: { success: true, message: "Room successfully archived" } };
  }

  function parseBody(req: ApiRequest): { patch: MeteredPatch } | { error: Reply } {
    const body = parseJsonObject(req.body);
    if (body.kind === "invalid") return { error: invalidRequest(body.reason) };
    return parseRoomBody(body.kind === "object" ? body.value : {});
  }

  return {
    name: "metered",
    credentialKey: (_headers, query) => `metered:${query.get("secretKey") ?? ""}`,
    errorReply: meteredTransportError,
    async handle(req) {
      const segments = req.segments;
      if (segments === null) return invalidRequest("path is not valid percent-encoding");
      const route = matchRoute(segments);
      if (!route) return meteredError(404, "Not found");
      if (!route.methods.includes(req.method)) {
        const allowed = route.methods.join(", ");
        return meteredError(405, `Method not allowed (allowed: ${allowed})`, { Allow: allowed });
      }
      const authError = checkSecretKey(req.query, config.meteredSecretKey);
      if (authError) return authError;

      if (route.kind === "list") {
        const rooms = store.meteredRooms().filter((room) => !room.archived);
        return { status: 200, body: rooms.map((room) => meteredRoomView(room, config)) };
      }
      if (route.kind === "create") {
        const parsed = parseBody(req);
        return "error" in parsed ? parsed.error : create(parsed.patch);
      }
      const room = store.meteredGetActive(route.roomName);
      if (!room) return ROOM_NOT_FOUND;
      if (req.method === "GET") return ok(room);
      // DELETE reads no body: the docs list a `roomName` body field, but their own samples send none (§10.13).
      if (req.method === "DELETE") return archive(room);
      const parsed = parseBody(req);
      return "error" in parsed ? parsed.error : update(room, parsed.patch);
    },
  };
}

type Route =
  | { kind: "create"; methods: readonly string[] }
  | { kind: "list"; methods: readonly string[] }
  | { kind: "room"; methods: readonly string[]; roomName: string };

function matchRoute(segments: string[]): Route | undefined {
  const [collection, roomName, ...rest] = segments;
  if (rest.length > 0) return undefined;
  if (collection === "room" && roomName === undefined) return { kind: "create", methods: ["POST"] };
  if (collection === "room" && roomName !== "" && roomName !== undefined) {
    return { kind: "room", methods: ["GET", "PUT", "DELETE"], roomName };
  }
  if (collection === "rooms" && roomName === undefined) return { kind: "list", methods: ["GET"] };
  return undefined;
}
