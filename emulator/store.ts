import type { Service } from "./service";

/** Format tag written into the state file, so a foreign JSON file is refused instead of overwritten. */
export const STATE_FORMAT = "video-rooms-emulator/1";

/** What the state file holds: the format tag, then each service's rooms (oldest first) under its name. */
export type StateSnapshot = { readonly format: typeof STATE_FORMAT } & {
  readonly [service: string]: unknown;
};

/** The rooms of every service as one state: what the state file saves and `/__emulator/reset` empties. */
export class Store {
  /**
   * @param services - whose rooms make up the state, in the order the file lists them.
   * @param persist - saves a snapshot; resolves once the state is durable.
   */
  constructor(
    private readonly services: readonly Pick<Service, "name" | "rooms">[],
    private readonly persist: (snapshot: () => StateSnapshot) => Promise<void>,
  ) {}

  /** Resolves when every change made so far is durable (immediately when in memory). */
  commit(): Promise<void> {
    return this.persist(() => this.snapshot());
  }

  /** Forgets every room of every service. */
  reset(): void {
    for (const { rooms } of this.services) rooms.reset();
  }

  /** Replaces the contents with a loaded snapshot (checked by the state file). */
  load(snapshot: StateSnapshot): void {
    for (const { name, rooms } of this.services) rooms.load(snapshot[name] as { readonly id: string }[]);
  }

  snapshot(): StateSnapshot {
    const rooms = this.services.map(({ name, rooms }) => [name, rooms.all()]);
    return { format: STATE_FORMAT, ...Object.fromEntries(rooms) };
  }
}
