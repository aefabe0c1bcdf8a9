import { randomInt } from "node:crypto";
import { parseJsonObject } from "../http/body";
import type { Reply } from "../http/reply";
import { newObjectId } from "../ids";
import type { RoomTable } from "../room-table";
import type { ApiRequest } from "../service";
import { checkSecretKey } from "./auth";
import type { MeteredConfig } from "./config";
import { invalidRequest, meteredError, ROOM_NOT_FOUND, roomExists } from "./errors";
import type { MeteredRoomRecord } from "./records";
import { checkRoomRules, type MeteredPatch, mergeSettings, parseRoomBody } from "./validate";
import { meteredRoomView } from "./view";

/** The Metered meeting-room API (metered-api.md §2-7): a handler for requests below `/api/v1`. */
export function meteredRoutes(
  config: MeteredConfig,
  rooms: RoomTable<MeteredRoomRecord>,
  commit: () => Promise<void>,
): (req: ApiRequest) => Promise<Reply> {
  const ok = (room: MeteredRoomRecord): Reply => ({ status: 200, body: meteredRoomView(room, config) });

  async function create(patch: MeteredPatch): Promise<Reply> {
    const settings = mergeSettings({}, patch.settings);
    const ruleError = checkRoomRules(settings);
    if (ruleError) return ruleError;
    // Names of archived rooms are free again (§10.6): DELETE archives, and a later create of the
    // same name must not collide with a room nobody can see.
    if (patch.roomName !== undefined && rooms.findByName(patch.roomName)) return roomExists(patch.roomName);
    let roomName = patch.roomName;
    while (roomName === undefined || rooms.findByName(roomName)) roomName = generatedRoomName();
    const room: MeteredRoomRecord = {
      id: newObjectId(),
      roomName,
      created: new Date().toISOString(),
      archived: false,
      settings,
    };
    rooms.insert(room);
    await commit();
    return ok(room);
  }

  async function update(room: MeteredRoomRecord, patch: MeteredPatch): Promise<Reply> {
    // PUT merges (§10.4): omitted fields keep their values, as the partial bodies of community code expect.
    const settings = mergeSettings(room.settings, patch.settings);
    const ruleError = checkRoomRules(settings);
    if (ruleError) return ruleError;
    const rename =
      patch.roomName !== undefined && patch.roomName !== room.roomName ? patch.roomName : undefined;
    if (rename !== undefined && rooms.findByName(rename)) return roomExists(rename);
    if (rename !== undefined) {
      rooms.change(room, (renamed) => {
        renamed.roomName = rename;
      });
    }
    room.settings = settings;
    await commit();
    return ok(room);
  }

  async function archive(room: MeteredRoomRecord): Promise<Reply> {
    rooms.change(room, (archived) => {
      archived.archived = true;
    });
    await commit();
    return { status: 200, body: { success: true, message: "Room successfully archived" } };
  }

  function parseBody(req: ApiRequest): { patch: MeteredPatch } | { error: Reply } {
    const body = parseJsonObject(req.body);
    if (body.kind === "invalid") return { error: invalidRequest(body.reason) };
    return parseRoomBody(body.kind === "object" ? body.value : {});
  }

  return async (req) => {
    const segments = req.segments;
    if (segments === null) return invalidRequest("path is not valid percent-encoding");
    const route = matchRoute(segments);
    if (!route) return meteredError(404, "Not found");
    if (!route.methods.includes(req.method)) {
      const allowed = route.methods.join(", ");
      return meteredError(405, `Method not allowed (allowed: ${allowed})`, { Allow: allowed });
    }
    const authError = checkSecretKey(req.query, config.secretKey);
    if (authError) return authError;

    if (route.kind === "list") {
      const live = rooms.all().filter((room) => !room.archived);
      return { status: 200, body: live.map((room) => meteredRoomView(room, config)) };
    }
    if (route.kind === "create") {
      const parsed = parseBody(req);
      return "error" in parsed ? parsed.error : create(parsed.patch);
    }
    const room = rooms.findByName(route.roomName);
    if (!room) return ROOM_NOT_FOUND;
    if (req.method === "GET") return ok(room);
    // DELETE reads no body: the docs list a `roomName` body field, but their own samples send none (§10.13).
    if (req.method === "DELETE") return archive(room);
    const parsed = parseBody(req);
    return "error" in parsed ? parsed.error : update(room, parsed.patch);
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

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A generated room name: 10 characters of `[A-Za-z0-9]` (e.g. `6kpYYvYj75`), as Metered makes them. */
function generatedRoomName(): string {
  let name = "";
  for (let i = 0; i < 10; i++) name += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return name;
}
