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

/**
 * Permanent errors through the real engine: 400, 403 and 404-on-update fail at once (one request,
 * no retry), and the error names the resource, carries the API's status and message, and says
 * what to do. (401 after the token retry is in misconfig.test.ts.)
 *
 * One failing resource per `up`: once a step fails the engine may or may not start its independent
 * siblings, so a case with two failing rooms would depend on scheduling. The other rooms of the
 * stack are unchanged in every failing `up` (no step, no API call), which the log assertions check.
 */

/** A 24-hex template id the emulator does not know: a real 400 from 100ms's own validation. */
const UNKNOWN_TEMPLATE = "0123456789abcdef01234567";
/** Retries allowed, so "no retry" is the provider's decision, not an exhausted budget. */
const TUNING = { timeoutSeconds: 2, maxRetries: 3 };

type Service = "hms" | "metered";

/** A create that fails with a permanent error: one room of one service per `up`. */
interface CreateCase {
  case: string;
  service: Service;
  room: Record<string, unknown>;
  /** Injected into the emulator; none for the 400 100ms itself answers. */
  fault?: Record<string, unknown>;
  /** The create requests' `status[/fault]`. */
  creates: string[];
  messages: RegExp[];
  observed: string;
}

const HMS_CREATE = /^\/v2\/rooms$/;
const METERED_CREATE = /^\/api\/v1\/room$/;

const CREATE_CASES: CreateCase[] = [
  {
    case: "400 on create (100ms: template not found, its own validation)",
    service: "hms",
    room: { name: "perm-template", templateId: UNKNOWN_TEMPLATE },
    creates: ["400"],
    messages: [
      /HmsRoom "perm-template": 100ms API POST \/rooms failed with HTTP 400: "Error: template not found"/,
      /template not found.*Fix the property the API names/,
    ],
    observed: 'POST 400 once; "Error: template not found" + "Fix the property…"',
  },
  {
    case: "403 on create (Metered, injected)",
    service: "metered",
    room: { roomName: "perm-forbidden" },
    fault: { status: 403, method: "POST", path: "/api/v1/room" },
    creates: ["403/status"],
    messages: [
      /MeteredRoom "perm-forbidden": Metered API POST \/room failed with HTTP 403: "Forbidden"/,
      /Forbidden.*credentials are valid but not allowed/,
    ],
    observed: 'POST 403 once; "Forbidden" + "credentials are valid but not allowed…"',
  },
  {
    case: "403 on create (100ms, injected)",
    service: "hms",
    room: { name: "perm-forbidden" },
    fault: { status: 403, method: "POST", path: "/v2/rooms" },
    creates: ["403/status"],
    messages: [
      /HmsRoom "perm-forbidden": 100ms API POST \/rooms failed with HTTP 403/,
      /HTTP 403: "Forbidden".*credentials are valid but not allowed/,
    ],
    observed: 'POST 403 once; "Forbidden" + hint',
  },
  {
    case: "400 on create (Metered, injected)",
    service: "metered",
    room: { roomName: "perm-invalid" },
    fault: { status: 400, method: "POST", path: "/api/v1/room" },
    creates: ["400/status"],
    messages: [
      /MeteredRoom "perm-invalid": Metered API POST \/room failed with HTTP 400/,
      /HTTP 400: "Bad Request".*Fix the property the API names/,
    ],
    observed: 'POST 400 once; "Bad Request" + hint',
  },
];

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

  afterEach(async () => {
    // A fault no request consumed must not reach the next case.
    await emulator?.clearFaults();
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

  for (const c of CREATE_CASES) {
    it(`${c.case}: fails at once with the API's message and a hint`, async () => {
      const rooms = decl[c.service] as Record<string, unknown>;
      rooms.bad = c.room;
      try {
        if (c.fault) await emulator.fault(c.fault);
        const { message, log, ms } = await failingUp();

        expect(statuses(only(log, "POST", c.service === "hms" ? HMS_CREATE : METERED_CREATE))).toEqual(
          c.creates,
        );
        // The other service's room is unchanged: this up made no call to it.
        expect(log.filter((r) => r.service !== c.service)).toEqual([]);
        for (const m of c.messages) expect(message).toMatch(m);
        expect(message).not.toMatch(/after \d+ attempts/);
        if (c.service === "metered") {
          const names = (await emulator.rooms()).metered.map((r) => r.roomName);
          expect(names).toHaveLength(1);
          expect(names).not.toContain(c.room.roomName);
        }
        // The injected fault was the one this create consumed.
        expect((await emulator.faults()).faults).toEqual([]);
        report.add({
          case: c.case,
          expected: "fails at once, API message + hint",
          observed: c.observed,
          retries: 0,
          ms,
        });
      } finally {
        delete rooms.bad;
      }
    });
  }

  it("404 on update (rooms removed outside Pulumi) fails at once, saying to run `pulumi refresh`", async () => {
    await emulator.reset();
    const kept = { hms: decl.hms.keep!, metered: decl.metered.keep! };
    try {
      // 100ms alone: one update by id, 404 "Room not found". (Metered's room is unchanged.)
      decl.hms.keep = { description: "changed" };
      const hms = await failingUp();
      expect(statuses(only(hms.log, "POST", /^\/v2\/rooms\/[0-9a-f]{24}$/))).toEqual(["404"]);
      expect(hms.log.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/, ":id")}`)).toEqual([
        "POST /v2/rooms/:id",
      ]);
      expect(hms.message).toMatch(
        /HmsRoom "keep-[0-9a-z]{7}": 100ms API POST \/rooms\/[0-9a-f]{24} failed with HTTP 404/,
      );
      expect(hms.message).toMatch(/"Room not found".*run `pulumi refresh`/);
      expect(hms.message).not.toMatch(/MeteredRoom/);

      // Metered alone (the 100ms room back as recorded, so no step): the room is looked for under
      // its stored name (400 "room not found"), then by id in the list; no room has it, so nothing
      // is written (a PUT by name could land on another room that took the name).
      decl.hms.keep = kept.hms;
      decl.metered.keep = { enableChat: false };
      const metered = await failingUp();
      expect(only(metered.log, "PUT", /^\/api\/v1\/room\//)).toEqual([]);
      expect(
        metered.log.map((r) => `${r.method} ${r.path.replace(/keep-[0-9a-z]{7}/, ":name")}`).sort(),
      ).toEqual(["GET /api/v1/room/:name", "GET /api/v1/rooms"]);
      expect(metered.message).toMatch(
        /MeteredRoom "keep-[0-9a-z]{7}": Metered room [0-9a-f]{24} no longer exists .*run `pulumi refresh`/,
      );
      expect(metered.message).not.toMatch(/HmsRoom/);
      report.add({
        case: "404 on update (100ms; Metered's 400 room not found)",
        expected: "fails at once, says run `pulumi refresh`",
        observed: "POST 404 once; Metered: GET by name + look-up by id, no write; hint: run `pulumi refresh`",
        retries: 0,
        ms: hms.ms + metered.ms,
      });
    } finally {
      decl.hms.keep = kept.hms;
      decl.metered.keep = kept.metered;
    }
  });

  it("no secret in the engine output, the error messages or the emulator log", () => {
    scan.add("engine output", out.join(""));
    expect(scan.size).toBeGreaterThan(CREATE_CASES.length * 2);
    expect(scan.hits(emulator)).toEqual([]);
  });
});
