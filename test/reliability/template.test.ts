import { createRequire } from "node:module";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoomProvider as Provider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";
import { intKnob } from "../support/knobs";
import { failureOf, only, statuses } from "../support/reliability";
import { schoolTemplate } from "../support/school";
import { SECRETS_IN_PLAY, secretHits } from "../support/secrets";
import { VariantProxy } from "../support/variant-proxy";

/**
 * The template calls under faults, over real HTTP: transient ones retried without a second
 * template, permanent ones reported with what to do, and no secret in any error.
 */
const load = createRequire(join(REPO_ROOT, "package.json"));

const TEMPLATE = { ...schoolTemplate(), roles: { teacher: { priority: 1 }, student: { maxPeerCount: 30 } } };

describe("HmsTemplate under faults", () => {
  let emulator: TestEmulator;
  let provider: Provider;
  const inputs = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
    (await provider.check(olds, { __autoName: "school-abcdefg", ...news })).inputs;
  const templates = async () =>
    ((await emulator.hms("GET", "/templates?limit=100")).data as { name: string }[]).filter(
      (t) => !t.name.startsWith("emulator-"),
    );

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = Object.fromEntries(
      Object.entries(emulator.stackConfig({ maxRetries: 3 })).map(([k, { value }]) => [k, value]),
    );
    provider = load("pulumi-video-rooms/dist/provider/hms-template/provider.js");
    await provider.configure({ config: { get: (key) => config[key] } });
  });
  beforeEach(async () => {
    await emulator.reset();
    await emulator.clearFaults();
  });
  afterAll(() => emulator.close());

  it("a create whose answer was lost is retried onto the same template (create is an upsert by name)", async () => {
    await emulator.fault({ drop: "during", method: "POST", path: "/v2/templates" });
    const created = await provider.create(await inputs(TEMPLATE));
    expect(await templates()).toHaveLength(1);
    expect((await templates())[0]).toMatchObject({ id: created.id, name: "school-abcdefg" });
    expect(statuses(only(await emulator.requests(), "POST", /\/v2\/templates$/))).toEqual([
      "200/drop-during",
      "200",
    ]);
  });

  it("an interrupted create (the process gone after the write) is finished by the next up, not duplicated", async () => {
    await emulator.fault({ drop: "after", count: 4, method: "POST", path: "/v2/templates" });
    await failureOf(provider.create(await inputs(TEMPLATE)));
    const made = await templates();
    expect(made).toHaveLength(1);
    const again = await provider.create(await inputs(TEMPLATE));
    expect(again.id).toBe((made[0] as { id?: string }).id);
    expect(await templates()).toHaveLength(1);
  });

  it("429 with Retry-After and 5xx on a role write are retried; the change is applied once", async () => {
    const created = await provider.create(await inputs(TEMPLATE));
    await emulator.fault({ status: 429, retryAfter: 1, method: "POST", path: "/roles/student" });
    await emulator.fault({ status: 503, method: "POST", path: "/roles/student" });
    await emulator.clearRequests();
    const changed = { ...TEMPLATE, roles: { ...TEMPLATE.roles, student: { maxPeerCount: 50 } } };
    await provider.update(created.id, created.outs, await inputs(changed, created.outs));
    expect(statuses(only(await emulator.requests(), "POST", /roles\/student/))).toEqual([
      "429/status",
      "503/status",
      "200",
    ]);
    const now = await emulator.hms("GET", `/templates/${created.id}/roles/student`);
    expect(now.maxPeerCount).toBe(50);
  });

  it("a permanent failure names the resource, the status, 100ms's message and what to do, with no secret", async () => {
    const created = await provider.create(await inputs(TEMPLATE));
    await emulator.fault({ status: 400, method: "POST", path: "/settings" });
    const changed = { ...TEMPLATE, settings: { ...TEMPLATE.settings, region: "in" } };
    const message = await failureOf(
      provider.update(created.id, created.outs, await inputs(changed, created.outs)),
    );
    expect(message).toMatch(/HmsTemplate "school-abcdefg"/);
    expect(message).toMatch(/400/);
    expect(secretHits(message, emulator)).toEqual([]);
    // Nothing recorded as done: the old outputs stay, so the next preview shows the change again.
    const diff = await provider.diff(created.id, created.outs, await inputs(changed, created.outs));
    expect(diff.changes).not.toBe(false);
  });

  it("a role write that keeps failing reports the status and leaves the role as it was", async () => {
    const created = await provider.create(await inputs(TEMPLATE));
    await emulator.fault({ status: 500, count: 4, method: "POST", path: "/roles/student" });
    const changed = { ...TEMPLATE, roles: { ...TEMPLATE.roles, student: { maxPeerCount: 50 } } };
    const message = await failureOf(
      provider.update(created.id, created.outs, await inputs(changed, created.outs)),
    );
    expect(message).toMatch(/500/);
    expect((await emulator.hms("GET", `/templates/${created.id}/roles/student`)).maxPeerCount).toBe(30);
  });
});

/** Answers that vary within what the docs leave open (§9.3, §9.15), through a proxy. */
describe("HmsTemplate against other readings of the docs", () => {
  let emulator: TestEmulator;
  let proxy: VariantProxy;
  let provider: Provider;
  const inputs = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
    (await provider.check(olds, { __autoName: "school-abcdefg", ...news })).inputs;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    proxy = await VariantProxy.start(emulator);
    const config = Object.fromEntries(
      Object.entries(proxy.stackConfig()).map(([k, { value }]) => [k, value]),
    );
    provider = load("pulumi-video-rooms/dist/provider/hms-template/provider.js");
    await provider.configure({ config: { get: (key) => config[key] } });
  });
  beforeEach(async () => {
    proxy.clear();
    await emulator.reset();
  });
  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  it("a role write answered 200 without the change fails the step, naming the property and both values", async () => {
    const created = await provider.create(await inputs(TEMPLATE));
    proxy.add({
      method: "POST",
      path: /roles\/student$/,
      request: ({ maxPeerCount: _dropped, ...rest }) => rest,
    });
    const changed = { ...TEMPLATE, roles: { ...TEMPLATE.roles, student: { maxPeerCount: 50 } } };
    const message = await failureOf(
      provider.update(created.id, created.outs, await inputs(changed, created.outs)),
    );
    expect(message).toMatch(/without applying the change \(property roles: sent .*"maxPeerCount":50/);
    expect(secretHits(message, emulator)).toEqual([]);
  });

  it("destinations that merge instead of replace: an entry the program removed and 100ms kept is reported", async () => {
    const both = {
      ...TEMPLATE,
      destinations: { rtmpDestinations: { youtube: { rtmpUrls: [SECRETS_IN_PLAY.rtmpUrl] }, twitch: {} } },
    };
    const created = await provider.create(await inputs(both));
    // Merge semantics: the entry left out of the body stays.
    proxy.add({
      method: "POST",
      path: /\/destinations$/,
      request: (body) => {
        const rtmp = (body.rtmpDestinations ?? {}) as Record<string, unknown>;
        return { ...body, rtmpDestinations: { ...rtmp, twitch: { name: "twitch" } } };
      },
    });
    const message = await failureOf(
      provider.update(created.id, created.outs, await inputs(TEMPLATE, created.outs)),
    );
    expect(message).toMatch(/destinations\.rtmpDestinations\.twitch still in the template/);
  });

  it("a 404 for a template the workspace still lists is an error, never a template gone", async () => {
    const created = await provider.create(await inputs(TEMPLATE));
    proxy.add({
      method: "GET",
      path: new RegExp(`/templates/${created.id}$`),
      response: (answer) => ({ ...answer, status: 404, json: { code: 404, message: "Not Found" } }),
    });
    const message = await failureOf(provider.read(created.id, created.outs));
    expect(message).toMatch(/404/);
    expect(message).toMatch(/pulumi refresh|hms:apiUrl/);
  });
});

/**
 * Property-based: any valid template the program may declare is created, read back and updated
 * to any other without a perpetual diff (server defaults and omitted false flags never show as
 * changes) and with every value the program set in place.
 */
describe("HmsTemplate over generated valid templates", () => {
  let emulator: TestEmulator;
  let provider: Provider;
  const runs = intKnob("TEMPLATE_PROPERTY_RUNS", 12);

  const flags = fc.record(
    { endRoom: fc.boolean(), mute: fc.boolean(), sendRoomState: fc.boolean(), hlsStreaming: fc.boolean() },
    { requiredKeys: [] },
  );
  const role = fc.record(
    {
      publishParams: fc.record(
        {
          allowed: fc.subarray(["audio", "video", "screen"]),
          video: fc.record(
            { bitRate: fc.integer({ min: 30, max: 2000 }), frameRate: fc.integer({ min: 1, max: 30 }) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      subscribeParams: fc.record(
        {
          maxSubsBitRate: fc.integer({ min: 0, max: 5200 }),
          subscribeDegradation: fc.record(
            { packetLossThreshold: fc.integer({ min: 1, max: 100 }) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      permissions: flags,
      priority: fc.integer({ min: 1, max: 5 }),
      maxPeerCount: fc.integer({ min: -1, max: 500 }),
    },
    { requiredKeys: [] },
  );
  const template = fc.record({
    roles: fc.dictionary(fc.constantFrom("teacher", "student", "guest", "viewer"), role, {
      minKeys: 1,
      maxKeys: 3,
    }),
    settings: fc.record(
      {
        region: fc.constantFrom("in", "us", "eu", "auto"),
        roomState: fc.record(
          {
            enabled: fc.boolean(),
            sendPeerList: fc.boolean(),
            messageInterval: fc.integer({ min: 1, max: 720 }).map((n) => n * 5),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  });

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = Object.fromEntries(
      Object.entries(emulator.stackConfig()).map(([k, { value }]) => [k, value]),
    );
    provider = load("pulumi-video-rooms/dist/provider/hms-template/provider.js");
    await provider.configure({ config: { get: (key) => config[key] } });
  });
  afterAll(() => emulator.close());

  it(
    `creates, reads back and updates ${runs} generated templates with no perpetual diff`,
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(template, template, async (first, second) => {
          const check = async (args: object, olds: Record<string, unknown> = {}) => {
            const checked = await provider.check(olds, { __autoName: `generated-${++n}`, ...args });
            expect(checked.failures).toEqual([]);
            return checked.inputs;
          };
          const created = await provider.create(await check(first));
          const read = await provider.read(created.id, created.outs);
          expect(
            (await provider.diff(created.id, read.props ?? {}, await check(first, read.props))).changes,
          ).toBe(false);
          const news = await check(second, created.outs);
          const updated = await provider.update(created.id, created.outs, news);
          const again = await provider.read(created.id, updated.outs);
          expect(
            (await provider.diff(created.id, again.props ?? {}, await check(second, again.props))).changes,
          ).toBe(false);
        }),
        { numRuns: runs, seed: intKnob("TEMPLATE_PROPERTY_SEED", 20261204, 0) },
      );
    },
    60_000 + runs * 5_000,
  );
});
