import { toApi } from "../core/dynamic/fields";
import {
  PartialCreateError,
  RoomError,
  type RoomService,
  type RoomView,
  roomProvider,
} from "../core/dynamic/runtime";
import { ApiError } from "../core/http/errors";
import { HmsApi, type HmsApiRoom } from "./api";
import { hmsFields } from "./fields";
import { type HmsRoomInputs, hmsRoomSchema } from "./schema";
import { HMS_CONFIG_KEYS, hmsSettings } from "./settings";

type Args = HmsRoomInputs & Record<string, unknown>;

function view(room: HmsApiRoom): RoomView {
  // A room whose recording follows its template has no recording settings of its own: reporting
  // the template's as the room's would store a (secret) recordingInfo the program never set.
  const { recording_info, ...rest } = room;
  return {
    id: room.id,
    room: room.recording_source_template === true ? rest : room,
    computed: {
      roomId: room.id,
      customerId: room.customer_id,
      templateName: room.template,
      createdAt: room.created_at,
      updatedAt: room.updated_at,
    },
  };
}

/** Secret values in a request body, so an echo of them in an error is scrubbed. */
function secretsIn(args: Args): string[] {
  const credentials = args.recordingInfo?.uploadInfo?.credentials;
  return [credentials?.key, credentials?.secret, ...Object.values(args.webhook?.headers ?? {})].filter(
    (v): v is string => typeof v === "string",
  );
}

/** The create body: every set property except `enabled`, which 100ms documents only for updates. */
function createBody(args: Args) {
  const { enabled: _enabled, ...rest } = toApi(hmsFields, args);
  return rest;
}

const service: RoomService = {
  kind: "HmsRoom",
  schema: hmsRoomSchema,
  fields: hmsFields,
  nameProperty: "name",
  defaults: { enabled: true },
  assertConfigured: () => void hmsSettings(),

  async create(input, { autoNamed }) {
    const args = input as Args;
    const api = new HmsApi(hmsSettings());
    const name = args.name as string;
    // Create is an upsert by name: look before writing, so someone else's room is never silently
    // reconfigured. A room under our own auto-name is ours (an interrupted earlier create), and a
    // disabled one is a room an earlier destroy left behind: both are taken over.
    const existing = await api.findByName(name, true);
    if (existing && !autoNamed && args.adopt !== true) {
      throw new RoomError(
        `a 100ms room named "${existing.name}" already exists (id ${existing.id}) and is enabled. ` +
          "Set `adopt: true` to manage that room with Pulumi, or choose another name",
      );
    }
    const room = await api.upsert(createBody(args), secretsIn(args));
    const wantEnabled = args.enabled !== false;
    if (room.enabled === wantEnabled) return view(room);
    try {
      return view(await api.update(room.id, { enabled: wantEnabled }, []));
    } catch (err) {
      throw new PartialCreateError(view(room), err);
    }
  },

  async read(id) {
    const room = await new HmsApi(hmsSettings()).get(id);
    return room && view(room);
  },

  async update(id, stored, input, changed) {
    const args = input as Args;
    const api = new HmsApi(hmsSettings());
    const direct = changed.filter((p) => p !== "templateId");
    let room: HmsApiRoom | undefined;
    if (direct.length > 0) room = await api.update(id, toApi(hmsFields, args, direct), secretsIn(args));
    if (changed.includes("templateId")) {
      // 100ms documents no template change on the update endpoint; its documented way is the
      // create-by-name upsert, which moves the existing room (same id) to the new template.
      const name = (room?.name ?? stored.name) as string;
      room = await api.upsert({ name, template_id: args.templateId }, []);
      if (room.id !== id) {
        throw new RoomError(`100ms moved a different room (${room.id}) to the new template; expected ${id}`);
      }
    }
    return view(room ?? (await api.get(id)) ?? missing(id));
  },

  async delete(id) {
    // 100ms has no delete: disabling stops new joins, and a later create under the same name
    // takes the room over again. A room already gone is already deleted.
    try {
      await new HmsApi(hmsSettings()).update(id, { enabled: false }, []);
    } catch (err) {
      if (!(ApiError.is(err) && err.status === 404)) throw err;
    }
  },
};

function missing(id: string): never {
  throw new RoomError(
    `100ms room ${id} no longer exists; run \`pulumi refresh\` and then \`pulumi up\` to re-create it`,
  );
}

/**
 * The HmsRoom dynamic provider, as this module's whole exports: its path is recorded in users'
 * state, so this file must never move (see CHANGELOG.md's version policy).
 */
const hmsProvider = roomProvider(service, HMS_CONFIG_KEYS);
export = hmsProvider;
