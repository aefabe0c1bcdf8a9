import { ServiceClient, type ServiceSettings } from "../core/http/client";
import { ApiError } from "../core/http/errors";

/** A room object as the 100ms API returns it (hms-api.md §8). */
export type HmsApiRoom = Record<string, unknown> & { id: string; name: string; enabled: boolean };

const hint = ({ kind, status }: { kind: string; status?: number }) => {
  if (kind === "auth")
    return (
      "Check hms:accessKey and hms:appSecret (or hms:managementToken), or the HMS_ACCESS_KEY and " +
      "HMS_APP_SECRET (or HMS_MANAGEMENT_TOKEN) environment variables: 100ms rejected the token"
    );
  if (status === 404) return "The room no longer exists in this workspace; run `pulumi refresh`";
  return undefined;
};

/** The 100ms room endpoints (hms-api.md §3). */
export class HmsApi {
  private readonly client: ServiceClient;

  constructor(settings: ServiceSettings) {
    this.client = new ServiceClient({ ...settings, service: "100ms", baseUrl: settings.apiUrl, hint });
  }

  /** GET /rooms/<id>; undefined when 100ms answers 404. A read is always safe to repeat. */
  async get(id: string): Promise<HmsApiRoom | undefined> {
    try {
      return await this.client.request<HmsApiRoom>({
        method: "GET",
        path: `/rooms/${encodeURIComponent(id)}`,
      });
    } catch (err) {
      if (ApiError.is(err) && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * The room with this name (case-insensitive, as 100ms compares names) among enabled or disabled
   * rooms. The list endpoint defaults to enabled rooms only, hence the explicit filter.
   */
  async findByName(name: string, enabled: boolean): Promise<HmsApiRoom | undefined> {
    const page = await this.client.request<{ data?: HmsApiRoom[] | null }>({
      method: "GET",
      path: "/rooms",
      query: { name, enabled, limit: 10 },
    });
    return (page.data ?? []).find((room) => room.name.toLowerCase() === name.toLowerCase());
  }

  /**
   * POST /rooms: create, or update the room that already has this name. Safe to repeat because it
   * is an upsert by name (hms-api.md §4.2) and every call here sends a name: a retry after a lost
   * response lands on the same room instead of making a second one.
   */
  upsert(body: Record<string, unknown>, redact: string[]): Promise<HmsApiRoom> {
    return this.client.request<HmsApiRoom>({ method: "POST", path: "/rooms", body, redact });
  }

  /** POST /rooms/<id>: partial update. Setting the same fields twice gives the same room, so it is safe to repeat. */
  update(id: string, body: Record<string, unknown>, redact: string[]): Promise<HmsApiRoom> {
    return this.client.request<HmsApiRoom>({
      method: "POST",
      path: `/rooms/${encodeURIComponent(id)}`,
      body,
      redact,
    });
  }
}
