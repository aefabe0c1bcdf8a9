import { toApi } from "../core/dynamic/fields";
import { RoomError, type RoomService, type RoomView, roomProvider } from "../core/dynamic/runtime";
import { isNameTaken, isRoomNotFound, MeteredApi, type MeteredApiRoom } from "./api";
import { meteredFields } from "./fields";
import { meteredRoomSchema } from "./schema";
import { METERED_CONFIG_KEYS, meteredSettings } from "./settings";

type Args = Record<string, unknown>;

function view(room: MeteredApiRoom, appName: string): RoomView {
  return {
    id: room._id,
    room,
    computed: {
      roomId: room._id,
      appId: room.app,
      created: room.created,
      roomUrl: `https://${appName}.metered.live/${encodeURIComponent(room.roomName)}`,
    },
  };
}

const secretsIn = (args: Args) => [args.rtmpOutURL].filter((v): v is string => typeof v === "string");

function session() {
  const settings = meteredSettings();
  return { api: new MeteredApi(settings), appName: settings.appName };
}

/** The room's current name: the stored one, or, if it was renamed outside Pulumi, the one it has now. */
async function locate(api: MeteredApi, id: string, stored: Args): Promise<MeteredApiRoom | undefined> {
  const byName = typeof stored.roomName === "string" ? await api.get(stored.roomName) : undefined;
  if (byName && byName._id === id) return byName;
  return api.findById(id);
}

const service: RoomService = {
  kind: "MeteredRoom",
  schema: meteredRoomSchema,
  fields: meteredFields,
  nameProperty: "roomName",
  defaults: { privacy: "public" },
  assertConfigured: () => void meteredSettings(),

  async create(args, { autoNamed }) {
    const { api, appName } = session();
    const name = args.roomName as string;
    const body = toApi(meteredFields, args);
    const existing = await api.get(name);
    if (existing) {
      // A room under our own generated name is ours: an earlier create landed but its answer was lost.
      if (!autoNamed && args.adopt !== true) throw nameTaken(name);
      return view(await api.update(name, body, secretsIn(args)), appName);
    }
    try {
      return view(await api.create(body, secretsIn(args)), appName);
    } catch (err) {
      if (!isNameTaken(err)) throw err;
      // "Already exists" on a retried attempt means our earlier attempt made the room.
      const mine = err.attempts > 1 || autoNamed ? await api.get(name) : undefined;
      if (!mine) throw nameTaken(name);
      return view(mine, appName);
    }
  },

  async read(id, stored) {
    const { api, appName } = session();
    const room = await locate(api, id, stored);
    return room && view(room, appName);
  },

  async update(id, stored, args) {
    const { api, appName } = session();
    // The full desired set, so the result never depends on whether Metered merges or replaces.
    const body = toApi(meteredFields, args);
    const from = stored.roomName as string;
    try {
      return view(await api.update(from, body, secretsIn(args)), appName);
    } catch (err) {
      if (!isRoomNotFound(err)) throw err;
      // Renamed outside Pulumi, or our own rename landed and its answer was lost: find it by id.
      const current = await api.findById(id);
      if (!current) throw err;
      if (current.roomName === args.roomName) return view(current, appName);
      return view(await api.update(current.roomName, body, secretsIn(args)), appName);
    }
  },

  async delete(id, stored) {
    const { api } = session();
    const name = stored.roomName as string;
    try {
      await api.delete(name);
    } catch (err) {
      if (!isRoomNotFound(err)) throw err;
      // Gone under this name: already deleted, unless it was renamed outside Pulumi.
      const current = await api.findById(id);
      if (current) await api.delete(current.roomName);
    }
  },
};

function nameTaken(name: string): Error {
  return new RoomError(
    `a Metered room named "${name}" already exists. Set \`adopt: true\` to manage that room with Pulumi, ` +
      "or choose another roomName",
  );
}

/**
 * The MeteredRoom dynamic provider, as this module's whole exports: its path is recorded in users'
 * state, so this file must never move (see CHANGELOG.md's version policy).
 */
const meteredProvider = roomProvider(service, METERED_CONFIG_KEYS);
export = meteredProvider;
