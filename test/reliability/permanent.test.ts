import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/**
 * Permanent errors through the real engine: 400, 403 and 404-on-update fail at once (one request,
 * no retry), and the error names the resource, carries the API's status and message, and says
 * what to do. (401 after the token retry is in misconfig.test.ts.)
 */

/** A 24-hex template id the emulator does not know: a real 400 from 100ms's own validation. */
const UNKNOWN_TEMPLATE = "0123456789abcdef01234567";
/** Retries allowed, so "no retry" is the provider's decision, not an exhausted budget. */
const TUNING = { timeoutSeconds: 2, maxRetries: 3 };

describe("permanent errors through the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  const decl: Declared = { hms: {}, metered: {} };
  const out: string[] = [];
  const report = new Report("permanent");
  const scan = new SecretScan();

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = emulator.stackConfig(TUNING);
    env = await engineStack({ project: "rel-permanent", program: roomsProgram(decl), config });
    decl.hms.keep = { description: "stays" };
    decl.metered.keep = { enableChat: true };
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
  });

  afterAll(async () => {
    report.flush();
    await env?.dispose();
    await emulator?.close();
  });

  /** Runs a failing `up`; returns the error text and the API requests it made. */
  async function failingUp() {
    await emulator.clearRequests();
    const { value: message, ms } = await timed(() => failureOf(env.stack.up({ onOutput: collect(out) })));
    scan.add("error", message);
    const log = await emulator.requests();
    scan.add("log", log);
    return { message, log, ms };
  }

  it("400 (100ms's own validation) and 403 (Metered) fail at once with the API's message and a hint", async () => {
    decl.hms.bad = { name: "perm-template", templateId: UNKNOWN_TEMPLATE };
    decl.metered.bad = { roomName: "perm-forbidden" };
    await emulator.fault({ status: 403, method: "POST", path: "/api/v1/room" });
    const { message, log, ms } = await failingUp();

    expect(statuses(only(log, "POST", /^\/v2\/rooms$/))).toEqual(["400"]);
    expect(statuses(only(log, "POST", /^\/api\/v1\/room$/))).toEqual(["403/status"]);
    expect(message).toContain(
      'HmsRoom "perm-template": 100ms API POST /rooms failed with HTTP 400: "Error: template not found"',
    );
    expect(message).toMatch(/template not found.*Fix the property the API names/);
    expect(message).toContain(
      'MeteredRoom "perm-forbidden": Metered API POST /room failed with HTTP 403: "Forbidden"',
    );
    expect(message).toMatch(/Forbidden.*credentials are valid but not allowed/);
    expect(message).not.toMatch(/after \d+ attempts/);
    expect((await emulator.rooms()).metered.map((r) => r.roomName)).not.toContain("perm-forbidden");
    report.add({
      case: "400 on create (100ms: template not found, its own validation)",
      expected: "fails at once, API message + hint",
      observed: 'POST 400 once; "Error: template not found" + "Fix the property…"',
      retries: 0,
      ms,
    });
    report.add({
      case: "403 on create (Metered, injected)",
      expected: "fails at once, API message + hint",
      observed: 'POST 403 once; "Forbidden" + "credentials are valid but not allowed…"',
      retries: 0,
      ms,
    });
  });

  it("403 (100ms) and 400 (Metered) fail at once too", async () => {
    decl.hms.bad = { name: "perm-forbidden" };
    decl.metered.bad = { roomName: "perm-invalid" };
    await emulator.fault({ status: 403, method: "POST", path: "/v2/rooms" });
    await emulator.fault({ status: 400, method: "POST", path: "/api/v1/room" });
    const { message, log, ms } = await failingUp();

    expect(statuses(only(log, "POST", /^\/v2\/rooms$/))).toEqual(["403/status"]);
    expect(statuses(only(log, "POST", /^\/api\/v1\/room$/))).toEqual(["400/status"]);
    expect(message).toContain('HmsRoom "perm-forbidden": 100ms API POST /rooms failed with HTTP 403');
    expect(message).toMatch(/HTTP 403: "Forbidden".*credentials are valid but not allowed/);
    expect(message).toContain('MeteredRoom "perm-invalid": Metered API POST /room failed with HTTP 400');
    expect(message).toMatch(/HTTP 400: "Bad Request".*Fix the property the API names/);
    report.add({
      case: "403 on create (100ms, injected)",
      expected: "fails at once, API message + hint",
      observed: 'POST 403 once; "Forbidden" + hint',
      retries: 0,
      ms,
    });
    report.add({
      case: "400 on create (Metered, injected)",
      expected: "fails at once, API message + hint",
      observed: 'POST 400 once; "Bad Request" + hint',
      retries: 0,
      ms,
    });
    delete decl.hms.bad;
    delete decl.metered.bad;
  });

  it("404 on update (rooms removed outside Pulumi) fails at once, saying to run `pulumi refresh`", async () => {
    await emulator.reset();
    decl.hms.keep = { description: "changed" };
    decl.metered.keep = { enableChat: false };
    const { message, log, ms } = await failingUp();

    // 100ms: one update by id, 404 "Room not found". Metered: the room is looked for under its
    // stored name (400 "room not found"), then by id in the list; no room has it, so nothing is
    // written (a PUT by name could land on another room that took the name).
    expect(statuses(only(log, "POST", /^\/v2\/rooms\/[0-9a-f]{24}$/))).toEqual(["404"]);
    expect(only(log, "PUT", /^\/api\/v1\/room\//)).toEqual([]);
    expect(
      log.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}|keep-[0-9a-z]{7}/, ":x")}`).sort(),
    ).toEqual(["GET /api/v1/room/:x", "GET /api/v1/rooms", "POST /v2/rooms/:x"]);
    expect(message).toMatch(
      /HmsRoom "keep-[0-9a-z]{7}": 100ms API POST \/rooms\/[0-9a-f]{24} failed with HTTP 404/,
    );
    expect(message).toMatch(/"Room not found".*run `pulumi refresh`/);
    expect(message).toMatch(
      /MeteredRoom "keep-[0-9a-z]{7}": Metered room [0-9a-f]{24} no longer exists .*run `pulumi refresh`/,
    );
    report.add({
      case: "404 on update (100ms; Metered's 400 room not found)",
      expected: "fails at once, says run `pulumi refresh`",
      observed: "POST 404 once; Metered: GET by name + look-up by id, no write; hint: run `pulumi refresh`",
      retries: 0,
      ms,
    });
  });

  it("no secret in the engine output, the error messages or the emulator log", () => {
    scan.add("engine output", out.join(""));
    expect(scan.size).toBeGreaterThan(6);
    expect(scan.hits(emulator)).toEqual([]);
  });
});
