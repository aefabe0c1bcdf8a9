import { ServiceClient } from "../core/http/client";
import { ApiError } from "../core/http/errors";
import type { MeteredSettings } from "./settings";

/** A room object as the Metered API returns it (metered-api.md §4). */
export type MeteredApiRoom = Record<string, unknown> & {
  _id: string;
  roomName: string;
  app?: string;
  created?: string;
};

/** Metered answers 400 `room not found` for a missing room, not 404 (metered-api.md §5). */
export function isRoomNotFound(err: unknown): boolean {
  return ApiError.is(err) && (err.status === 404 || /room not found/i.test(err.apiMessage ?? ""));
}

/** A create refused because the name is taken ("Room with the name X already exist(s)"). */
export function isNameTaken(err: unknown): err is ApiError {
  return ApiError.is(err) && /already exist/i.test(err.apiMessage ?? "");
}

const hint = ({ kind, apiMessage }: { kind: string; apiMessage?: string }) => {
  if (kind === "auth" || /secret key/i.test(apiMessage ?? "")) {
    return "Check metered:secretKey (or METERED_SECRET_KEY): Metered rejected it";
  }
  // Metered's missing room is a 400, which would otherwise get the "fix the property" hint.
  if (/room not found/i.test(apiMessage ?? "")) {
    return "The room no longer exists in this Metered app; run `pulumi refresh`";
  }
  return undefined;
};

const roomPath = (name: string) => `/room/${encodeURIComponent(name)}`;

/** The Metered meeting-room endpoints (metered-api.md §2). */
export class MeteredApi {
  private readonly client: ServiceClient;

  constructor(settings: MeteredSettings) {
    this.client = new ServiceClient({
      ...settings,
      service: "Metered",
      baseUrl: `${settings.apiUrl}/api/v1`,
      hint,
    });
  }

  /** GET /room/<name>; undefined when there is no such room. Reads are safe to repeat. */
  async get(name: string): Promise<MeteredApiRoom | undefined> {
    try {
      return await this.client.request<MeteredApiRoom>({ method: "GET", path: roomPath(name) });
    } catch (err) {
      if (isRoomNotFound(err)) return undefined;
      throw err;
    }
  }

  /** The room with this id, whatever it is called now (found through the room list). */
  async findById(id: string): Promise<MeteredApiRoom | undefined> {
    const rooms = await this.client.request<MeteredApiRoom[]>({ method: "GET", path: "/rooms" });
    return Array.isArray(rooms) ? rooms.find((room) => room._id === id) : undefined;
  }

  /**
   * POST /room. Not idempotent on its own (a second call fails with "already exists"), so the
   * caller treats that answer after a retried attempt as its own earlier attempt having landed.
   */
  create(body: Record<string, unknown>, redact: string[]): Promise<MeteredApiRoom> {
    return this.client.request<MeteredApiRoom>({ method: "POST", path: "/room", body, redact });
  }

  /** PUT /room/<name> with the full desired set: the same body twice gives the same room. */
  update(name: string, body: Record<string, unknown>, redact: string[]): Promise<MeteredApiRoom> {
    return this.client.request<MeteredApiRoom>({ method: "PUT", path: roomPath(name), body, redact });
  }

  /** DELETE /room/<name>; deleting twice leaves the room deleted, so it is safe to repeat. */
  delete(name: string): Promise<unknown> {
    return this.client.request({ method: "DELETE", path: roomPath(name) });
  }
}
