import { type ErrorHint, ServiceClient, type ServiceSettings } from "../core/http/client";
import { ApiError } from "../core/http/errors";
import { HMS_NAMES } from "./properties";

/** A room object as the 100ms API returns it (hms-api.md §8). */
export type HmsApiRoom = Record<string, unknown> & { id: string; name: string; enabled: boolean };

/**
 * Whether an error is 100ms's not-found for the room addressed: a 404 whose message is the room's
 * "Room not found" (hms-api.md §9.3, §12; "Error: Room not found" in the older error shape). Any
 * other 404 (a wrong apiUrl, a gateway's page) says nothing about the room.
 */
export function isRoomNotFound(err: unknown): boolean {
  if (!ApiError.is(err) || err.status !== 404) return false;
  return [err.apiMessage ?? "", ...err.details].some((text) =>
    /^(error: )?room not found\.?$/i.test(text.trim()),
  );
}

/** What to do about a 100ms error; shared by every 100ms client. */
export const hmsHint: ErrorHint = ({ kind, status, apiMessage }) => {
  if (kind === "auth")
    return (
      "Check hms:accessKey and hms:appSecret (or hms:managementToken), or the HMS_ACCESS_KEY and " +
      "HMS_APP_SECRET (or HMS_MANAGEMENT_TOKEN) environment variables: 100ms rejected the token"
    );
  if (status === 404 && /room not found/i.test(apiMessage ?? ""))
    return "The room no longer exists in this workspace; run `pulumi refresh`";
  if (status === 404 && /(template|role|code) not found/i.test(apiMessage ?? ""))
    return "Run `pulumi refresh`: it was changed outside this stack (check the template in the 100ms dashboard)";
  if (status === 403 && /room is disabled/i.test(apiMessage ?? ""))
    return "100ms keeps no room codes for a disabled room: set `enabled: true` on the room first";
  if (status === 404)
    return (
      "This is not 100ms's answer for a missing room: check hms:apiUrl (or HMS_API_URL), which must " +
      "be the API base ending in /v2, e.g. https://api.100ms.live/v2"
    );
  return undefined;
};

/** A client for the 100ms API, with its error hints (`hint`: an endpoint family's own, e.g. templates'). */
export function hmsClient(settings: ServiceSettings, hint: ErrorHint = hmsHint): ServiceClient {
  return new ServiceClient({ ...settings, service: HMS_NAMES.service, baseUrl: settings.apiUrl, hint });
}

/** The 100ms room endpoints (hms-api.md §3). */
export class HmsApi {
  constructor(readonly client: ServiceClient) {}

  /** GET /rooms/<id>; undefined on 100ms's not-found for that room. A read is always safe to repeat. */
  async get(id: string): Promise<HmsApiRoom | undefined> {
    try {
      return await this.client.request<HmsApiRoom>({
        method: "GET",
        path: `/rooms/${encodeURIComponent(id)}`,
      });
    } catch (err) {
      if (isRoomNotFound(err)) return undefined;
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
    return (page.data ?? []).find(
      (room) => typeof room.name === "string" && room.name.toLowerCase() === name.toLowerCase(),
    );
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
