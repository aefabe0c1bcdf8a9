import { createHash, randomBytes } from "node:crypto";

// MongoDB ObjectId layout (4-byte seconds, 5 random bytes per process, 3-byte counter): both APIs
// hand out ids of this shape, and clients may rely on the 24-hex format.
const processUnique = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

/** A fresh 24-hex id shaped like a MongoDB ObjectId. */
export function newObjectId(nowMs: number = Date.now()): string {
  const id = Buffer.alloc(12);
  id.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  processUnique.copy(id, 4);
  counter = (counter + 1) & 0xffffff;
  id.writeUIntBE(counter, 9, 3);
  return id.toString("hex");
}

/** A 24-hex id derived from `seed`, so workspace/app ids stay the same across runs. */
export function stableHexId(seed: string): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, 24);
}
