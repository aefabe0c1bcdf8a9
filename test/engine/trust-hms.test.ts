import type { PulumiFn } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HmsRoomArgs } from "../../provider/index";
import { managementToken } from "../../scripts/live/hms-token";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, loadPackage } from "../support/engine";
import { outcomeOf } from "../support/reliability";
import { stateResources } from "../support/state";
import { eachRoom, htmlPage, VariantProxy } from "../support/variant-proxy";

const ROOM_TYPE = "pulumi-nodejs:dynamic/hms:Room";
const HTML_404 = "<html><body><h1>404 Not Found</h1></body></html>";

/**
 * Issue 13, reproductions 2, 3, 4, 6 (100ms part) and 7, through the real engine, the emulator
 * and a proxy that varies the answers within what hms-api.md leaves open. Each case has its own
 * stack and room names, so a failing case leaves nothing behind for the next.
 */
describe("HmsRoom trust against the API (issue 13)", { timeout: 300_000 }, () => {
  let emulator: TestEmulator;
  let proxy: VariantProxy;
  const stacks: EngineStack[] = [];
  const out: string[] = [];
  const log = collect(out);

  /** A program declaring `rooms` (edited in place by the test) and exporting their ids. */
  const roomsProgram =
    (rooms: Record<string, HmsRoomArgs>): PulumiFn =>
    async () => {
      const { HmsRoom } = loadPackage();
      return Object.fromEntries(
        Object.entries(rooms).map(([name, args]) => [name, new HmsRoom(name, args).roomId]),
      );
    };

  async function stack(
    program: PulumiFn,
    options: { project?: string; stack?: string; via?: TestEmulator | VariantProxy } = {},
  ): Promise<EngineStack> {
    const env = await engineStack({
      project: options.project ?? "trust-hms",
      stack: options.stack,
      program,
      config: (options.via ?? proxy).stackConfig({ maxRetries: 1 }),
    });
    stacks.push(env);
    return env;
  }

  const stateOf = async (env: EngineStack) =>
    (await stateResources(env)).filter((r) => r.type.endsWith(":Room"));

  const roomById = async (id: unknown) => (await emulator.rooms()).hms.find((r) => r.id === id);

  /** Writes through the proxy that would hit the room `name` (by its name) or `id`. */
  const writesTo = (name: string, id?: unknown) =>
    proxy
      .take()
      .filter(
        (e) =>
          e.method === "POST" &&
          ((e.path === "/v2/rooms" &&
            String((e.body as { name?: unknown } | undefined)?.name).toLowerCase() === name.toLowerCase()) ||
            (id !== undefined && e.path === `/v2/rooms/${id}`)),
      );

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    proxy = await VariantProxy.start(emulator);
  });

  afterAll(async () => {
    for (const env of stacks) await env.dispose();
    await proxy?.close();
    await emulator?.close();
  });

  it("repro 2: a templateId change after an out-of-band rename, with an unrelated room under the old name, moves our room and never writes the unrelated one", async () => {
    // Create is an upsert by case-insensitive name that moves the room to the template sent
    // (hms-api.md §4.2); a template change by update is undocumented (§14.2).
    const [first, second] = emulator.running.ready.hms.templates;
    const rooms: Record<string, HmsRoomArgs> = { h: { name: "h1-r2" } };
    const env = await stack(roomsProgram(rooms));
    const ours = (await env.stack.up({ onOutput: log })).outputs.h?.value;
    await emulator.hms("POST", `/rooms/${ours}`, { name: "h1-r2-renamed" });
    const unrelated = await emulator.hms("POST", "/rooms", { name: "h1-r2" });
    expect(unrelated.id).not.toBe(ours);
    expect(unrelated.template_id).toBe(first!.id);

    rooms.h = { ...rooms.h, templateId: second!.id };
    proxy.take();
    const failure = await outcomeOf(env.stack.up({ onOutput: log }));
    expect(writesTo("h1-r2", unrelated.id)).toEqual([]);
    expect(await roomById(unrelated.id)).toMatchObject({
      template_id: first!.id,
      updated_at: unrelated.updated_at,
    });
    expect(failure).toBeUndefined();
    expect(await roomById(ours)).toMatchObject({ template_id: second!.id });
    expect((await stateOf(env))[0]?.id).toBe(ours);
  });

  it("repro 2: a templateId change after an out-of-band rename, with the old name free, moves our room and creates no stray room", async () => {
    const [, second] = emulator.running.ready.hms.templates;
    const rooms: Record<string, HmsRoomArgs> = { h: { name: "h2-r2b" } };
    const env = await stack(roomsProgram(rooms));
    const ours = (await env.stack.up({ onOutput: log })).outputs.h?.value;
    await emulator.hms("POST", `/rooms/${ours}`, { name: "h2-r2b-renamed" });
    const count = (await emulator.rooms()).hms.length;

    rooms.h = { ...rooms.h, templateId: second!.id };
    proxy.take();
    const failure = await outcomeOf(env.stack.up({ onOutput: log }));
    expect(writesTo("h2-r2b")).toEqual([]);
    expect((await emulator.rooms()).hms).toHaveLength(count);
    expect(failure).toBeUndefined();
    expect(await roomById(ours)).toMatchObject({ template_id: second!.id });
  });

  it("repro 2: a templateId change of a disabled room whose name also answers with an enabled room writes nothing", async () => {
    // Whether a create over a disabled room's name makes a second room is undocumented (hms-api.md
    // §14.3): the list of enabled rooms then answers the name with another room, which the
    // create-by-name upsert would move. The proxy answers so; the emulator itself keeps names unique.
    const [first, second] = emulator.running.ready.hms.templates;
    const rooms: Record<string, HmsRoomArgs> = { h: { name: "h3-r2c", enabled: false } };
    const env = await stack(roomsProgram(rooms));
    const ours = (await env.stack.up({ onOutput: log })).outputs.h?.value;
    const other = "0123456789abcdef01234567";
    const remove = proxy.add({
      method: "GET",
      path: /^\/v2\/rooms$/,
      query: (q) => q.get("name") === "h3-r2c" && q.get("enabled") === "true",
      response: (answer) => ({
        ...answer,
        json: {
          limit: 10,
          data: [{ id: other, name: "h3-r2c", enabled: true, template_id: first!.id }],
          last: "",
        },
      }),
    });
    try {
      rooms.h = { ...rooms.h, templateId: second!.id };
      proxy.take();
      const failure = await outcomeOf(env.stack.up({ onOutput: log }));
      expect(failure).toMatch(
        /property templateId: .*"h3-r2c".*0123456789abcdef01234567.*nothing was written/s,
      );
      expect(proxy.take().filter((e) => e.method === "POST")).toEqual([]);
      expect(await roomById(ours)).toMatchObject({ enabled: false, template_id: first!.id });
    } finally {
      remove();
    }
    // Without the other room the move goes through, and the room stays disabled even where the
    // upsert re-enables the room it lands on (§14.3: the proxy makes it do so).
    const reenable = proxy.add({
      method: "POST",
      path: /^\/v2\/rooms$/,
      request: (body) => ({ ...body, enabled: true }),
    });
    try {
      await env.stack.up({ onOutput: log });
    } finally {
      reenable();
    }
    expect(await roomById(ours)).toMatchObject({ enabled: false, template_id: second!.id });
    const preview = await env.stack.preview({ onOutput: log });
    expect(preview.changeSummary).toEqual({ same: 2 });
  });

  it("repro 3: another stack declaring the name of a disabled room fails without adopt and writes nothing; with adopt: true it takes the room over", async () => {
    // Whether a create over a disabled room re-enables it is unconfirmed (hms-api.md §14.3); the
    // emulator's upsert updates it, disabled or not.
    const name = "fresh-lobby-r3";
    const dev = await stack(roomsProgram({ lobby: { name, enabled: false, description: "dev lobby" } }), {
      project: "trust-takeover",
      stack: "dev",
    });
    const id = (await dev.stack.up({ onOutput: log })).outputs.lobby?.value;
    expect(await roomById(id)).toMatchObject({ enabled: false, description: "dev lobby" });

    const prodRooms: Record<string, HmsRoomArgs> = { lobby: { name, description: "prod lobby" } };
    const prod = await stack(roomsProgram(prodRooms), { project: "trust-takeover", stack: "prod" });
    let failure: string | undefined;
    const seen = await emulator.requestsDuring(async () => {
      failure = await outcomeOf(prod.stack.up({ onOutput: log }));
    });
    expect(seen.filter((r) => r.method !== "GET")).toEqual([]);
    expect(await roomById(id)).toMatchObject({ enabled: false, description: "dev lobby" });
    expect(failure).toBeDefined();
    expect(failure).toMatch(/adopt: true/);
    expect(failure).toMatch(/destroy/);
    expect(failure).toMatch(/disabled/);
    expect(await stateOf(prod)).toEqual([]);

    prodRooms.lobby = { ...prodRooms.lobby, adopt: true };
    const up = await prod.stack.up({ onOutput: log });
    expect(up.outputs.lobby?.value).toBe(id);
    expect(await roomById(id)).toMatchObject({ enabled: true, description: "prod lobby" });
  });

  it("repro 4: a 404 from a wrong apiUrl (no /v2) is an error, not a deleted room: refresh and destroy fail and the room stays", async () => {
    // The API lives under /v2 (hms-api.md §1); the emulator answers any other path with a plain
    // JSON 404 that is not the room-not-found body (§9.2, §14.17).
    const env = await stack(roomsProgram({ h: { name: "gone-r4a" } }));
    const id = (await env.stack.up({ onOutput: log })).outputs.h?.value as string;
    // Refresh and destroy run with the config the last up recorded for the default provider
    // (provider/core/config/settings.ts): an unchanged up records the wrong URL, changing nothing.
    await env.stack.setConfig("hms:apiUrl", { value: emulator.url });
    expect((await env.stack.up({ onOutput: log })).summary.resourceChanges).toEqual({ same: 2 });

    const refreshFailure = await outcomeOf(env.stack.refresh({ onOutput: log }));
    expect((await stateOf(env)).map((r) => r.id)).toEqual([id]);
    expect(refreshFailure).toBeDefined();
    expect(refreshFailure).toMatch(/404/);
    expect(refreshFailure).toMatch(new RegExp(`GET \\S*/rooms/${id}`));
    expect(refreshFailure).toMatch(/apiUrl/);

    const destroyFailure = await outcomeOf(env.stack.destroy({ onOutput: log }));
    expect(destroyFailure).toBeDefined();
    expect(destroyFailure).toMatch(/404/);
    expect((await stateOf(env)).map((r) => r.id)).toEqual([id]);
    expect(await roomById(id)).toMatchObject({ enabled: true });

    // With the right URL again, destroy disables the room.
    await env.stack.setConfig("hms:apiUrl", { value: `${proxy.url}/v2` });
    await env.stack.up({ onOutput: log });
    await env.stack.destroy({ onOutput: log });
    expect(await roomById(id)).toMatchObject({ enabled: false });
  });

  it("repro 4: an HTML 404 page for the room (a gateway's, not the API's) fails refresh and keeps the room in state", async () => {
    // Every 100ms answer is JSON (hms-api.md §1) and the unknown-room answer is not confirmed
    // (§14.17): an HTML page is some other server's 404, not the room's.
    const env = await stack(roomsProgram({ h: { name: "gone-r4b" } }));
    const id = (await env.stack.up({ onOutput: log })).outputs.h?.value as string;
    const remove = proxy.add({
      method: "GET",
      path: new RegExp(`^/v2/rooms/${id}$`),
      response: htmlPage(404, HTML_404),
    });
    try {
      const failure = await outcomeOf(env.stack.refresh({ onOutput: log }));
      expect((await stateOf(env)).map((r) => r.id)).toEqual([id]);
      expect(failure).toBeDefined();
      expect(failure).toMatch(/404/);
    } finally {
      remove();
    }
    await env.stack.refresh({ onOutput: log, expectNoChanges: true } as never);
    expect((await stateOf(env)).map((r) => r.id)).toEqual([id]);
  });

  it("repro 4: the API's own room-not-found 404 still means the room is gone: refresh drops it", async () => {
    // A separate emulator: its reset (every room gone) must not touch the other cases' rooms.
    const alone = await TestEmulator.start();
    try {
      const env = await stack(roomsProgram({ h: { name: "gone-r4c" } }), { via: alone });
      const id = (await env.stack.up({ onOutput: log })).outputs.h?.value as string;
      await alone.reset();
      expect(await alone.hms("GET", `/rooms/${id}`)).toMatchObject({ code: 404, message: "Room not found" });
      const refresh = await env.stack.refresh({ onOutput: log });
      expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
      expect(await stateOf(env)).toEqual([]);
    } finally {
      await alone.close();
    }
  });

  it("repro 6: numbers and booleans answered as strings are read as their values: no extra enable call, no drift", async () => {
    // The room object's shape varies between the documented examples (hms-api.md §8, §14.9);
    // here every answer carries `size` and `enabled` as strings.
    const remove = proxy.add({
      path: /^\/v2\/rooms(\/|$)/,
      response: eachRoom((r) => ({
        ...r,
        ...(typeof r.size === "number" && { size: String(r.size) }),
        ...(typeof r.enabled === "boolean" && { enabled: String(r.enabled) }),
      })),
    });
    try {
      const env = await stack(roomsProgram({ h: { name: "sized-r6a", size: 40 } }));
      const seen = await emulator.requestsDuring(() => env.stack.up({ onOutput: log }));
      expect(seen.filter((r) => r.method === "POST").map((r) => r.path)).toEqual(["/v2/rooms"]);
      // The create's two look-ups (enabled, then disabled rooms), and no read by id.
      expect(seen.filter((r) => r.method === "GET").map((r) => r.path)).toEqual(["/v2/rooms", "/v2/rooms"]);
      const id = (await env.stack.outputs()).h?.value;
      const read = await fetchThroughProxy(`/rooms/${id}`);
      expect(read).toMatchObject({ size: "40", enabled: "true" });
      expect(await roomById(id)).toMatchObject({ size: 40, enabled: true });

      await env.stack.refresh({ onOutput: log, expectNoChanges: true } as never);
      const preview = await env.stack.preview({ onOutput: log, expectNoChanges: true } as never);
      expect(preview.changeSummary).toEqual({ same: 2 });
    } finally {
      remove();
    }
  });

  it("repro 7: an unset output is recorded as null, so a program reading it previews no change", async () => {
    const env = await stack(async () => {
      const { HmsRoom, MeteredRoom } = loadPackage();
      const src = new HmsRoom("src", {});
      const m = new MeteredRoom("m", { maxParticipants: src.size.apply((s) => s ?? 9) });
      return { src: src.roomId, m: m.roomId };
    });
    await env.stack.up({ onOutput: log });
    const preview = await env.stack.preview({ onOutput: log, diff: true });
    expect(preview.changeSummary).toEqual({ same: 3 });
    const src = (await stateOf(env)).find((r) => r.type === ROOM_TYPE && r.urn.endsWith("::src"));
    expect(src?.outputs).toHaveProperty("size", null);
  });

  /** A 100ms API call through the proxy, to check a rule answers as intended. */
  async function fetchThroughProxy(path: string): Promise<Record<string, unknown>> {
    const { hms } = emulator.running.ready;
    const res = await fetch(`${proxy.url}/v2${path}`, {
      headers: { authorization: `Bearer ${managementToken(hms.accessKey, hms.appSecret)}` },
    });
    return (await res.json()) as Record<string, unknown>;
  }
});
