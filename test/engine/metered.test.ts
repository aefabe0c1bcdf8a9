import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeteredRoomArgs } from "../../provider/index";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, loadPackage } from "../support/engine";
import { SECRETS_IN_PLAY, secretHits } from "../support/secrets";

/** MeteredRoom through the real Pulumi engine against the emulator. */
describe("MeteredRoom with the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  let rooms: Record<string, MeteredRoomArgs>;
  const out: string[] = [];
  const counts: Record<string, number> = {};

  const program = async () => {
    const { MeteredRoom } = loadPackage();
    const made = Object.entries(rooms).map(([name, args]) => new MeteredRoom(name, args));
    return Object.fromEntries(
      made.flatMap((room, i) => [
        [`id${i}`, room.roomId],
        [`url${i}`, room.roomUrl],
      ]),
    );
  };

  const calls = (op: () => Promise<unknown>) => emulator.requestsDuring(op);

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    rooms = {
      webinar: {
        roomName: "quarterly-webinar",
        privacy: "private",
        enableChat: true,
        maxParticipants: 50,
        enableComposition: true,
        enableRTMPOut: true,
        rtmpOutURL: SECRETS_IN_PLAY.rtmpUrl,
      },
      dropin: { enableScreenSharing: true },
    };
    env = await engineStack({ project: "metered-engine", program, config: emulator.stackConfig() });
  });

  afterAll(async () => {
    await env?.dispose();
    await emulator?.close();
  });

  it("creates both rooms, auto-naming the one without a roomName", async () => {
    const seen = await calls(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
      expect(up.outputs.url0?.value).toMatch(/^https:\/\/emulator\.metered\.live\/quarterly-webinar$/);
      expect(up.outputs.url1?.value).toMatch(/^https:\/\/emulator\.metered\.live\/dropin-[0-9a-z]{7}$/);
    });
    counts.create = seen.length;
    expect(seen.length).toBeLessThanOrEqual(4);
    const { metered } = await emulator.rooms();
    expect(metered).toHaveLength(2);
    expect(metered.find((r) => r.roomName === "quarterly-webinar")).toMatchObject({
      privacy: "private",
      maxParticipants: 50,
    });
  });

  it("previews no changes (server defaults never diff) and an unchanged up writes nothing", async () => {
    const previewCalls = await calls(async () => {
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 3 });
    });
    counts.preview = previewCalls.length;
    expect(previewCalls).toEqual([]);
    const upCalls = await calls(() => env.stack.up({ onOutput: collect(out) }));
    counts.unchangedUp = upCalls.length;
    expect(upCalls.filter((r) => r.method !== "GET")).toEqual([]);
    const refreshCalls = await calls(() => env.stack.refresh({ onOutput: collect(out) }));
    counts.refresh = refreshCalls.length;
    expect(refreshCalls.map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it("previews a privacy change as an in-place update, then applies it", async () => {
    rooms.dropin = { ...rooms.dropin, privacy: "private" };
    const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    expect(preview.stdout).toMatch(/~ privacy: "public" => "private"/);
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  });

  it("previews naming an auto-named room as that one change: the provider's own keys never show", async () => {
    const generated = String((await env.stack.outputs()).url1?.value)
      .split("/")
      .pop()!;
    const before = rooms.dropin!;
    rooms.dropin = { ...before, roomName: "dropin-named" };
    try {
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
      expect(preview.stdout).toContain(`~ roomName: "${generated}" => "dropin-named"`);
      expect(preview.stdout).not.toMatch(/autoName|__inputKeys|__provider/);
    } finally {
      rooms.dropin = before;
    }
  });

  it("replaces a room delete-first: a new room under the same name, not the old one deleted", async () => {
    const before = await env.stack.outputs();
    const urn = `urn:pulumi:${env.stack.name}::metered-engine::pulumi-nodejs:dynamic/metered:Room::dropin`;
    const up = await env.stack.up({ onOutput: collect(out), replace: [urn] });
    expect(up.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
    expect(up.outputs.url1?.value).toBe(before.url1?.value);
    expect(up.outputs.id1?.value).not.toBe(before.id1?.value);
    const name = String(up.outputs.url1?.value).split("/").pop()!;
    expect((await emulator.metered("GET", `/room/${name}`))._id).toBe(up.outputs.id1?.value);
  });

  it("renames in place: same id, the old name is gone", async () => {
    const id = (await env.stack.outputs()).id0?.value;
    rooms.webinar = { ...rooms.webinar, roomName: "annual-webinar" };
    const seen = await calls(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
      expect(up.outputs.id0?.value).toBe(id);
      expect(up.outputs.url0?.value).toBe("https://emulator.metered.live/annual-webinar");
    });
    counts.rename = seen.length;
    // The room is first confirmed by name and id (it may have been renamed and its name reused).
    expect(seen.map((r) => r.method)).toEqual(["GET", "PUT"]);
    expect((await emulator.metered("GET", "/room/quarterly-webinar")).message).toBe("room not found");
    expect((await emulator.metered("GET", "/room/annual-webinar"))._id).toBe(id);
  });

  it("finds an out-of-band change and an out-of-band delete on refresh; up restores both", async () => {
    // A changed field and a cleared one (an explicit null clears a Metered field).
    await emulator.metered("PUT", "/room/annual-webinar", { enableChat: false, maxParticipants: null });
    const dropinName = String((await env.stack.outputs()).url1?.value)
      .split("/")
      .pop()!;
    await emulator.metered("DELETE", `/room/${dropinName}`);
    const refresh = await env.stack.refresh({ onOutput: collect(out) });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, update: 1 });
    expect(await emulator.metered("GET", "/room/annual-webinar")).toMatchObject({
      enableChat: true,
      maxParticipants: 50,
    });
    expect((await emulator.metered("GET", `/room/${dropinName}`)).privacy).toBe("private");
  });

  it("fails preview on invalid input, naming the property, with no API call", async () => {
    const good = rooms.webinar!;
    rooms.webinar = {
      ...good,
      roomName: "has spaces",
      rtmpOutURL: undefined,
      compositionLayout: "mosaic" as never,
    };
    try {
      const seen = await calls(async () => {
        const failure = await env.stack.preview({ onOutput: collect(out) }).then(
          () => undefined,
          (err: Error) => err.message,
        );
        // Reported by the program (core/program/preflight.ts), every property at once.
        expect(failure).toMatch(
          /MeteredRoom "webinar" has 3 invalid properties; nothing was sent to Metered/,
        );
        expect(failure).toMatch(/roomName/);
        expect(failure).toMatch(/no spaces/);
        expect(failure).toMatch(/rtmpOutURL/);
        expect(failure).toMatch(/required when enableRTMPOut is true/);
        expect(failure).toMatch(/compositionLayout/);
      });
      expect(seen).toEqual([]);
    } finally {
      rooms.webinar = good;
    }
  });

  it("keeps the RTMP URL and the secret key out of `pulumi stack export` and the output", async () => {
    const exported = await env.cli(["stack", "export"]);
    expect(exported).toContain("annual-webinar");
    expect(secretHits(exported, emulator)).toEqual([]);
  });

  it("destroy deletes every room", async () => {
    const ids = await env.stack.outputs();
    const destroy = await env.stack.destroy({ onOutput: collect(out) });
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 3 });
    const { metered } = await emulator.rooms();
    // The two rooms the state recorded are deleted (archived), and no other room is left live.
    for (const id of [ids.id0?.value, ids.id1?.value]) {
      expect(metered.find((r) => r._id === id)).toMatchObject({ archived: true });
    }
    expect(metered.filter((r) => r.archived !== true)).toEqual([]);
    expect(out.length).toBeGreaterThan(0);
    expect(secretHits(out.join(""), emulator)).toEqual([]);
    process.stdout.write(`[metered engine] API calls: ${JSON.stringify(counts)}\n`);
  });
});
