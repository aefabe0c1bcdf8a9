import type { Exchange, Send } from "../http";
import { HmsRooms } from "../rooms";
import type { HmsTarget } from "../target";
import { authFor } from "./auth";
import { NotAsked, ok, ProbeContext } from "./question";

/** A 100ms question's context: creates through the prefix guard and disables what it made. */
export class HmsContext extends ProbeContext<HmsTarget> {
  readonly rooms = new HmsRooms(this.http);

  protected readonly fields = { name: "name", key: "id" };

  protected post(body: Record<string, unknown>): Promise<Exchange> {
    return this.rooms.create(body);
  }

  /** Creates a room that must be made, returning its id. */
  async roomId(body: Record<string, unknown> = {}): Promise<string> {
    return (await this.room(body)).id as string;
  }

  /** Creates a room under a fresh name and disables it. */
  async disabledRoom(): Promise<{ id: string; name: string }> {
    const name = this.name();
    const id = await this.roomId({ name });
    await this.rooms.disable(id);
    return { id, name };
  }

  list(query: Record<string, string | number | boolean>, auth?: Send["auth"]): Promise<Exchange> {
    return this.http.read({ path: "/rooms", query, auth });
  }

  /** Another credential than the target's own, made by its label (auth.ts). */
  auth(label: string): Send["auth"] {
    if (!this.target.tokenWith) {
      throw new NotAsked("needs HMS_ACCESS_KEY and HMS_APP_SECRET to sign tokens with bent claims");
    }
    return authFor(this.target, label);
  }

  protected remove(id: string): Promise<Exchange> {
    return this.rooms.disable(id);
  }

  protected async exists(id: string): Promise<boolean> {
    return ok(await this.rooms.get(id));
  }
}
