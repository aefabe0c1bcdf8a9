import type { Exchange, Send } from "../http";
import { MeteredRooms } from "../rooms";
import type { MeteredTarget } from "../target";
import { authFor } from "./auth";
import { ok, ProbeContext } from "./question";

/** A Metered question's context: creates through the prefix guard and deletes what it made. */
export class MeteredContext extends ProbeContext<MeteredTarget> {
  readonly rooms = new MeteredRooms(this.http);

  protected readonly fields = { name: "roomName", key: "roomName" };

  protected post(body: Record<string, unknown>): Promise<Exchange> {
    return this.rooms.create(body);
  }

  /** Updates a room and follows a rename, so cleanup deletes the room under its new name. */
  async update(roomName: string, body: Record<string, unknown>): Promise<Exchange> {
    const exchange = await this.rooms.update(roomName, body);
    if (ok(exchange) && typeof body.roomName === "string" && this.made.delete(roomName)) {
      this.made.add(body.roomName);
    }
    return exchange;
  }

  async delete(roomName: string): Promise<Exchange> {
    const exchange = await this.rooms.delete(roomName);
    if (ok(exchange)) this.made.delete(roomName);
    return exchange;
  }

  /** Another credential than the target's own, made by its label (auth.ts). */
  auth(label: string): Send["auth"] {
    return authFor(this.target, label);
  }

  protected remove(roomName: string): Promise<Exchange> {
    return this.delete(roomName);
  }

  protected async exists(roomName: string): Promise<boolean> {
    return ok(await this.rooms.get(roomName));
  }
}
