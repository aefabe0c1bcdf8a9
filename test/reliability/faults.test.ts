import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack } from "../support/engine";
import {
  type Declared,
  LogWatcher,
  only,
  Report,
  roomsProgram,
  SecretScan,
  statuses,
  timed,
} from "../support/reliability";

/**
 * Transient faults through the real engine: each `up` creates one HmsRoom and one MeteredRoom while
 * the emulator injects the fault into each service's write (`POST /v2/rooms`, `POST /api/v1/room`).
 * Every operation must succeed, in bounded time, with the retries in the emulator's log and exactly
 * one room per resource (a write whose answer was lost must not make a second room).
 */

const HMS_CREATE = /^\/v2\/rooms$/;
const METERED_CREATE = /^\/api\/v1\/room\/?$/;
/** Short, so a case that fails to recover fails fast (stack config, as users tune it). */
const TUNING = { timeoutSeconds: 2, maxRetries: 3 };

/** A group of faults injected into one `up` that creates one room per service. */
interface CreateCase {
  name: string;
  /** Faults queued in order; each applies to the next matching request. */
  faults: Record<string, unknown>[];
  /** Expected `status[/fault]` sequences per request kind. */
  expect: {
    hmsLookup: string[];
    hmsCreate: string[];
    meteredLookup: string[];
    meteredCreate: string[];
  };
  /** Minimum gap between a 429 write and its retry (Retry-After), per service. */
  minGapMs?: number;
  /** A faulted write is processed after the up ends (a delayed write): watch the rooms until then. */
  lateMs?: number;
}

const HMS_POST = { method: "POST", path: "/v2/rooms" };
const HMS_GET = { method: "GET", path: "/v2/rooms" };
const METERED_POST = { method: "POST", path: "/api/v1/room" };
const METERED_GET = { method: "GET", path: "/api/v1/room/" };

const CREATE_CASES: CreateCase[] = [
  {
    // Retry-After in both forms, and the four 5xx statuses on the look-up each create makes first.
    name: "429 + Retry-After 1 s (100ms: seconds, Metered: HTTP-date); 500, 502, 503, 504",
    faults: [
      { ...HMS_POST, status: 429, retryAfter: 1 },
      { ...METERED_POST, status: 429, retryAfter: 1, retryAfterDate: true },
      { ...HMS_GET, status: 500 },
      { ...HMS_GET, status: 502 },
      { ...METERED_GET, status: 503 },
      { ...METERED_GET, status: 504 },
    ],
    expect: {
      hmsLookup: ["500/status", "502/status", "200", "200"],
      hmsCreate: ["429/status", "200"],
      meteredLookup: ["503/status", "504/status", "400"],
      meteredCreate: ["429/status", "200"],
    },
    minGapMs: 900,
  },
  {
    // Dropped connections. Mid-body and after-processing drops are ambiguous creates: the room was
    // made and the answer lost. 100ms's create is an upsert by name (the retry lands on the same
    // room); Metered answers "already exists" to the retry, which the provider resolves by reading
    // the room its earlier attempt made.
    name: "connection dropped before the response, mid-body, and after processing",
    faults: [
      { ...HMS_GET, drop: "before" },
      { ...HMS_POST, drop: "during" },
      { ...HMS_POST, drop: "after" },
      { ...METERED_GET, drop: "before" },
      { ...METERED_POST, drop: "during" },
      { ...METERED_POST, drop: "after" },
    ],
    expect: {
      hmsLookup: ["0/drop-before", "200", "200"],
      hmsCreate: ["200/drop-during", "0/drop-after", "200"],
      meteredLookup: ["0/drop-before", "400", "200"],
      meteredCreate: ["200/drop-during", "0/drop-after", "400"],
    },
  },
  {
    // The slow write is still processed after the client gave up: another ambiguous create.
    name: "create slower than the timeout (3.5 s vs timeoutSeconds 2)",
    faults: [
      { ...HMS_POST, delayMs: 3500 },
      { ...METERED_POST, delayMs: 3500 },
    ],
    expect: {
      hmsLookup: ["200", "200"],
      hmsCreate: ["0/delay", "200"],
      meteredLookup: ["400"],
      meteredCreate: ["0/delay", "200"],
    },
    lateMs: 3500,
  },
];

describe("transient faults through the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  const decl: Declared = { hms: {}, metered: {} };
  const out: string[] = [];
  const report = new Report("faults");
  const scan = new SecretScan();

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = emulator.stackConfig(TUNING);
    env = await engineStack({ project: "rel-faults", program: roomsProgram(decl), config });
  });

  afterEach(async () => {
    // A fault a failed case left unconsumed must not reach the next case.
    await emulator?.clearFaults();
  });

  afterAll(async () => {
    report.flush();
    await env?.dispose();
    await emulator?.close();
  });

  /** Names and ids the engine recorded (the last up's stack outputs). */
  let state: Record<string, { id: string; name: string }> = {};
  function record(outputs: Record<string, { value: unknown }>) {
    state = Object.fromEntries(
      Object.entries(outputs).map(([k, v]) => [k, v.value as { id: string; name: string }]),
    );
  }

  /** Every room in the emulator is one the state records, and vice versa, by id and name. */
  async function expectRoomsMatchState() {
    const rooms = await emulator.rooms();
    const live = [
      ...rooms.hms.filter((r) => r.enabled !== false).map((r) => `hms:${r.id}:${r.name}`),
      ...rooms.metered.filter((r) => r.archived !== true).map((r) => `metered:${r._id}:${r.roomName}`),
    ].sort();
    const expected = Object.entries(state)
      .map(([k, v]) => `${k.split(":")[0]}:${v.id}:${v.name}`)
      .sort();
    expect(live).toEqual(expected);
    expect(live).toHaveLength(Object.keys(decl.hms).length + Object.keys(decl.metered).length);
  }

  CREATE_CASES.forEach((c, i) => {
    it(`create succeeds through: ${c.name}`, async () => {
      // Named, so the create looks before writing (enabled rooms, then disabled ones): faults on
      // those reads are part of the case. An auto-named room is created without a look-up.
      decl.hms[`h${i}`] = { name: `fault-case-${i}`, description: `fault case ${i}` };
      decl.metered[`m${i}`] = { enableChat: true };
      await emulator.clearRequests();
      for (const fault of c.faults) await emulator.fault({ ...fault, count: 1 });
      const watcher = new LogWatcher(emulator);
      watcher.start();
      const started = performance.now();
      const { value: up, ms } = await timed(() => env.stack.up({ onOutput: collect(out) }));
      await watcher.stop();
      record(up.outputs);
      expect(up.summary.resourceChanges).toMatchObject({ create: i === 0 ? 3 : 2 });

      if (c.lateMs !== undefined) {
        // The delayed write is processed after its client gave up: until then, and once after,
        // each resource must still have exactly one room.
        const deadline = started + c.lateMs + 1000;
        while (performance.now() < deadline) {
          await expectRoomsMatchState();
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      const log = await emulator.requests();
      scan.add(`log ${c.name}`, log);
      const meteredName = state[`metered:m${i}`]!.name;
      const seen = {
        hmsLookup: statuses(only(log, "GET", /^\/v2\/rooms$/)),
        hmsCreate: statuses(only(log, "POST", HMS_CREATE)),
        meteredLookup: statuses(only(log, "GET", new RegExp(`^/api/v1/room/${meteredName}$`))),
        meteredCreate: statuses(only(log, "POST", METERED_CREATE)),
      };
      expect(seen).toEqual(c.expect);
      expect(log).toHaveLength(Object.values(c.expect).flat().length);
      if (c.minGapMs !== undefined) {
        for (const path of ["/v2/rooms", "/api/v1/room"]) {
          expect(watcher.wasSeen("POST", path, 429), `429 seen on ${path}`).toBe(true);
          const gap = watcher.maxGap(
            { method: "POST", path, status: 429 },
            { method: "POST", path, status: 200 },
          );
          expect(gap, `wait before retrying ${path}`).toBeGreaterThanOrEqual(c.minGapMs);
        }
      }
      await expectRoomsMatchState();
      // Each injected fault costs exactly one retry.
      const retries = log.filter((r) => r.fault !== undefined).length;
      expect(retries).toBe(c.faults.length);
      report.add({
        case: `create, both services: ${c.name}`,
        expected: "up succeeds, exactly 1 room per resource",
        observed:
          `100ms GET ${seen.hmsLookup.join("→")}, POST ${seen.hmsCreate.join("→")}; ` +
          `Metered GET ${seen.meteredLookup.join("→")}, POST ${seen.meteredCreate.join("→")}; rooms = state`,
        retries,
        ms,
      });
    });
  });

  it("update survives two 503s on each service's write", async () => {
    decl.hms.h0 = { ...decl.hms.h0, description: "updated through 503s" };
    decl.metered.m0 = { ...decl.metered.m0, privacy: "private" };
    await emulator.clearRequests();
    await emulator.fault({ status: 503, count: 2, method: "POST", path: "/v2/rooms/" });
    await emulator.fault({ status: 503, count: 2, method: "PUT", path: "/api/v1/room/" });
    const { value: up, ms } = await timed(() => env.stack.up({ onOutput: collect(out) }));
    record(up.outputs);
    expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
    const log = await emulator.requests();
    scan.add("log update", log);
    const hmsWrites = only(log, "POST", /^\/v2\/rooms\/[0-9a-f]{24}$/);
    const meteredWrites = only(log, "PUT", /^\/api\/v1\/room\//);
    expect(statuses(hmsWrites)).toEqual(["503/status", "503/status", "200"]);
    expect(statuses(meteredWrites)).toEqual(["503/status", "503/status", "200"]);
    const rooms = await emulator.rooms();
    const h0 = state["hms:h0"]!;
    expect(rooms.hms.find((r) => r.id === h0.id)?.description).toBe("updated through 503s");
    const m0 = state["metered:m0"]!;
    expect(rooms.metered.find((r) => r._id === m0.id)?.privacy).toBe("private");
    await expectRoomsMatchState();
    report.add({
      case: "update, both services: 503 twice",
      expected: "up succeeds, changes applied",
      observed: `hms ${statuses(hmsWrites).join(" → ")}; metered ${statuses(meteredWrites).join(" → ")}`,
      retries: "2 + 2",
      ms,
    });
  });

  it("refresh survives a 504 and a dropped connection on its reads", async () => {
    await emulator.clearRequests();
    await emulator.fault({ status: 504, count: 1, method: "GET", path: "/v2/rooms/" });
    await emulator.fault({ drop: "before", count: 1, method: "GET", path: "/api/v1/room/" });
    const { value: refresh, ms } = await timed(() => env.stack.refresh({ onOutput: collect(out) }));
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).not.toHaveProperty("delete");
    const log = await emulator.requests();
    scan.add("log refresh", log);
    const rooms = CREATE_CASES.length;
    const hmsReads = only(log, "GET", /^\/v2\/rooms\/[0-9a-f]{24}$/);
    const meteredReads = only(log, "GET", /^\/api\/v1\/room\//);
    expect(hmsReads).toHaveLength(rooms + 1);
    expect(meteredReads).toHaveLength(rooms + 1);
    expect(hmsReads.filter((r) => r.fault === "status").map((r) => r.status)).toEqual([504]);
    expect(meteredReads.filter((r) => r.fault === "drop-before").map((r) => r.status)).toEqual([0]);
    expect(log.filter((r) => r.method !== "GET")).toEqual([]);
    report.add({
      case: "refresh: 504 (100ms read), drop-before (Metered read)",
      expected: "refresh succeeds, no change",
      observed: `${hmsReads.length} + ${meteredReads.length} reads for ${rooms} + ${rooms} rooms`,
      retries: "1 + 1",
      ms,
    });
  });

  it("destroy survives a 502 and a 429 on its writes; nothing is left behind", async () => {
    await emulator.clearRequests();
    await emulator.fault({ status: 502, count: 1, method: "POST", path: "/v2/rooms/" });
    await emulator.fault({ status: 429, retryAfter: 1, count: 1, method: "DELETE" });
    const { value: destroy, ms } = await timed(() => env.stack.destroy({ onOutput: collect(out) }));
    const rooms = CREATE_CASES.length;
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 2 * rooms + 1 });
    const log = await emulator.requests();
    scan.add("log destroy", log);
    const disables = only(log, "POST", /^\/v2\/rooms\/[0-9a-f]{24}$/);
    const deletes = only(log, "DELETE", /^\/api\/v1\/room\//);
    expect(disables).toHaveLength(rooms + 1);
    expect(deletes).toHaveLength(rooms + 1);
    const left = await emulator.rooms();
    expect(left.hms).toHaveLength(rooms);
    expect(left.hms.filter((r) => r.enabled !== false)).toEqual([]);
    expect(left.metered).toHaveLength(rooms);
    expect(left.metered.filter((r) => r.archived !== true)).toEqual([]);
    report.add({
      case: "destroy: 502 (100ms disable), 429 + Retry-After 1 (Metered delete)",
      expected: "every room disabled / deleted",
      observed: `${disables.length} disables, ${deletes.length} deletes for ${rooms} + ${rooms} rooms`,
      retries: "1 + 1",
      ms,
    });
  });

  it("no secret in the engine output or the emulator log", async () => {
    scan.add("engine output", out.join(""));
    scan.add("emulator log", await emulator.requests());
    // Every case's log, the update's, refresh's and destroy's, the engine output and the last log.
    expect(scan.size).toBe(CREATE_CASES.length + 5);
    expect(scan.hits(emulator)).toEqual([]);
  });
});
