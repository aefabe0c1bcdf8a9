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
    private readonly services: readonly Pick<Service, "name" | "rooms" | "collections">[],
    private readonly persist: (snapshot: () => StateSnapshot) => Promise<void>,
  ) {}

  /** Resolves when every change made so far is durable (immediately when in memory). */
  commit(): Promise<void> {
    return this.persist(() => this.snapshot());
  }

  /** Forgets every room of every service; collections go back to their seeds. */
  reset(): void {
    for (const { rooms, collections } of this.services) {
      rooms.reset();
      for (const { table, seed } of collections) table.load(seed());
    }
  }

  /**
   * Replaces the contents with a loaded snapshot (checked by the state file). A collection the file
   * does not hold (written before it existed) starts from its seed.
   */
  load(snapshot: StateSnapshot): void {
    for (const { name, rooms, collections } of this.services) {
      rooms.load(snapshot[name] as { readonly id: string }[]);
      for (const { stateKey, table, seed } of collections) {
        table.load((snapshot[stateKey] as { readonly id: string }[] | undefined) ?? seed());
      }
    }
  }

  snapshot(): StateSnapshot {
    const parts = this.services.flatMap(({ name, rooms, collections }) => [
      [name, rooms.all()],
      ...collections.map(({ stateKey, table }) => [stateKey, table.all()]),
    ]);
    return { format: STATE_FORMAT, ...Object.fromEntries(parts) };
  }
}
