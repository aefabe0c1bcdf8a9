import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoomProvider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";

/**
 * Whether a room is auto-named is decided once, in `check`: the generated name is recorded only
 * when it names the room, and kept once generated, whatever the program sends later.
 */
const load = createRequire(join(REPO_ROOT, "package.json"));

describe.each([
  ["hms", "name"],
  ["metered", "roomName"],
] as const)("%s: auto-naming", (service, nameProperty) => {
  let emulator: TestEmulator;
  let provider: RoomProvider;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = Object.fromEntries(
      Object.entries(emulator.stackConfig()).map(([k, { value }]) => [k, value]),
    );
    provider = load(`pulumi-video-rooms/dist/provider/${service}/provider.js`);
    await provider.configure({ config: { get: (key) => config[key] } });
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());

  it("names the room with the generated name and records it, once", async () => {
    const first = await provider.check({}, { autoName: "lobby-aaaaaaa" });
    expect(first.failures).toEqual([]);
    expect(first.inputs).toMatchObject({ [nameProperty]: "lobby-aaaaaaa", autoName: "lobby-aaaaaaa" });
    // A renamed project or stack makes another candidate: the room keeps the name it has.
    const later = await provider.check(first.inputs, { autoName: "lobby-bbbbbbb" });
    expect(later.inputs).toMatchObject({ [nameProperty]: "lobby-aaaaaaa", autoName: "lobby-aaaaaaa" });
  });

  it("records no generated name when the program names the room, even one equal to it", async () => {
    const { inputs } = await provider.check(
      {},
      { [nameProperty]: "lobby-aaaaaaa", autoName: "lobby-aaaaaaa" },
    );
    expect(inputs[nameProperty]).toBe("lobby-aaaaaaa");
    expect(inputs).not.toHaveProperty("autoName");
    // Named explicitly, the room is looked for first: an existing one is not taken over.
    const created = await provider.create(inputs);
    expect(created.outs).not.toHaveProperty("autoName");
    await expect(provider.create(inputs)).rejects.toThrow(/already exists.*adopt: true/s);
  });

  it("takes back a room under its own generated name (a retried create), without adopt", async () => {
    const { inputs } = await provider.check({}, { autoName: "retry-ccccccc" });
    const first = await provider.create(inputs);
    const retried = await provider.create(inputs);
    expect(retried.id).toBe(first.id);
    expect(retried.outs).toMatchObject({ [nameProperty]: "retry-ccccccc", autoName: "retry-ccccccc" });
  });

  it("keeps the generated name through read, for the next check", async () => {
    const { inputs } = await provider.check({}, { autoName: "read-ddddddd" });
    const created = await provider.create(inputs);
    const read = await provider.read(created.id, created.outs);
    expect(read.inputs).toMatchObject({ autoName: "read-ddddddd" });
    const next = await provider.check(read.inputs ?? {}, { autoName: "read-eeeeeee" });
    expect(next.inputs[nameProperty]).toBe("read-ddddddd");
  });
});
