/** How a service looks its rooms up by name. */
export interface NameIndex<Room> {
  /** The name `room` is found by; `undefined` when it is not found by name at all (e.g. archived). */
  nameOf(room: Room): string | undefined;
  /** Folds a name to its lookup key (e.g. lower case for case-insensitive names). Default: as is. */
  key?(name: string): string;
}

/**
 * One service's rooms by id (in creation order) and by name; what the state file saves. Handlers change rooms through these
 * methods synchronously (so concurrent requests never interleave inside a change) and then await
 * the commit their service was started with.
 */
export class RoomTable<Room extends { readonly id: string }> {
  private readonly byId = new Map<string, Room>();
  private readonly byName = new Map<string, Room>();

  constructor(private readonly index: NameIndex<Room>) {}

  /** Every room, oldest first (disabled or archived ones included). */
  all(): Room[] {
    return [...this.byId.values()];
  }

  get(id: string): Room | undefined {
    return this.byId.get(id);
  }

  /** The room found by `name`, if any. */
  findByName(name: string): Room | undefined {
    return this.byName.get(this.key(name));
  }

  insert(room: Room): void {
    this.byId.set(room.id, room);
    const name = this.index.nameOf(room);
    if (name !== undefined) this.byName.set(this.key(name), room);
  }

  /** Applies `change` to `room` (which may rename it or hide it from name lookups) and re-indexes it. */
  change(room: Room, change: (room: Room) => void): void {
    const before = this.index.nameOf(room);
    if (before !== undefined) this.byName.delete(this.key(before));
    change(room);
    this.insert(room);
  }

  /** Forgets every room. */
  reset(): void {
    this.byId.clear();
    this.byName.clear();
  }

  /** Replaces every room with saved ones (from the state file). */
  load(saved: readonly Room[]): void {
    this.reset();
    for (const room of saved) this.insert(room);
  }

  private key(name: string): string {
    return this.index.key ? this.index.key(name) : name;
  }
}
