import type { Exchange, LiveHttp } from "./http";
import { PrefixGuardError, permitWrite } from "./prefix";

type Body = Record<string, unknown>;

/** A 2xx exchange's answer, or an error with the status and the API's words. */
export function answerOf(exchange: Exchange, what: string): Body {
  if (exchange.status >= 200 && exchange.status < 300) return (exchange.response ?? {}) as Body;
  throw new Error(
    `${what}: ${exchange.method} ${exchange.path} answered HTTP ${exchange.status}: ${JSON.stringify(exchange.response).slice(0, 300)}`,
  );
}

/**
 * 100ms rooms through the prefix guard. A room is addressed by id, so every write reads the room
 * by that id first and checks the name the service holds, then any name the write would give it.
 */
export class HmsRooms {
  constructor(readonly http: LiveHttp) {}

  /** Every room, following the list's `start` cursor (hms-api.md §7.2). */
  async list(filter: { enabled?: boolean; name?: string } = {}): Promise<Body[]> {
    const rooms: Body[] = [];
    let start: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const query = { limit: 100, ...filter, ...(start ? { start } : {}) };
      const answer = answerOf(await this.http.read({ path: "/rooms", query }), "list rooms");
      const data = Array.isArray(answer.data) ? (answer.data as Body[]) : [];
      rooms.push(...data);
      start = typeof answer.last === "string" && answer.last !== "" ? answer.last : undefined;
      if (!start || data.length === 0) break;
    }
    return rooms;
  }

  get(id: string): Promise<Exchange> {
    return this.http.read({ path: `/rooms/${encodeURIComponent(id)}` });
  }

  async create(body: Body): Promise<Exchange> {
    return this.http.write("POST", { path: "/rooms", body }, permitWrite("create the 100ms room", body.name));
  }

  async update(id: string, body: Body): Promise<Exchange> {
    const current = await this.get(id);
    if (current.status !== 200) {
      throw new PrefixGuardError(
        `refused to update 100ms room ${id}: reading it first answered HTTP ${current.status}`,
      );
    }
    const held = (current.response as Body).name;
    const names = "name" in body ? [held, body.name] : [held];
    return this.http.write(
      "POST",
      { path: `/rooms/${encodeURIComponent(id)}`, body },
      permitWrite(`update 100ms room ${id}`, ...names),
    );
  }

  /** 100ms has no delete: a test room is disabled (hms-api.md §6). */
  disable(id: string): Promise<Exchange> {
    return this.update(id, { enabled: false });
  }
}

/** Metered rooms through the prefix guard: a room is addressed by its name, which is checked. */
export class MeteredRooms {
  constructor(readonly http: LiveHttp) {}

  async list(): Promise<Body[]> {
    const answer = answerOf(await this.http.read({ path: "/api/v1/rooms" }), "list rooms") as unknown;
    if (Array.isArray(answer)) return answer as Body[];
    const data = (answer as Body).data;
    return Array.isArray(data) ? (data as Body[]) : [];
  }

  get(roomName: string): Promise<Exchange> {
    return this.http.read({ path: `/api/v1/room/${encodeURIComponent(roomName)}` });
  }

  async create(body: Body): Promise<Exchange> {
    return this.http.write(
      "POST",
      { path: "/api/v1/room", body },
      permitWrite("create the Metered room", body.roomName),
    );
  }

  async update(roomName: string, body: Body): Promise<Exchange> {
    const names = "roomName" in body ? [roomName, body.roomName] : [roomName];
    return this.http.write(
      "PUT",
      { path: `/api/v1/room/${encodeURIComponent(roomName)}`, body },
      permitWrite(`update Metered room ${roomName}`, ...names),
    );
  }

  async delete(roomName: string): Promise<Exchange> {
    return this.http.write(
      "DELETE",
      { path: `/api/v1/room/${encodeURIComponent(roomName)}` },
      permitWrite(`delete Metered room ${roomName}`, roomName),
    );
  }
}
