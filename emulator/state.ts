import type { HmsRegion } from "./config";

/** Storage settings of a 100ms room, as the API echoes them (snake_case, like the wire). */
export interface HmsUploadInfo {
  type: string;
  location: string;
  prefix?: string;
  options?: { region?: string };
  credentials?: { key: string; secret: string };
}

/** A 100ms room's own recording settings (absent = taken from the template). */
export interface HmsRecordingInfo {
  enabled: boolean;
  upload_info?: HmsUploadInfo;
}

/** A 100ms room's webhook override. */
export interface HmsWebhook {
  url: string;
  headers?: Record<string, string>;
}

/** A stored 100ms room. Optional fields are absent until set, as in the documented responses. */
export interface HmsRoomRecord {
  id: string;
  name: string;
  enabled: boolean;
  description: string;
  templateId: string;
  /** As requested; `auto` reads back as the template's region. */
  region: HmsRegion;
  recordingInfo?: HmsRecordingInfo;
  largeRoom: boolean;
  size?: number;
  maxDurationSeconds?: number;
  polls?: string[];
  webhook?: HmsWebhook;
  createdAt: string;
  updatedAt: string;
}

/** A value of a Metered room setting. */
export type MeteredValue = string | number | boolean;

/**
 * A stored Metered room. `settings` holds only fields that were set; the view adds the defaults.
 * A field without a default that was cleared with `null` stays as `null`, as a document store
 * keeps a field set to null, and the room object shows it so.
 */
export interface MeteredRoomRecord {
  id: string;
  roomName: string;
  created: string;
  archived: boolean;
  settings: Record<string, MeteredValue | null>;
}

/** What the state file holds (rooms in creation order). */
export interface StateSnapshot {
  format: typeof STATE_FORMAT;
  hms: HmsRoomRecord[];
  metered: MeteredRoomRecord[];
}

/** Format tag written into the state file, so a foreign JSON file is refused instead of overwritten. */
export const STATE_FORMAT = "video-rooms-emulator/1";

/**
 * Rooms of both APIs. Handlers mutate records through these methods synchronously (so concurrent
 * requests never interleave inside a mutation) and then await {@link Store.commit}.
 */
export class Store {
  private readonly hmsById = new Map<string, HmsRoomRecord>();
  private readonly hmsByName = new Map<string, HmsRoomRecord>();
  private readonly meteredById = new Map<string, MeteredRoomRecord>();
  private readonly meteredByName = new Map<string, MeteredRoomRecord>();

  /** @param persist - saves a snapshot; resolves once the state is durable. */
  constructor(private readonly persist: (snapshot: () => StateSnapshot) => Promise<void>) {}

  /** Resolves when every mutation made so far is durable (immediately when in memory). */
  commit(): Promise<void> {
    return this.persist(() => this.snapshot());
  }

  /** All 100ms rooms, oldest first (disabled ones included). */
  hmsRooms(): HmsRoomRecord[] {
    return [...this.hmsById.values()];
  }

  hmsGet(id: string): HmsRoomRecord | undefined {
    return this.hmsById.get(id);
  }

  /** 100ms names are case-insensitive (hms-api.md §4.1). */
  hmsFindByName(name: string): HmsRoomRecord | undefined {
    return this.hmsByName.get(name.toLowerCase());
  }

  hmsInsert(room: HmsRoomRecord): void {
    this.hmsById.set(room.id, room);
    this.hmsByName.set(room.name.toLowerCase(), room);
  }

  hmsRename(room: HmsRoomRecord, name: string): void {
    this.hmsByName.delete(room.name.toLowerCase());
    room.name = name;
    this.hmsByName.set(name.toLowerCase(), room);
  }

  /** All Metered rooms, oldest first (archived ones included). */
  meteredRooms(): MeteredRoomRecord[] {
    return [...this.meteredById.values()];
  }

  /** The live (non-archived) Metered room called `roomName` (case-sensitive: it is a URL path). */
  meteredGetActive(roomName: string): MeteredRoomRecord | undefined {
    return this.meteredByName.get(roomName);
  }

  meteredInsert(room: MeteredRoomRecord): void {
    this.meteredById.set(room.id, room);
    if (!room.archived) this.meteredByName.set(room.roomName, room);
  }

  meteredRename(room: MeteredRoomRecord, roomName: string): void {
    this.meteredByName.delete(room.roomName);
    room.roomName = roomName;
    this.meteredByName.set(roomName, room);
  }

  meteredArchive(room: MeteredRoomRecord): void {
    room.archived = true;
    this.meteredByName.delete(room.roomName);
  }

  /** Forgets every room of both APIs. */
  reset(): void {
    this.hmsById.clear();
    this.hmsByName.clear();
    this.meteredById.clear();
    this.meteredByName.clear();
  }

  /** Replaces the contents with a loaded snapshot. */
  load(snapshot: StateSnapshot): void {
    this.reset();
    for (const room of snapshot.hms) this.hmsInsert(room);
    for (const room of snapshot.metered) this.meteredInsert(room);
  }

  snapshot(): StateSnapshot {
    return { format: STATE_FORMAT, hms: this.hmsRooms(), metered: this.meteredRooms() };
  }
}
