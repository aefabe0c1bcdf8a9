import { readFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { isPlainObject } from "./http/body";
import type { SavedShape, Service } from "./service";
import { STATE_FORMAT, type StateSnapshot } from "./store";

/**
 * Saves snapshots to one JSON file so that a crash at any instant leaves either the previous or the
 * next complete file: write a temp file, fsync it, rename it over the target, fsync the directory.
 * One writer loop runs at a time; saves requested while it writes are coalesced into its next write.
 */
export class StateFile {
  private readonly tempPath: string;
  private snapshot: (() => StateSnapshot) | undefined;
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private writer: Promise<void> | undefined;

  /** @param services - whose rooms the file holds; {@link StateFile.load} checks each part with its service. */
  constructor(
    readonly path: string,
    private readonly services: readonly Pick<Service, "name" | "savedShape" | "collections">[],
  ) {
    // One fixed temp name: only one emulator owns a state file, and a temp file left by a killed
    // process is simply overwritten by the next save.
    this.tempPath = `${path}.tmp`;
  }

  /** Reads the saved state; `undefined` when the file does not exist yet. Throws on a foreign or corrupt file. */
  load(): StateSnapshot | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`state file ${this.path} is not valid JSON`);
    }
    if (!this.isSnapshot(value))
      throw new Error(`state file ${this.path} is not a ${STATE_FORMAT} state file`);
    return value;
  }

  /** Resolves once a write that started after this call (so it includes the current state) is on disk. */
  save(snapshot: () => StateSnapshot): Promise<void> {
    this.snapshot = snapshot;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.writer ??= this.writeLoop();
    });
  }

  /** Resolves when no write is in flight or queued. */
  async flush(): Promise<void> {
    while (this.writer) await this.writer;
  }

  private isSnapshot(value: unknown): value is StateSnapshot {
    if (!isPlainObject(value) || value.format !== STATE_FORMAT) return false;
    const holds = (items: unknown, shape: SavedShape) =>
      Array.isArray(items) && items.every((item) => hasShape(item, shape));
    // A missing collection is fine (the file predates it, and the store seeds it); missing rooms are not.
    return this.services.every(
      ({ name, savedShape, collections }) =>
        holds(value[name], savedShape) &&
        collections.every(
          ({ stateKey, savedShape: shape }) => value[stateKey] === undefined || holds(value[stateKey], shape),
        ),
    );
  }

  private async writeLoop(): Promise<void> {
    while (this.waiting.length > 0 && this.snapshot) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(JSON.stringify(this.snapshot()));
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    this.writer = undefined;
  }

  private async write(text: string): Promise<void> {
    const file = await open(this.tempPath, "w");
    try {
      await file.writeFile(text, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.tempPath, this.path);
    await syncDirectory(dirname(this.path));
  }
}

// Makes the rename itself durable. Some platforms cannot open a directory for fsync; the rename is
// still atomic there, only its durability across power loss is weaker.
async function syncDirectory(path: string): Promise<void> {
  try {
    const dir = await open(path, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort, see above
  }
}

function hasShape(room: unknown, shape: SavedShape): boolean {
  if (!isPlainObject(room)) return false;
  return Object.entries(shape).every(([field, type]) => {
    if (type === "object") return isPlainObject(room[field]);
    return type === "array" ? Array.isArray(room[field]) : typeof room[field] === type;
  });
}
