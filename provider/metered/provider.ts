import { RoomError } from "../core/host/errors";
import { toApi } from "../core/host/mapping";
import { roomProvider } from "../core/host/room-provider";
import type { RoomService, RoomView } from "../core/host/room-service";
import { expectApplied, expectSameRoom, reportedProperties } from "../core/host/verify";
import { type Plain, pick } from "../core/plain";
import { secretValues } from "../core/properties/field";
import { isNameTaken, isRoomNotFound, MeteredApi, type MeteredApiRoom } from "./api";
import { METERED_NAMES, meteredFields, meteredRoomSchema } from "./properties";
import { METERED_CONFIG_KEYS, meteredSettings } from "./settings";

type Args = Plain;

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

/** The properties that have a value (state stores unset outputs as null). */
const setValues = (props: Args): Args =>
  Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined));

function connect() {
  const settings = meteredSettings();
  return { api: new MeteredApi(settings), appName: settings.appName };
}

/**
 * The room whose id is in state, as it is now. Metered addresses rooms by name, and a name in
 * state may since have been renamed away and given to another room: the room under the stored
 * name counts only if it has the stored `_id`; otherwise the room is looked for by id in the list.
 * Undefined when no room has that id any more.
 */
async function locate(api: MeteredApi, id: string, stored: Args): Promise<MeteredApiRoom | undefined> {
  const byName = typeof stored.roomName === "string" ? await api.get(stored.roomName) : undefined;
  if (byName && byName._id === id) return byName;
  return api.findById(id);
}

function sameRoom(id: string, room: MeteredApiRoom, what: string): MeteredApiRoom {
  expectSameRoom(id, room?._id, what);
  return room;
}

const service: RoomService = {
  kind: METERED_NAMES.kind,
  schema: meteredRoomSchema,
  fields: meteredFields,
  nameProperty: "roomName",
  assumed: { privacy: "public" },
  configKeys: METERED_CONFIG_KEYS,
  assertConfigured: () => void meteredSettings(),

  async create(args, { autoNamed }) {
    const { api, appName } = connect();
    const name = args.roomName as string;
    const body = toApi(meteredFields, args);
    const existing = await api.get(name);
    if (existing) {
      // A room under our own generated name is ours: an earlier create landed but its answer was lost.
      if (!autoNamed && args.adopt !== true) throw nameTaken(name);
      const room = sameRoom(
        existing._id,
        await api.update(name, body, secretValues(meteredFields, args)),
        "the update",
      );
      return expectApplied(service, args, view(room, appName));
    }
    let room: MeteredApiRoom;
    try {
      room = await api.create(body, secretValues(meteredFields, args));
    } catch (err) {
      if (!isNameTaken(err)) throw err;
      // "Already exists" on a retried attempt means our earlier attempt made the room.
      const mine = err.attempts > 1 || autoNamed ? await api.get(name) : undefined;
      if (!mine) throw nameTaken(name);
      room = mine;
    }
    return expectApplied(service, args, view(room, appName));
  },

  async read(id, stored) {
    const { api, appName } = connect();
    const room = await locate(api, id, stored);
    return room && view(room, appName);
  },

  async update(id, stored, args, changed) {
    const { api, appName } = connect();
    const current = await locate(api, id, stored);
    if (!current) {
      throw new RoomError(
        `Metered room ${id} no longer exists (no room has that id); run \`pulumi refresh\`, then ` +
          "`pulumi up` re-creates it",
      );
    }
    // The room as it is, with what the program changed laid over it: the result never depends on
    // whether Metered merges or replaces (metered-api.md §10.4), and a value changed outside
    // Pulumi in a property the program did not change (one under `ignoreChanges`, say) is kept.
    // What the read does not show (a field Metered may not echo) comes from the state.
    const sent = {
      ...setValues(stored),
      ...setValues(reportedProperties(service, view(current, appName))),
      ...pick(args, changed),
    };
    const body = toApi(meteredFields, sent);
    let room: MeteredApiRoom;
    try {
      room = await api.update(current.roomName, body, secretValues(meteredFields, args));
    } catch (err) {
      // Metered names the clash, not the field: say which property, and that the other room is not ours.
      if (isNameTaken(err)) throw nameTakenOnRename(String(args.roomName), current.roomName, id);
      throw err;
    }
    return expectApplied(service, sent, view(sameRoom(id, room, "the update"), appName));
  },

  async delete(id, stored) {
    const { api } = connect();
    const current = await locate(api, id, stored);
    // Only a room with our id is deleted, under whatever name it has now; none left: already gone.
    if (!current) return;
    let answer: Awaited<ReturnType<MeteredApi["delete"]>>;
    try {
      answer = await api.delete(current.roomName);
    } catch (err) {
      if (isRoomNotFound(err)) return;
      throw err;
    }
    if (answer?.success !== true) {
      throw new RoomError(
        `Metered answered the delete of room "${current.roomName}" (${id}) without confirming it ` +
          `(${JSON.stringify(answer ?? null).slice(0, 200)}), so it stays in the stack. Check the room ` +
          "in the Metered dashboard, then run `pulumi refresh` or `pulumi destroy` again",
      );
    }
  },
};

function nameTakenOnRename(wanted: string, current: string, id: string): Error {
  return new RoomError(
    `property roomName: another Metered room already has the name "${wanted}", so this room ` +
      `(${id}, now named "${current}") keeps its name and nothing was changed; that room is not ` +
      "touched. Choose another roomName, or rename or delete the other room in the Metered dashboard",
  );
}

function nameTaken(name: string): Error {
  return new RoomError(
    `a Metered room named "${name}" already exists, and this resource did not create it. ` +
      "Set `adopt: true` to manage that room with Pulumi, or choose another roomName",
  );
}

/**
 * The MeteredRoom dynamic provider, as this module's whole exports: its path is recorded in users'
 * state, so this file must never move (see CHANGELOG.md's version policy).
 */
const meteredProvider = roomProvider(service);
export = meteredProvider;
