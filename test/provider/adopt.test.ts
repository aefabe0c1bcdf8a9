import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoomProvider as Provider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";

/** Create is look-before-write: someone else's room is never taken over silently. */
const load = createRequire(join(REPO_ROOT, "package.json"));

describe("create over an existing room", () => {
  let emulator: TestEmulator;
  let hms: Provider;
  let metered: Provider;
  const create = async (provider: Provider, news: Record<string, unknown>) =>
    provider.create((await provider.check({}, { __autoName: "lobby-abcdefg", ...news })).inputs);

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = Object.fromEntries(
      Object.entries(emulator.stackConfig()).map(([k, { value }]) => [k, value]),
    );
    hms = load("pulumi-video-rooms/dist/provider/hms/provider.js");
    metered = load("pulumi-video-rooms/dist/provider/metered/provider.js");
    for (const provider of [hms, metered])
      await provider.configure({ config: { get: (key) => config[key] } });
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());

  it("100ms: fails on someone else's enabled room, naming adopt, and changes nothing", async () => {
    const theirs = await emulator.hms("POST", "/rooms", { name: "town-hall", description: "theirs" });
    await emulator.clearRequests();
    await expect(create(hms, { name: "Town-Hall", description: "mine" })).rejects.toThrow(
      /HmsRoom "Town-Hall": a 100ms room named "town-hall" already exists \(id [0-9a-f]{24}, enabled\), and this resource did not create it\. Set `adopt: true`/,
    );
    expect((await emulator.requests()).map((r) => r.method)).toEqual(["GET"]);
    expect((await emulator.rooms()).hms.find((r) => r.id === theirs.id)?.description).toBe("theirs");
  });

  it("100ms: adopt: true takes the room over (same id)", async () => {
    const theirs = await emulator.hms("POST", "/rooms", { name: "town-hall", description: "theirs" });
    const created = await create(hms, { name: "town-hall", description: "mine", adopt: true });
    expect(created.id).toBe(theirs.id);
    expect(created.outs.description).toBe("mine");
  });

  it("100ms: a disabled room (another stack's, or an earlier destroy) needs adopt too, then is re-enabled", async () => {
    const old = await emulator.hms("POST", "/rooms", { name: "support", description: "theirs" });
    await emulator.hms("POST", `/rooms/${old.id}`, { enabled: false });
    await emulator.clearRequests();
    await expect(create(hms, { name: "support", description: "mine" })).rejects.toThrow(
      /already exists \(id [0-9a-f]{24}, disabled\).*Set `adopt: true`.*leaves the room disabled/s,
    );
    // Looked for among enabled rooms, then disabled ones; nothing written.
    expect((await emulator.requests()).map((r) => r.method)).toEqual(["GET", "GET"]);
    expect((await emulator.rooms()).hms.find((r) => r.id === old.id)).toMatchObject({
      enabled: false,
      description: "theirs",
    });
    const created = await create(hms, { name: "support", description: "mine", adopt: true });
    expect(created.id).toBe(old.id);
    expect((await emulator.rooms()).hms.find((r) => r.id === old.id)).toMatchObject({
      enabled: true,
      description: "mine",
    });
  });

  it("100ms: a room under the resource's own generated name is ours (an interrupted create)", async () => {
    const interrupted = await emulator.hms("POST", "/rooms", { name: "lobby-abcdefg" });
    const created = await create(hms, {});
    expect(created.id).toBe(interrupted.id);
    expect((await emulator.rooms()).hms).toHaveLength(1);
  });

  it("Metered: fails on an existing room unless adopt, and adopts it otherwise", async () => {
    const theirs = await emulator.metered("POST", "/room", { roomName: "webinar", privacy: "public" });
    await expect(create(metered, { roomName: "webinar", privacy: "private" })).rejects.toThrow(
      /MeteredRoom "webinar": a Metered room named "webinar" already exists, and this resource did not create it\. Set `adopt: true`/,
    );
    expect((await emulator.metered("GET", "/room/webinar")).privacy).toBe("public");
    const adopted = await create(metered, { roomName: "webinar", privacy: "private", adopt: true });
    expect(adopted.id).toBe(theirs._id);
    expect((await emulator.metered("GET", "/room/webinar")).privacy).toBe("private");
  });

  it("Metered: a room under the generated name is taken over, not duplicated", async () => {
    await emulator.metered("POST", "/room", { roomName: "lobby-abcdefg" });
    await create(metered, {});
    expect((await emulator.rooms()).metered).toHaveLength(1);
  });
});
