import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoomProvider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";

/**
 * The provider as the engine's host sees it: serialized by the SDK exactly as `dynamic.Resource`
 * does, then loaded from that text with require-from-string and `.handler()` (cmd/dynamic-provider).
 */
const load = createRequire(join(REPO_ROOT, "package.json"));
const { serializeFunction } = load("@pulumi/pulumi/runtime") as typeof import("@pulumi/pulumi/runtime");
const requireFromString = load("require-from-string") as (code: string) => { handler(): RoomProvider };

describe.each([
  ["hms", { name: "serialized-room" }],
  ["hms-template", { name: "serialized-template" }],
  ["metered", { roomName: "serialized-room" }],
] as const)("the serialized %s provider", (service, args) => {
  let emulator: TestEmulator;
  let text: string;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const provider = load(`pulumi-video-rooms/dist/provider/${service}/provider.js`);
    ({ text } = await serializeFunction(() => provider, { allowSecrets: true }));
  });
  afterAll(() => emulator.close());

  it("is a require of the installed module, under 1 KB", () => {
    expect(text).toContain(`require("pulumi-video-rooms/dist/provider/${service}/provider.js")`);
    expect(text.length).toBeLessThan(1024);
  });

  it("holds no credential", () => {
    const { hms, metered } = emulator.running.ready;
    for (const secret of [hms.appSecret, hms.accessKey, metered.secretKey])
      expect(text).not.toContain(secret);
  });

  it("loads the way the host loads it and manages a room on the emulator", async () => {
    const provider = requireFromString(text).handler();
    const config = Object.fromEntries(
      Object.entries(emulator.stackConfig()).map(([key, { value }]) => [key, value]),
    );
    await provider.configure({ config: { get: (key) => config[key] } });
    const checked = await provider.check({}, { ...args, __autoName: "unused-1234567", __provider: text });
    expect(checked.failures).toEqual([]);
    const created = await provider.create(checked.inputs);
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    const read = await provider.read(created.id, created.outs);
    expect(read.id).toBe(created.id);
    await provider.delete(created.id, created.outs);
    // Create, read and (for rooms) delete each reached the API; a template's delete makes no call.
    const methods = (await emulator.requests()).map((r) => r.method);
    expect(methods).toContain("POST");
    expect(methods.filter((m) => m === "GET").length).toBeGreaterThanOrEqual(1);
    expect(methods.length).toBeGreaterThanOrEqual(service === "hms-template" ? 3 : 4);
  });
});
