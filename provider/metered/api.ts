import { RoomError } from "../core/host/errors";
import { type ErrorHint, ServiceClient } from "../core/http/client";
import { ApiError } from "../core/http/errors";
import { METERED_NAMES } from "./properties";
import type { MeteredSettings } from "./settings";

/** A room object as the Metered API returns it (metered-api.md §4). */
export type MeteredApiRoom = Record<string, unknown> & {
  _id: string;
  roomName: string;
  app?: string;
  created?: string;
};

/**
 * Whether an error is Metered's not-found for the room addressed: the message `room not found`
 * (metered-api.md §5: a 400, not a 404; a 404 carrying it is accepted too). A bare 404 (a wrong
 * apiUrl, a gateway's page) says nothing about the room.
 */
export function isRoomNotFound(err: unknown): boolean {
  return (
    ApiError.is(err) &&
    (err.status === 400 || err.status === 404) &&
    /^room not found\.?$/i.test((err.apiMessage ?? "").trim())
  );
}

/** A create refused because the name is taken ("Room with the name X already exist(s)"). */
export function isNameTaken(err: unknown): err is ApiError {
  return ApiError.is(err) && /already exist/i.test(err.apiMessage ?? "");
}

const hint: ErrorHint = ({ kind, status, apiMessage }) => {
  // Only an answer with an error status carries Metered's own words; transport failures keep theirs.
  if (status === undefined || status < 400) return undefined;
  if (kind === "auth" || /secret key/i.test(apiMessage ?? "")) {
    return "Check metered:secretKey (or METERED_SECRET_KEY): Metered rejected it";
  }
  // Metered's missing room is a 400, which would otherwise get the "fix the property" hint.
  if (/room not found/i.test(apiMessage ?? "")) {
    return "The room no longer exists in this Metered app; run `pulumi refresh`";
  }
  if (status === 404) {
    return (
      "This is not Metered's answer for a missing room: check metered:apiUrl (or METERED_API_URL), " +
      "which must be the app's origin, e.g. https://<app>.metered.live"
    );
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
      service: METERED_NAMES.service,
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
    const rooms = await this.client.request<unknown>({ method: "GET", path: "/rooms" });
    if (!Array.isArray(rooms)) {
      // Not the documented list (an array of rooms): "not in it" would wrongly mean "gone".
      throw new RoomError(
        "Metered's room list (GET /api/v1/rooms) did not answer with a JSON array of rooms; check metered:apiUrl",
      );
    }
    return rooms.find((room): room is MeteredApiRoom => room?._id === id);
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
  delete(name: string): Promise<{ success?: unknown; message?: unknown } | undefined> {
    return this.client.request({ method: "DELETE", path: roomPath(name) });
  }
}
