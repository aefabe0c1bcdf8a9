import { randomUUID } from "node:crypto";
import { parseJsonObject } from "../http/body";
import type { Reply } from "../http/reply";
import { newObjectId } from "../ids";
import type { RoomTable } from "../room-table";
import type { ApiRequest } from "../service";
import type { HmsConfig } from "./config";
import { hmsError, invalidBodyParam } from "./errors";
import { LIST_LIMITS, listPage } from "./paging";
import type { HmsTemplateRecord, JsonObject } from "./records";
import type { RouteMatcher } from "./routes";
import {
  parseDestinations,
  parseRecordings,
  parseRole,
  parseSettings,
  parseTemplate,
  type TemplateParts,
} from "./template-body";
import { settingsView, templateView, withoutFalse } from "./template-view";

const GET_POST = ["GET", "POST"] as const;

/** 404 for an unknown template id; no text is documented (§9.15), so it mirrors `Room not found`. */
export const TEMPLATE_NOT_FOUND: Reply = hmsError(404, "Template not found");
const ROLE_NOT_FOUND: Reply = hmsError(404, "Role not found");

/**
 * The 100ms template API (hms-templates-api.md §2, T1-T4, R1-R3, S1-S2, X1-X2, C1-C2) below
 * `/v2/templates`. There is no DELETE of templates (§9.14): only roles can be deleted.
 */
export function templateRoutes(
  config: HmsConfig,
  templates: RoomTable<HmsTemplateRecord>,
  commit: () => Promise<void>,
): RouteMatcher {
  const view = (template: HmsTemplateRecord): Reply => ({
    status: 200,
    body: templateView(template, config),
  });

  /** The body as a JSON object, or the 400 for a malformed one (an empty body counts as `{}`). */
  function body(req: ApiRequest): { value: unknown } | { error: Reply } {
    const parsed = parseJsonObject(req.body);
    if (parsed.kind === "invalid") {
      // C1 takes an array, which the object parser refuses: read it here.
      try {
        const value: unknown = JSON.parse(req.body.toString("utf8"));
        if (Array.isArray(value)) return { value };
      } catch {
        // falls through to the parser's own reason
      }
      return { error: hmsError(400, "Invalid body", parsed.reason) };
    }
    return { value: parsed.kind === "object" ? parsed.value : {} };
  }

  function objectBody(req: ApiRequest): { value: JsonObject } | { error: Reply } {
    const read = body(req);
    if ("error" in read) return read;
    if (Array.isArray(read.value))
      return { error: hmsError(400, "Invalid body", "body must be a JSON object") };
    return { value: read.value as JsonObject };
  }

  async function save(template: HmsTemplateRecord, reply: () => Reply): Promise<Reply> {
    template.updatedAt = new Date().toISOString();
    await commit();
    return reply();
  }

  /** Replaces every part a T1/T4 body covers (§4.4 "overwrites all fields"); the id, creation time and recording configs stay. */
  function overwrite(template: HmsTemplateRecord, parts: TemplateParts): void {
    template.roles = parts.roles ?? {};
    template.settings = parts.settings ?? {};
    template.destinations = parts.destinations ?? {};
    if (parts.plugins === undefined) delete template.plugins;
    else template.plugins = parts.plugins;
  }

  async function create(req: ApiRequest): Promise<Reply> {
    const read = objectBody(req);
    if ("error" in read) return read.error;
    const parsed = parseTemplate(read.value, "create");
    if (!parsed.ok) return parsed.error;
    const parts = parsed.value;
    // A create with a taken name overwrites that template (§4.2). No source says whether the id is
    // kept (§9.1): it is, as an overwrite, and names match exactly (case-sensitively).
    const existing = parts.name === undefined ? undefined : templates.findByName(parts.name);
    if (existing) {
      overwrite(existing, parts);
      return save(existing, () => view(existing));
    }
    const now = new Date().toISOString();
    const template: HmsTemplateRecord = {
      id: newObjectId(),
      name: parts.name ?? `template-${randomUUID()}`,
      roles: {},
      settings: {},
      destinations: {},
      recordings: [],
      createdAt: now,
      updatedAt: now,
    };
    overwrite(template, parts);
    templates.insert(template);
    await commit();
    return view(template);
  }

  async function update(template: HmsTemplateRecord, req: ApiRequest): Promise<Reply> {
    const read = objectBody(req);
    if ("error" in read) return read.error;
    const parsed = parseTemplate(read.value, "update");
    if (!parsed.ok) return parsed.error;
    const { name } = parsed.value;
    if (name !== undefined) {
      const holder = templates.findByName(name);
      // The "overwrite error" of a rename onto a taken name has no documented status (§9.2): 400.
      if (holder && holder !== template) return invalidBodyParam("name is already used by another template");
      templates.change(template, (renamed) => {
        renamed.name = name;
      });
    }
    overwrite(template, parsed.value);
    return save(template, () => view(template));
  }

  function list(query: URLSearchParams): Reply {
    // Newest first by id (§4.5: the example and v1's "decreasing ID"); paged as rooms are.
    const listed = listPage(
      query,
      templates.all().sort((a, b) => (a.id < b.id ? 1 : -1)),
      LIST_LIMITS,
    );
    if ("error" in listed) return listed.error;
    const { limit, page, last } = listed;
    return { status: 200, body: { limit, data: page.map((t) => templateView(t, config)), last } };
  }

  async function role(template: HmsTemplateRecord, name: string, req: ApiRequest): Promise<Reply> {
    const current = template.roles[name];
    if (req.method === "GET") return current ? { status: 200, body: current } : ROLE_NOT_FOUND;
    if (req.method === "DELETE") {
      if (!current) return ROLE_NOT_FOUND;
      // Nothing else changes (§9.4): references in subscribeToRoles, destinations or plugins stay,
      // and room codes of the role are disabled only by the next create-codes call (§6.4).
      delete template.roles[name];
      return save(template, () => ({ status: 204, body: undefined }));
    }
    const read = objectBody(req);
    if ("error" in read) return read.error;
    // A body `name` other than the path's renames the role (§4.6).
    const newName = read.value.name ?? name;
    if (typeof newName !== "string" || newName === "") return invalidBodyParam("name must be a string");
    if (newName !== name && template.roles[newName])
      return invalidBodyParam("name is already used by another role");
    // The role is replaced, not merged: omitted fields go back to their defaults (§9.3, as T4 replaces).
    const parsed = parseRole(read.value, newName);
    if (!parsed.ok) return parsed.error;
    const roles = Object.entries(template.roles).filter(([key]) => key !== name);
    template.roles = Object.fromEntries([...roles, [newName, parsed.value]]);
    return save(template, () => ({ status: 200, body: parsed.value }));
  }

  async function part(template: HmsTemplateRecord, which: string, req: ApiRequest): Promise<Reply> {
    if (which === "settings") {
      const shown = () => ({ status: 200, body: settingsView(template.settings, config.credentialsEcho) });
      if (req.method === "GET") return shown();
      const read = objectBody(req);
      if ("error" in read) return read.error;
      // S2 replaces the settings (§9.3, read like T4), defaults filled again.
      const parsed = parseSettings(read.value);
      if (!parsed.ok) return parsed.error;
      template.settings = parsed.value;
      return save(template, shown);
    }
    if (which === "destinations") {
      if (req.method === "GET") return { status: 200, body: template.destinations };
      const read = objectBody(req);
      if ("error" in read) return read.error;
      const parsed = parseDestinations(read.value, template.settings);
      if (!parsed.ok) return parsed.error;
      template.destinations = parsed.value;
      return save(template, () => ({ status: 200, body: template.destinations }));
    }
    const shown = () => ({ status: 200, body: withoutFalse(template.recordings) });
    if (req.method === "GET") return shown();
    const read = body(req);
    if ("error" in read) return read.error;
    const parsed = parseRecordings(read.value, Object.keys(template.roles));
    if (!parsed.ok) return parsed.error;
    template.recordings = parsed.value;
    return save(template, shown);
  }

  return (segments) => {
    const [collection, id, section, roleName, ...rest] = segments;
    if (collection !== "templates" || id === "" || rest.length > 0) return undefined;
    if (id === undefined) {
      return {
        allow: GET_POST,
        handle: (req) => (req.method === "GET" ? Promise.resolve(list(req.query)) : create(req)),
      };
    }
    const withTemplate =
      (handle: (template: HmsTemplateRecord, req: ApiRequest) => Promise<Reply> | Reply) =>
      async (req: ApiRequest): Promise<Reply> => {
        const template = templates.get(id);
        return template ? handle(template, req) : TEMPLATE_NOT_FOUND;
      };
    if (section === undefined) {
      return {
        allow: GET_POST,
        handle: withTemplate((t, req) => (req.method === "GET" ? view(t) : update(t, req))),
      };
    }
    if (section === "roles" && roleName) {
      return { allow: ["GET", "POST", "DELETE"], handle: withTemplate((t, req) => role(t, roleName, req)) };
    }
    if (roleName !== undefined || !["settings", "destinations", "recordings"].includes(section))
      return undefined;
    return { allow: GET_POST, handle: withTemplate((t, req) => part(t, section, req)) };
  };
}
