import type { Exchange, Send } from "../http";
import { HmsRooms } from "../rooms";
import type { HmsTarget } from "../target";
import { hmsAuthorization } from "./auth";
import { bodyOf, NotAsked, ok, ProbeContext } from "./question";

/** A 100ms question's context: creates through the prefix guard and disables what it made. */
export class HmsContext extends ProbeContext<HmsTarget> {
  readonly rooms = new HmsRooms(this.http);

  /** Creates a room (the body's name defaults to a fresh one) and keeps its id for cleanup. */
  async create(body: Record<string, unknown> = {}): Promise<Exchange> {
    const exchange = await this.rooms.create({ name: this.name(), ...body });
    const id = bodyOf(exchange).id;
    if (ok(exchange) && typeof id === "string") this.made.add(id);
    return exchange;
  }

  /** Creates a room that must be made, returning its id. */
  async room(body: Record<string, unknown> = {}): Promise<string> {
    const exchange = await this.create(body);
    const id = bodyOf(exchange).id;
    if (!ok(exchange) || typeof id !== "string") throw new Error(`create answered HTTP ${exchange.status}`);
    return id;
  }

  list(query: Record<string, string | number | boolean>, auth?: Send["auth"]): Promise<Exchange> {
    return this.http.read({ path: "/rooms", query, auth });
  }

  /** Another credential than the target's own, made by its label (auth.ts). */
  auth(label: string): Send["auth"] {
    const mint = this.target.tokenWith;
    if (!mint) throw new NotAsked("needs HMS_ACCESS_KEY and HMS_APP_SECRET to sign tokens with bent claims");
    return { use: label, authorization: hmsAuthorization(label, mint) };
  }

  protected remove(id: string): Promise<Exchange> {
    return this.rooms.disable(id);
  }

  protected async exists(id: string): Promise<boolean> {
    return ok(await this.rooms.get(id));
  }
}
