import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HmsRoomArgs } from "../../provider/index";
import { type TestEmulator as Emulator, TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, loadPackage } from "../support/engine";
import { SECRETS_IN_PLAY, secretHits } from "../support/secrets";

/**
 * HmsRoom through the real Pulumi engine against the emulator, in the order Pulumi's own provider
 * tests run (ProgramTest): preview, up, export/import, no-change preview and up, refresh, each edit
 * previewed then applied, drift, invalid input, destroy, then the emulator checked.
 */
describe("HmsRoom with the real engine", () => {
  let emulator: Emulator;
  let env: EngineStack;
  let rooms: Record<string, HmsRoomArgs>;
  const out: string[] = [];
  const counts: Record<string, number> = {};

  let lookup: string | undefined;

  const program = async () => {
    const { HmsRoom } = loadPackage();
    const made = Object.entries(rooms).map(([name, args]) => new HmsRoom(name, args));
    const outputs: Record<string, unknown> = Object.fromEntries(
      made.map((room, i) => [`room${i}`, room.roomId]),
    );
    if (lookup) {
      const found = HmsRoom.get("looked-up", lookup);
      outputs.lookedUp = {
        description: found.description,
        name: found.name,
        isRoom: HmsRoom.isInstance(found),
      };
    }
    return outputs;
  };

  const calls = (op: () => Promise<unknown>) => emulator.requestsDuring(op);

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    rooms = {
      // `auto` reads back as the template's region: it must not show as a change.
      lobby: { description: "Daily stand-up", region: "auto", maxDurationSeconds: 3600 },
      recorded: {
        name: "Recorded-Room",
        recordingInfo: {
          enabled: true,
          uploadInfo: {
            type: "s3",
            location: "recordings-bucket",
            options: { region: "eu-west-1" },
            credentials: { key: SECRETS_IN_PLAY.storageKey, secret: SECRETS_IN_PLAY.storageSecret },
          },
        },
        webhook: {
          url: "https://example.com/hooks/100ms",
          headers: { "x-shared": SECRETS_IN_PLAY.webhookHeader },
        },
      },
    };
    env = await engineStack({ project: "hms-engine", program, config: emulator.stackConfig() });
  });

  afterAll(async () => {
    await env?.dispose();
    await emulator?.close();
  });

  it("previews a create without calling the API", async () => {
    const seen = await calls(() => env.stack.preview({ onOutput: collect(out) }));
    counts.previewCreate = seen.length;
    expect(seen).toEqual([]);
  });

  it("creates every room: an auto-named one with one call, a named one after looking for it among enabled and disabled rooms", async () => {
    const seen = await calls(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    });
    counts.create = seen.length;
    expect(seen.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "GET /v2/rooms",
      "GET /v2/rooms",
      "POST /v2/rooms",
      "POST /v2/rooms",
    ]);
    expect(seen.every((r) => r.status === 200)).toBe(true);
    const { hms } = await emulator.rooms();
    expect(hms.map((r) => r.name).sort()).toEqual([
      "Recorded-Room",
      expect.stringMatching(/^lobby-[0-9a-z]{7}$/),
    ]);
    expect(hms.find((r) => r.name === "Recorded-Room")?.recording_info).toMatchObject({ enabled: true });
  });

  it("survives stack export and import, then previews and updates nothing", async () => {
    const state = await env.stack.exportStack();
    await env.stack.importStack(state);
    const previewCalls = await calls(async () => {
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 3 });
    });
    counts.preview = previewCalls.length;
    expect(previewCalls).toEqual([]);
    const upCalls = await calls(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 3 });
    });
    counts.unchangedUp = upCalls.length;
    expect(upCalls.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("refreshes with one read per room and no changes", async () => {
    const seen = await calls(() =>
      env.stack.refresh({ onOutput: collect(out), expectNoChanges: true } as never),
    );
    counts.refresh = seen.length;
    expect(seen.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/, ":id")}`)).toEqual([
      "GET /v2/rooms/:id",
      "GET /v2/rooms/:id",
    ]);
  });

  it("previews a one-property edit as an in-place update naming the property, then applies it", async () => {
    rooms.lobby = { ...rooms.lobby, description: "Weekly planning" };
    const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    expect(preview.stdout).toMatch(/~ description: "Daily stand-up" => "Weekly planning"/);
    expect(preview.stdout).not.toMatch(/replace/);
    const seen = await calls(() => env.stack.up({ onOutput: collect(out) }));
    counts.oneFieldUpdate = seen.length;
    expect(seen.map((r) => r.method)).toEqual(["POST"]);
    const { hms } = await emulator.rooms();
    expect(hms.find((r) => String(r.name).startsWith("lobby-"))?.description).toBe("Weekly planning");
  });

  it("moves a room to another template in place (same id)", async () => {
    const [, second] = emulator.running.ready.hms.templates;
    const before = (await env.stack.outputs()).room0?.value;
    rooms.lobby = { ...rooms.lobby, templateId: second!.id };
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(up.outputs.room0?.value).toBe(before);
    const { hms } = await emulator.rooms();
    expect(hms.find((r) => r.id === before)?.template_id).toBe(second!.id);
  });

  it("replaces a room delete-first: the same 100ms room ends enabled, not disabled by the delete", async () => {
    const before = (await env.stack.outputs()).room0?.value;
    const urn = `urn:pulumi:${env.stack.name}::hms-engine::pulumi-nodejs:dynamic/hms:Room::lobby`;
    const up = await env.stack.up({ onOutput: collect(out), replace: [urn] });
    expect(up.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
    expect(up.outputs.room0?.value).toBe(before);
    expect((await emulator.rooms()).hms.find((r) => r.id === before)?.enabled).toBe(true);
  });

  it("reads an existing room with HmsRoom.get without managing it", async () => {
    const id = (await env.stack.outputs()).room0?.value as string;
    lookup = id;
    try {
      const seen = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.outputs.lookedUp?.value).toEqual({
          description: "Weekly planning",
          name: expect.stringMatching(/^lobby-/),
          isRoom: true,
        });
      });
      expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v2/rooms/${id}`]);
    } finally {
      lookup = undefined;
    }
    const up = await env.stack.up({ onOutput: collect(out) });
    // A read-only reference is discarded from state, never deleted: the room stays enabled.
    expect(up.summary.resourceChanges).toEqual({ same: 3, discard: 1 });
    expect((await emulator.rooms()).hms.find((r) => r.id === id)?.enabled).toBe(true);
  });

  it("finds an out-of-band change on refresh and undoes it on up", async () => {
    const id = (await env.stack.outputs()).room0?.value as string;
    await emulator.hms("POST", `/rooms/${id}`, { description: "changed in the dashboard", enabled: false });
    const refresh = await env.stack.refresh({ onOutput: collect(out) });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/description/);
    expect(preview.stdout).toMatch(/enabled/);
    await env.stack.up({ onOutput: collect(out) });
    const room = (await emulator.rooms()).hms.find((r) => r.id === id);
    expect(room).toMatchObject({ description: "Weekly planning", enabled: true });
  });

  it("re-creates a room that disappeared out of band", async () => {
    const id = (await env.stack.outputs()).room0?.value as string;
    await emulator.reset();
    const refresh = await env.stack.refresh({ onOutput: collect(out) });
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 2 });
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(up.outputs.room0?.value).not.toBe(id);
    expect((await emulator.rooms()).hms).toHaveLength(2);
  });

  it("fails preview on invalid input, naming the property, with no API call", async () => {
    const good = rooms.lobby!;
    rooms.lobby = { ...good, region: "mars" as never, maxDurationSeconds: 60 };
    try {
      const seen = await calls(async () => {
        const failure = await env.stack.preview({ onOutput: collect(out) }).then(
          () => undefined,
          (err: Error) => err.message,
        );
        // Reported by the program (core/program/preflight.ts), every property at once.
        expect(failure).toMatch(/HmsRoom "lobby" has 2 invalid properties; nothing was sent to 100ms/);
        expect(failure).toMatch(/region/);
        expect(failure).toMatch(/must be one of in, us, eu, auto/);
        expect(failure).toMatch(/maxDurationSeconds/);
        expect(failure).toMatch(/at least 120 seconds/);
      });
      expect(seen).toEqual([]);
    } finally {
      rooms.lobby = good;
    }
  });

  it("keeps every secret out of `pulumi stack export`", async () => {
    const exported = await env.cli(["stack", "export"]);
    expect(exported).toContain("Recorded-Room");
    expect(secretHits(exported, emulator)).toEqual([]);
    const provider = JSON.parse(exported).deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/hms:Room",
    ).inputs.__provider as string;
    counts.providerBytes = provider.length;
    expect(provider.length).toBeLessThan(1024);
  });

  it("destroy disables every room and leaves none enabled", async () => {
    const destroy = await env.stack.destroy({ onOutput: collect(out) });
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 3 });
    const { hms } = await emulator.rooms();
    expect(hms.length).toBeGreaterThan(0);
    expect(hms.filter((r) => r.enabled !== false)).toEqual([]);
    expect(out.length).toBeGreaterThan(0);
    expect(secretHits(out.join(""), emulator)).toEqual([]);
    process.stdout.write(`[hms engine] API calls: ${JSON.stringify(counts)}\n`);
  });
});
