import { PartialStateError, RoomError } from "../core/host/errors";
import { toApi } from "../core/host/mapping";
import { roomProvider } from "../core/host/room-provider";
import type { RoomService, RoomView } from "../core/host/room-service";
import { expectApplied, expectSameRoom, reportedProperties } from "../core/host/verify";
import { isPlainObject, pick } from "../core/plain";
import { secretValues } from "../core/properties/field";
import { HmsApi, type HmsApiRoom, hmsClient, isRoomNotFound } from "./api";
import { HMS_NAMES, type HmsRoomInputs, hmsFields, hmsRoomSchema } from "./properties";
import { templateRolesChanged } from "./room-code-changes";
import {
  applyRoomCodes,
  type CodeMap,
  disableRoomCodes,
  joinUrls,
  readRoomCodes,
  templateOf,
} from "./room-codes";
import { isRoomDisabled, RoomCodesApi } from "./room-codes-api";
import { HMS_CONFIG_KEYS, hmsPrebuiltSubdomain, hmsSettings } from "./settings";

type Args = HmsRoomInputs & Record<string, unknown>;

/**
 * A room as 100ms reported it. `codes`: the room codes as just read or synced (null: none
 * managed), which become the `roomCodes` output; left out, `roomCodes` keeps its recorded value,
 * `recorded`, from which `joinUrls` is made.
 */
function view(room: HmsApiRoom, codes?: { read?: CodeMap | null; recorded?: unknown }): RoomView {
  // A room whose recording follows its template has no recording settings of its own: its
  // recordingInfo is cleared (null), whatever the template's settings are.
  const current = codes?.read !== undefined ? codes.read : codes?.recorded;
  return {
    id: room.id,
    room: room.recording_source_template === true ? { ...room, recording_info: null } : room,
    computed: {
      roomId: room.id,
      customerId: room.customer_id,
      templateName: room.template,
      createdAt: room.created_at,
      updatedAt: room.updated_at,
      // The subdomain is read only for codes: a bad one never fails a call that has none to show.
      joinUrls: isPlainObject(current) ? joinUrls(current, hmsPrebuiltSubdomain()) : null,
    },
    ...(codes?.read !== undefined && { own: { roomCodes: codes.read } }),
  };
}

/** The room-code endpoints, on the same client (pacing, retries, credentials) as the rooms'. */
function codesApi(api: HmsApi): RoomCodesApi {
  return new RoomCodesApi(api.client);
}

/** Whether the room, as 100ms reported it, is enabled. */
function isEnabled(room: HmsApiRoom): boolean {
  return reportedProperties(service, view(room)).enabled !== false;
}

/** A room whose codes a failed sync left unknown: recorded as none, so the next diff syncs again. */
function codesNotMade(current: RoomView, args: Args): RoomView {
  return args.roomCodes === true ? { ...current, own: { roomCodes: null } } : current;
}

/** The properties a create sends: every set one except `enabled`, which 100ms documents only for updates. */
function createProps(args: Args): Record<string, unknown> {
  const { enabled: _enabled, ...rest } = args;
  return rest;
}

function sameRoom(id: string, room: HmsApiRoom, what: string): HmsApiRoom {
  expectSameRoom(id, room.id, what);
  return room;
}

/**
 * Rooms this provider process disabled for a delete. A replacement (`up --replace`,
 * `replaceOnChanges`) deletes first, then creates the same name in the same run, served by the same
 * host process: a disabled room found here is provably the resource's own, so the create takes it
 * back without `adopt`. A room disabled by an earlier run (another stack's, or an old destroy) is
 * not in it.
 */
const disabledByThisRun = new Set<string>();

const service: RoomService = {
  kind: HMS_NAMES.kind,
  schema: hmsRoomSchema,
  fields: hmsFields,
  nameProperty: "name",
  assumed: { enabled: true },
  configKeys: HMS_CONFIG_KEYS,
  assertConfigured: () => {
    hmsSettings();
    hmsPrebuiltSubdomain();
  },
  hiddenChanges: (recorded, args, internal) =>
    templateRolesChanged(recorded.roomCodes, args.roomCodes, internal.templateRoles) ? ["roomCodes"] : [],

  async create(input, { autoNamed }) {
    const args = input as Args;
    const api = new HmsApi(hmsClient(hmsSettings()));
    const name = args.name as string;
    // Create is an upsert by name: look before writing, so nobody's room is reconfigured by
    // accident. The list shows enabled rooms unless asked for disabled ones (hms-api.md §14.11).
    // Without `adopt`, an existing room is taken over only when it is provably the resource's own:
    // one this run disabled for a replacement (see disabledByThisRun), or any room under the
    // resource's own auto-name (an interrupted earlier create), for which none is looked for.
    const enabledRoom = autoNamed ? undefined : await api.findByName(name, true);
    const existing = enabledRoom ?? (autoNamed ? undefined : await api.findByName(name, false));
    if (existing && args.adopt !== true && !disabledByThisRun.has(existing.id)) {
      throw nameTaken(existing, enabledRoom ? "enabled" : "disabled");
    }
    const sent = createProps(args);
    const room = await api.upsert(toApi(hmsFields, sent), secretValues(hmsFields, args));
    if (existing) sameRoom(existing.id, room, "the create-by-name");
    let current = expectApplied(service, sent, view(room));
    const wantEnabled = args.enabled !== false;
    let codes: CodeMap | null | undefined;
    const setEnabled = async (enabled: boolean) => {
      const updated = sameRoom(
        room.id,
        await api.update(room.id, { enabled }, []),
        enabled ? "enabling" : "disabling",
      );
      current = expectApplied(service, { enabled }, view(updated, { read: codes }));
      return updated;
    };
    try {
      // Codes are made while the room is enabled (100ms keeps none for a disabled room): enable
      // first, disable last. A new room has no codes to disable (§6.1); an adopted one may.
      let latest = room;
      if (wantEnabled && !isEnabled(latest)) latest = await setEnabled(true);
      if (args.roomCodes === true || (args.roomCodes === false && existing)) {
        codes = await applyRoomCodes(codesApi(api), latest, isEnabled(latest), args.roomCodes);
        current = view(latest, { read: codes });
      }
      if (!wantEnabled && isEnabled(latest)) await setEnabled(false);
      return current;
    } catch (err) {
      if (err instanceof PartialStateError) throw err;
      throw new PartialStateError(codes === undefined ? codesNotMade(current, args) : current, err);
    }
  },

  async read(id, stored) {
    const api = new HmsApi(hmsClient(hmsSettings()));
    const found = await api.get(id);
    if (!found) return undefined;
    const room = sameRoom(id, found, "a read");
    const recorded = stored.roomCodes;
    // Codes are read only where the stack manages them (roomCodes: true). A disabled room's codes
    // cannot be listed (403): they keep their recorded value, and `enabled: false` shows.
    if (recorded === null || recorded === undefined || recorded === false || !isEnabled(room))
      return view(room, { recorded });
    try {
      return view(room, { read: await readRoomCodes(codesApi(api), id, templateOf(room)) });
    } catch (err) {
      if (isRoomDisabled(err)) return view(room, { recorded });
      throw err;
    }
  },

  async update(id, stored, input, changed) {
    const args = input as Args;
    const api = new HmsApi(hmsClient(hmsSettings()));
    const direct = changed.filter((p) => p !== "templateId" && p !== "roomCodes");
    let room: HmsApiRoom | undefined;
    if (direct.length > 0) {
      const sent = pick(args, direct);
      // 100ms's not-found for the room fails here with its own hint (run `pulumi refresh`).
      room = sameRoom(
        id,
        await api.update(id, toApi(hmsFields, sent), secretValues(hmsFields, args)),
        "an update",
      );
      expectApplied(service, sent, view(room));
    }
    room ??= (await api.get(id)) ?? gone(id);
    if (changed.includes("templateId")) room = await moveTemplate(api, room, args.templateId as string);
    // Codes follow the roles of the room's template: synced when roomCodes changed (a role added
    // or removed, a code missing) or when the room moved to another template.
    const syncCodes =
      typeof args.roomCodes === "boolean" &&
      (changed.includes("roomCodes") || (changed.includes("templateId") && args.roomCodes));
    if (!syncCodes) return view(room, { recorded: stored.roomCodes });
    try {
      const wanted = args.roomCodes as boolean;
      return view(room, { read: await applyRoomCodes(codesApi(api), room, isEnabled(room), wanted) });
    } catch (err) {
      const wrote = direct.length > 0 || changed.includes("templateId");
      if (!wrote || err instanceof PartialStateError) throw err;
      throw new PartialStateError(codesNotMade(view(room), args), err);
    }
  },

  async delete(id, stored) {
    // 100ms has no delete: disabling stops new joins. Only 100ms's own not-found for this room
    // means it is already gone; any other answer must show the room disabled.
    const api = new HmsApi(hmsClient(hmsSettings()));
    let room: HmsApiRoom;
    try {
      // Codes first: once the room is disabled, 100ms no longer lists them (§6.5), and a code
      // left enabled is a way in should the room be enabled again.
      if (stored.roomCodes !== null && stored.roomCodes !== undefined && stored.roomCodes !== false)
        await disableRoomCodes(codesApi(api), id);
      room = await api.update(id, { enabled: false }, []);
    } catch (err) {
      if (isRoomNotFound(err)) return;
      throw err;
    }
    sameRoom(id, room, "disabling");
    if (reportedProperties(service, view(room)).enabled !== false) {
      throw new RoomError(
        `100ms answered the disable of room ${id} with the room still enabled, so it stays in the stack. ` +
          "Run `pulumi destroy` again, or disable the room in the 100ms dashboard and run `pulumi refresh`",
      );
    }
    disabledByThisRun.add(id);
  },
};

/**
 * Moves a room to another template. 100ms documents no template change on the update endpoint;
 * its documented way is the create-by-name upsert (hms-api.md §4.2, §14.2), which moves the room
 * under that name. The name is the room's own, as just read by its id: never the one in state,
 * which someone may have renamed and given to another room since. Names are unique, but whether a
 * create over a disabled room's name makes a second room is not documented (§14.3): for a disabled
 * room, an enabled one answering to its name would take the upsert, so nothing is written then.
 */
async function moveTemplate(api: HmsApi, room: HmsApiRoom, templateId: string): Promise<HmsApiRoom> {
  const disabled = reportedProperties(service, view(room)).enabled === false;
  if (disabled) {
    const other = await api.findByName(room.name, true);
    if (other && other.id !== room.id) {
      throw new RoomError(
        `property templateId: 100ms moves a room to another template only through a create by name, and ` +
          `the name "${room.name}" of this disabled room (${room.id}) also answers with the enabled room ` +
          `${other.id}, which is not this resource's; nothing was written. Rename one of the two rooms, ` +
          "or move this room in the 100ms dashboard and run `pulumi refresh`",
      );
    }
  }
  const moved = sameRoom(
    room.id,
    await api.upsert({ name: room.name, template_id: templateId }, []),
    "the template move (create-by-name)",
  );
  expectApplied(service, { templateId }, view(moved));
  // The upsert is documented to apply its payload; whether it also re-enables a disabled room is
  // not (§14.3). A move must not change whether peers can join.
  if (!disabled || reportedProperties(service, view(moved)).enabled === false) return moved;
  const restored = sameRoom(room.id, await api.update(room.id, { enabled: false }, []), "disabling again");
  expectApplied(service, { enabled: false, templateId }, view(restored));
  return restored;
}

function gone(id: string): never {
  throw new RoomError(
    `100ms room ${id} no longer exists (100ms answered "Room not found"); run \`pulumi refresh\`, ` +
      "then `pulumi up` re-creates it",
  );
}

function nameTaken(existing: HmsApiRoom, state: "enabled" | "disabled"): RoomError {
  return new RoomError(
    `a 100ms room named "${existing.name}" already exists (id ${existing.id}, ${state}), and this ` +
      "resource did not create it. Set `adopt: true` to manage that room with Pulumi, or choose another name. " +
      "(A `pulumi destroy` of an HmsRoom leaves the room disabled, since 100ms has no delete: " +
      "`adopt: true` is also how a stack takes such a room back.)",
  );
}

/**
 * The HmsRoom dynamic provider, as this module's whole exports: its path is recorded in users'
 * state, so this file must never move (see CHANGELOG.md's version policy).
 */
const hmsProvider = roomProvider(service);
export = hmsProvider;
