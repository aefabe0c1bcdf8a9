import type { ErrorHint, ServiceClient, ServiceSettings } from "../core/http/client";
import { ApiError } from "../core/http/errors";
import type { Plain } from "../core/plain";
import { hmsClient, hmsHint } from "../hms/api";

/** A template as the 100ms API returns it (hms-templates-api.md §3.1). */
export type HmsApiTemplate = Plain & {
  id: string;
  name: string;
  roles?: Plain;
  settings?: Plain;
  destinations?: Plain;
};

const hint: ErrorHint = (error) => {
  if (error.status === 404)
    return (
      "100ms answered 404 for this template: if it was deleted in the dashboard, run `pulumi refresh`; " +
      "otherwise check hms:apiUrl (or HMS_API_URL), which must be the API base ending in /v2"
    );
  return hmsHint(error);
};

/**
 * The 100ms template endpoints (hms-templates-api.md §2). Every write here sends a whole object
 * (a template, a role, the settings, the destinations, the recording configs) that replaces what
 * it addresses, so repeating one after a lost answer gives the same template: all are safe to retry.
 */
export class HmsTemplateApi {
  private readonly client: ServiceClient;

  constructor(settings: ServiceSettings) {
    this.client = hmsClient(settings, hint);
  }

  /**
   * GET /templates/<id>; undefined when the template is gone. 100ms documents no not-found for
   * templates (§9.15), so a 404 means gone only when the workspace's own list, which the same
   * URL and token just answered, does not hold the id either.
   */
  async get(id: string): Promise<HmsApiTemplate | undefined> {
    try {
      return await this.client.request<HmsApiTemplate>({ method: "GET", path: templatePath(id) });
    } catch (err) {
      if (!ApiError.is(err) || err.status !== 404) throw err;
      if ((await this.list()).some((t) => t.id === id)) throw err;
      return undefined;
    }
  }

  /** Every template of the workspace (T3 has no name filter, §4.5), following `last` page by page. */
  async list(): Promise<HmsApiTemplate[]> {
    const all: HmsApiTemplate[] = [];
    const seen = new Set<string>();
    let start: string | undefined;
    for (;;) {
      const page = await this.client.request<{ data?: HmsApiTemplate[] | null; last?: string }>({
        method: "GET",
        path: "/templates",
        query: { limit: 100, start },
      });
      const data = page.data ?? [];
      all.push(...data);
      // A cursor seen before would loop forever: the list is read to its end either way.
      if (data.length === 0 || !page.last || seen.has(page.last)) return all;
      seen.add(page.last);
      start = page.last;
    }
  }

  /**
   * The template with this name. Whether 100ms compares template names ignoring case is not
   * documented (§9.1), so any case counts: a create over it might overwrite it.
   */
  async findByName(name: string): Promise<HmsApiTemplate | undefined> {
    const wanted = name.toLowerCase();
    return (await this.list()).find((t) => typeof t.name === "string" && t.name.toLowerCase() === wanted);
  }

  /** POST /templates (T1): an upsert by name (§4.2), so a retry lands on the template the first try made. */
  create(body: Plain, redact: string[]): Promise<HmsApiTemplate> {
    return this.client.request({ method: "POST", path: "/templates", body, redact });
  }

  /** POST /templates/<id> (T4): overwrites the whole template with the body (§4.4). */
  replace(id: string, body: Plain, redact: string[]): Promise<HmsApiTemplate> {
    return this.client.request({ method: "POST", path: templatePath(id), body, redact });
  }

  /** POST /templates/<id>/roles/<role> (R2): creates or replaces one role. */
  putRole(id: string, role: string, body: Plain): Promise<Plain> {
    return this.client.request({ method: "POST", path: rolePath(id, role), body });
  }

  /**
   * DELETE /templates/<id>/roles/<role> (R3). A retry after a lost 204 answers 404 (§4.6): the
   * role is gone either way, which the caller confirms by reading the template again.
   */
  async deleteRole(id: string, role: string): Promise<void> {
    try {
      await this.client.request({ method: "DELETE", path: rolePath(id, role) });
    } catch (err) {
      if (!ApiError.is(err) || err.status !== 404) throw err;
    }
  }

  /** POST /templates/<id>/settings (S2). */
  putSettings(id: string, body: Plain, redact: string[]): Promise<Plain> {
    return this.client.request({ method: "POST", path: `${templatePath(id)}/settings`, body, redact });
  }

  /** POST /templates/<id>/destinations (X2). */
  putDestinations(id: string, body: Plain, redact: string[]): Promise<Plain> {
    return this.client.request({ method: "POST", path: `${templatePath(id)}/destinations`, body, redact });
  }

  /** GET /templates/<id>/recordings (C2): the recording configs (an array, §3.6). */
  async recordings(id: string): Promise<Plain[]> {
    const answer = await this.client.request<unknown>({
      method: "GET",
      path: `${templatePath(id)}/recordings`,
    });
    return Array.isArray(answer) ? (answer as Plain[]) : [];
  }

  /** POST /templates/<id>/recordings (C1): replaces the recording configs. */
  putRecordings(id: string, body: Plain[]): Promise<unknown> {
    return this.client.request({ method: "POST", path: `${templatePath(id)}/recordings`, body });
  }
}

const templatePath = (id: string) => `/templates/${encodeURIComponent(id)}`;
const rolePath = (id: string, role: string) => `${templatePath(id)}/roles/${encodeURIComponent(role)}`;
