import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack } from "../support/engine";
import {
  type Declared,
  failureOf,
  only,
  Report,
  roomsProgram,
  SecretScan,
  statuses,
  timed,
} from "../support/reliability";
import type { StateResource } from "../support/state";

/**
 * Partial failure through the real engine. An HmsRoom created disabled takes two calls: the
 * create (100ms documents no `enabled` on create) and a follow-up update. When the follow-up
 * fails, the room exists: the engine must record it (partial state, with its id), nothing may be
 * orphaned, and the next `up` must finish the job on the same room. (A MeteredRoom create is a
 * single call, so it has no partial state.)
 */

describe("partial failure through the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  const decl: Declared = { hms: {}, metered: {} };
  const out: string[] = [];
  const report = new Report("partial");
  const scan = new SecretScan();
  let roomId = "";
  let firstMs = 0;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = emulator.stackConfig();
    config["hms:maxRetries"] = { value: "1" };
    config["hms:timeoutSeconds"] = { value: "2" };
    env = await engineStack({ project: "rel-partial", program: roomsProgram(decl), config });
  });

  afterEach(async () => {
    await emulator?.clearFaults();
  });

  afterAll(async () => {
    report.flush();
    await env?.dispose();
    await emulator?.close();
  });

  async function roomsInState(): Promise<StateResource[]> {
    // The CLI as a user runs it: the Automation API's exportStack adds --show-secrets.
    const text = await env.cli(["stack", "export"]);
    scan.add("state", text);
    return (JSON.parse(text).deployment.resources as StateResource[]).filter(
      (r) => r.type === "pulumi-nodejs:dynamic/hms:Room",
    );
  }

  it("a failed follow-up call leaves the room recorded as partial state, with its id", async () => {
    decl.hms.closed = { description: "opens later", enabled: false };
    // The follow-up `POST /v2/rooms/<id> {enabled:false}` fails past the retry budget (1 retry).
    await emulator.fault({ status: 503, count: 2, method: "POST", path: "/v2/rooms/" });
    const { value: message, ms } = await timed(() => failureOf(env.stack.up({ onOutput: collect(out) })));
    firstMs = ms;
    scan.add("error", message);
    expect(message).toMatch(
      /HmsRoom "closed-[0-9a-z]{7}": 100ms API POST \/rooms\/[0-9a-f]{24} failed after 2 attempts with HTTP 503: "Service Unavailable".*kept failing after every retry; run the same Pulumi command again later/,
    );

    const log = await emulator.requests();
    scan.add("log", log);
    expect(statuses(only(log, "POST", /^\/v2\/rooms$/))).toEqual(["200"]);
    expect(statuses(only(log, "POST", /^\/v2\/rooms\/[0-9a-f]{24}$/))).toEqual(["503/status", "503/status"]);

    const { hms } = await emulator.rooms();
    expect(hms).toHaveLength(1);
    roomId = String(hms[0]!.id);
    expect(hms[0]).toMatchObject({ enabled: true, description: "opens later" });

    // Recorded, not orphaned: the engine's state holds the room under its real id.
    const recorded = await roomsInState();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.id).toBe(roomId);
    expect(recorded[0]!.outputs).toMatchObject({ roomId, enabled: true, __incomplete: true });
    expect(recorded[0]!.initErrors?.join("\n")).toMatch(/HTTP 503/);
  });

  it("the next up finishes the job on the same room, and then nothing is left to do", async () => {
    await emulator.clearRequests();
    const { value: up, ms } = await timed(() => env.stack.up({ onOutput: collect(out) }));
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.outputs["hms:closed"]?.value).toMatchObject({ id: roomId });

    // One write, to the recorded room: no second create.
    const log = await emulator.requests();
    scan.add("log", log);
    expect(log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v2/rooms/${roomId}`,
    ]);
    const { hms } = await emulator.rooms();
    expect(hms).toHaveLength(1);
    expect(hms[0]).toMatchObject({ id: roomId, enabled: false, description: "opens later" });

    const recorded = await roomsInState();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.id).toBe(roomId);
    expect(recorded[0]!.outputs).not.toHaveProperty("__incomplete");
    expect(recorded[0]!.outputs).toMatchObject({ enabled: false });
    expect(recorded[0]!.initErrors ?? []).toEqual([]);

    await emulator.clearRequests();
    const preview = await env.stack.preview({ onOutput: collect(out) });
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(await emulator.requests()).toEqual([]);
    report.add({
      case: "partial create: room made, follow-up {enabled:false} fails (503 ×2, maxRetries 1)",
      expected: "room recorded with its id; next up finishes it",
      observed: `up 1 fails, state holds ${roomId.slice(0, 6)}… (initErrors); up 2: 1 update, same id, disabled; then preview: no changes`,
      retries: 1,
      ms: firstMs + ms,
    });
  });

  it("no secret in the engine output, the error message, the state or the emulator log", () => {
    scan.add("engine output", out.join(""));
    // The error, 2 logs, 2 state exports, the engine output.
    expect(scan.size).toBe(6);
    expect(scan.hits(emulator)).toEqual([]);
  });
});
