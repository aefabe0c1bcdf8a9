import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoomProvider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";

/**
 * The generated name is kept as first recorded, whatever the program sends later, and a room is
 * the resource's own by name only under that name (decided in one place, room-provider.ts).
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
    const first = await provider.check({}, { __autoName: "lobby-aaaaaaa" });
    expect(first.failures).toEqual([]);
    expect(first.inputs).toMatchObject({ [nameProperty]: "lobby-aaaaaaa", __autoName: "lobby-aaaaaaa" });
    // A renamed project or stack makes another candidate: the room keeps the name it has.
    const later = await provider.check(first.inputs, { __autoName: "lobby-bbbbbbb" });
    expect(later.inputs).toMatchObject({ [nameProperty]: "lobby-aaaaaaa", __autoName: "lobby-aaaaaaa" });
  });

  it("looks before it writes when the program names the room: an existing room is not taken over", async () => {
    const { inputs } = await provider.check(
      {},
      { [nameProperty]: "lobby-named", __autoName: "lobby-aaaaaaa" },
    );
    expect(inputs).toMatchObject({ [nameProperty]: "lobby-named", __autoName: "lobby-aaaaaaa" });
    await provider.create(inputs);
    await expect(provider.create(inputs)).rejects.toThrow(/already exists.*adopt: true/s);
  });

  it("keeps the generated name while the program names the room, so naming it shows only the name", async () => {
    const first = await provider.check({}, { __autoName: "lobby-aaaaaaa" });
    const named = await provider.check(first.inputs, {
      [nameProperty]: "lobby-named",
      __autoName: "lobby-bbbbbbb",
    });
    expect(named.inputs).toMatchObject({ [nameProperty]: "lobby-named", __autoName: "lobby-aaaaaaa" });
    // Named again by nothing: back to the name it was generated with, not the new candidate.
    const unnamed = await provider.check(named.inputs, { __autoName: "lobby-bbbbbbb" });
    expect(unnamed.inputs).toMatchObject({ [nameProperty]: "lobby-aaaaaaa", __autoName: "lobby-aaaaaaa" });
  });

  it("takes back a room under its own generated name (a retried create), without adopt", async () => {
    const { inputs } = await provider.check({}, { __autoName: "retry-ccccccc" });
    const first = await provider.create(inputs);
    const retried = await provider.create(inputs);
    expect(retried.id).toBe(first.id);
    expect(retried.outs).toMatchObject({ [nameProperty]: "retry-ccccccc", __autoName: "retry-ccccccc" });
  });

  it("keeps the generated name through read, for the next check", async () => {
    const { inputs } = await provider.check({}, { __autoName: "read-ddddddd" });
    const created = await provider.create(inputs);
    const read = await provider.read(created.id, created.outs);
    expect(read.inputs).toMatchObject({ __autoName: "read-ddddddd" });
    const next = await provider.check(read.inputs ?? {}, { __autoName: "read-eeeeeee" });
    expect(next.inputs[nameProperty]).toBe("read-ddddddd");
  });
});
