import { changedProperties } from "../core/host/compare";
import { PartialStateError, RoomError } from "../core/host/errors";
import { fromApi, toApi } from "../core/host/mapping";
import { roomProvider } from "../core/host/room-provider";
import type { RoomService, RoomView } from "../core/host/room-service";
import { expectApplied, expectSameRoom } from "../core/host/verify";
import { isPlainObject, type Plain, pick } from "../core/plain";
import { secretValues } from "../core/properties/field";
import { HMS_CONFIG_KEYS, hmsSettings } from "../hms/settings";
import { type HmsApiTemplate, HmsTemplateApi } from "./api";
import {
  hmsTemplateFields as fields,
  HMS_TEMPLATE_NAMES,
  type HmsTemplateInputs,
  hmsTemplateSchema,
} from "./properties";
import { destinationsBody, merge, named, removedKeys, settingsBody } from "./write";

type Args = HmsTemplateInputs & Plain;

/** The parts of a template the template object itself carries (T1, T2, T4); recordings have their own endpoint (C1, C2). */
const TEMPLATE_PARTS = ["name", "roles", "settings", "destinations", "plugins"];

function view(template: HmsApiTemplate, recordings?: Plain[]): RoomView {
  return {
    id: template.id,
    room: recordings ? { ...template, recordings } : template,
    computed: {
      templateId: template.id,
      customerId: template.customerId,
      roleNames: isPlainObject(template.roles) ? Object.keys(template.roles).sort() : [],
      createdAt: template.createdAt,
      updatedAt: template.updatedAt,
    },
  };
}

function sameTemplate(id: string, template: HmsApiTemplate | undefined, what: string): HmsApiTemplate {
  if (!template) throw gone(id);
  expectSameRoom(id, template.id, what);
  return template;
}

/** What a write of the whole template sends for the template object's parts (T1). */
function templateBody(args: Args): Plain {
  const body = toApi(fields, pick(args, TEMPLATE_PARTS));
  if (isPlainObject(body.roles)) body.roles = named(body.roles);
  if (isPlainObject(body.destinations))
    body.destinations = Object.fromEntries(
      Object.entries(body.destinations).map(([kind, map]) => [kind, isPlainObject(map) ? named(map) : map]),
    );
  return body;
}

/** The recording configs to send (C1 takes exactly one, §3.6): the program's over the current one of the same name. */
function recordingsBody(current: Plain[], desired: Plain[]): Plain[] {
  const table = fields.recordings?.items ?? {};
  return desired.map((config) => {
    const same = current.find((c) => c.name === config.name);
    return merge(same ?? {}, toApi(table, config)) as Plain;
  });
}

const service: RoomService = {
  kind: HMS_TEMPLATE_NAMES.kind,
  schema: hmsTemplateSchema,
  fields,
  nameProperty: "name",
  assumed: {},
  configKeys: HMS_CONFIG_KEYS,
  assertConfigured: () => void hmsSettings(),

  async create(input, { autoNamed }) {
    const args = input as Args;
    const api = new HmsTemplateApi(hmsSettings());
    // 100ms's create overwrites a template of the same name (§4.2): look before writing. A template
    // under the resource's own generated name is its own (an interrupted create), so none is looked for.
    const existing = autoNamed ? undefined : await api.findByName(args.name as string);
    if (existing) {
      if (args.adopt !== true) throw nameTaken(existing);
      // Adopting changes only what the program sets, as an update does: never the create's overwrite.
      const set = Object.keys(pick(args, Object.keys(fields)));
      return write(
        api,
        existing,
        {},
        args,
        set.filter((p) => p !== "name" || args.name !== existing.name),
      );
    }
    const made = await api.create(templateBody(args), secretValues(fields, args));
    const created = expectApplied(service, pick(args, TEMPLATE_PARTS), view(made));
    if (!args.recordings) return created;
    try {
      await api.putRecordings(made.id, recordingsBody([], args.recordings as Plain[]));
      const recordings = await api.recordings(made.id);
      return expectApplied(service, pick(args, ["recordings"]), view(made, recordings));
    } catch (err) {
      throw err instanceof PartialStateError ? err : new PartialStateError(created, err);
    }
  },

  async read(id, stored) {
    const api = new HmsTemplateApi(hmsSettings());
    const template = await api.get(id);
    if (!template) return undefined;
    sameTemplate(id, template, "a read");
    // The recording configs cost a call of their own: read only when the program manages them.
    return view(template, stored.recordings ? await api.recordings(id) : undefined);
  },

  async update(id, stored, input, changed) {
    const api = new HmsTemplateApi(hmsSettings());
    const current = sameTemplate(id, await api.get(id), "a read before the update");
    return write(api, current, stored, input as Args, changed);
  },

  // 100ms has no delete for templates (§2, §9.14): the resource leaves the stack, the template
  // stays in the workspace. The class warns about it at every preview (see resource.ts).
  async delete() {},
};

/**
 * Writes the properties in `changed` to the template just read (`current`), each part through its
 * own endpoint (a role through R2, settings S2, destinations X2, recordings C1; the name and plugins
 * only have the whole-template T4), then reads the template again and checks every write took.
 * `stored` is what the program set before: entries it set then and no longer sets are removed.
 */
async function write(
  api: HmsTemplateApi,
  current: HmsApiTemplate,
  stored: Plain,
  args: Args,
  changed: string[],
): Promise<RoomView> {
  const id = current.id;
  const redact = secretValues(fields, args);
  const removedRoles = changed.includes("roles") ? removedKeys(stored.roles, args.roles) : [];
  if (changed.includes("roles") && isPlainObject(args.roles)) {
    const table = fields.roles?.entries ?? {};
    const now = isPlainObject(current.roles) ? current.roles : {};
    const reported = fromApi(fields, { roles: now }).roles as Plain;
    for (const [role, desired] of Object.entries(args.roles)) {
      // A role that already is as the program sets it is not written again.
      const have = reported[role];
      if (
        have !== undefined &&
        changedProperties(fields, { roles: { [role]: have } }, { roles: { [role]: desired } }).length === 0
      )
        continue;
      const body = merge(now[role] ?? {}, toApi(table, desired as Plain)) as Plain;
      await api.putRole(id, role, { ...body, name: role });
    }
    for (const role of removedRoles) if (now[role] !== undefined) await api.deleteRole(id, role);
  }
  if (changed.includes("settings"))
    await api.putSettings(id, settingsBody(current.settings, args.settings as Plain, fields), redact);
  if (changed.includes("destinations") && isPlainObject(args.destinations)) {
    const table = fields.destinations?.fields ?? {};
    const body = destinationsBody(current.destinations, args.destinations, stored.destinations, table);
    await api.putDestinations(id, body, redact);
  }
  if (changed.includes("recordings") && Array.isArray(args.recordings))
    await api.putRecordings(id, recordingsBody(await api.recordings(id), args.recordings as Plain[]));
  if (changed.includes("name") || changed.includes("plugins")) {
    // Only T4 changes these, and it overwrites the whole template (§4.4): the body is the template
    // as it is now, with the program's name and plugins; read again if a part was just written.
    const partsWritten = ["roles", "settings", "destinations"].some((part) => changed.includes(part));
    const now = partsWritten
      ? sameTemplate(id, await api.get(id), "a read before the whole-template update")
      : current;
    const body: Plain = {
      name: args.name ?? now.name,
      roles: now.roles ?? {},
      settings: settingsBody(now.settings, args.settings as Plain | undefined, fields),
      destinations: now.destinations ?? {},
    };
    const plugins = merge(
      now.plugins,
      args.plugins && toApi(fields.plugins?.fields ?? {}, args.plugins as Plain),
    );
    if (plugins !== undefined) body.plugins = plugins;
    sameTemplate(id, await api.replace(id, body, redact), "the whole-template update");
  }
  const after = sameTemplate(id, await api.get(id), "a read after the update");
  const result = view(after, args.recordings ? await api.recordings(id) : undefined);
  expectApplied(service, pick(args, changed), result);
  const roles = isPlainObject(after.roles) ? after.roles : {};
  const kept = removedRoles.filter((role) => roles[role] !== undefined);
  const keptEntries = leftoverEntries(after.destinations, stored.destinations, args.destinations, changed);
  if (kept.length + keptEntries.length > 0)
    throw new PartialStateError(
      result,
      new RoomError(
        `100ms answered the update with ${[...kept.map((r) => `role ${r}`), ...keptEntries].join(", ")} still ` +
          "in the template, which the program no longer sets. Run `pulumi up` again, or remove it in the 100ms dashboard",
      ),
    );
  return result;
}

/** Destination entries the program removed that 100ms still shows, as `destinations.<kind>.<name>`. */
function leftoverEntries(after: unknown, before: unknown, desired: unknown, changed: string[]): string[] {
  if (!changed.includes("destinations") || !isPlainObject(desired) || !isPlainObject(after)) return [];
  return Object.keys(desired).flatMap((kind) => {
    const removed = removedKeys(isPlainObject(before) ? before[kind] : undefined, desired[kind]);
    const now = after[kind];
    return removed
      .filter((key) => isPlainObject(now) && now[key] !== undefined)
      .map((key) => `destinations.${kind}.${key}`);
  });
}

function gone(id: string): RoomError {
  return new RoomError(
    `100ms template ${id} no longer exists (it is not in the workspace's template list); run \`pulumi refresh\`, ` +
      "then `pulumi up` re-creates it",
  );
}

function nameTaken(existing: HmsApiTemplate): RoomError {
  return new RoomError(
    `a 100ms template named "${existing.name}" already exists (id ${existing.id}), and this resource did not ` +
      "create it; 100ms's create would overwrite it. Set `adopt: true` to manage that template with Pulumi " +
      "(only the properties the program sets are changed), or choose another name.",
  );
}

/**
 * The HmsTemplate dynamic provider, as this module's whole exports: its path is recorded in users'
 * state, so this file must never move (see CHANGELOG.md's version policy).
 */
const hmsTemplateProvider = roomProvider(service);
export = hmsTemplateProvider;
