import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_PREFIX } from "../../scripts/live/prefix";
import { expectFields } from "../../scripts/live/suite/check";
import { hmsSubject } from "../../scripts/live/suite/hms";
import { type HmsTarget, liveTargets } from "../../scripts/live/target";
import { LiveTarget, type ToolRun } from "../support/live-target";

const STEPS = ["create", "preview", "update", "rename", "drift", "adopt", "destroy"];
// A lifecycle per service runs the engine about a dozen times.
const LIFECYCLE = 600_000;

/**
 * `npm run test:live` as a maintainer runs it, against the emulator served over https on host
 * names that are not loopback names: the code CI runs is the code that runs against the real
 * services.
 */
describe("npm run test:live against the emulator as a live target", () => {
  let target: LiveTarget;

  beforeAll(async () => {
    target = await LiveTarget.start();
  });

  afterAll(async () => {
    await target?.close();
  });

  beforeEach(async () => {
    await target.emulator.clearFaults();
    await target.emulator.clearRequests();
  });

  /** Asserts that the run printed none of the credentials. */
  const expectNoSecrets = (run: ToolRun) => {
    for (const secret of target.secrets()) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  };

  /** The test rooms the emulator still has live: enabled 100ms rooms, Metered rooms not deleted (archived). */
  const liveTestRooms = async () => {
    const { hms, metered } = await target.emulator.rooms();
    return [
      ...hms.filter((room) => String(room.name).startsWith(TEST_PREFIX) && room.enabled !== false),
      ...metered.filter((room) => String(room.roomName).startsWith(TEST_PREFIX) && room.archived !== true),
    ];
  };

  it(
    "runs every step of both services and leaves no live test room",
    async () => {
      const run = await target.run("suite");
      expect(run.code, run.stdout + run.stderr).toBe(0);
      for (const service of ["hms", "metered"]) {
        for (const step of STEPS) expect(run.stdout).toMatch(new RegExp(`^✓ ${service} ${step}: `, "m"));
        expect(run.stdout).toMatch(new RegExp(`^${service} cleanup: no room of this run left$`, "m"));
      }
      expect(run.stdout).not.toContain("✗");
      expect(run.stdout).toMatch(/^test:live: 14 steps passed, 0 failed \(hms 7\/7, metered 7\/7\)$/m);
      expect(await liveTestRooms()).toEqual([]);
      const requests = await target.emulator.requests();
      expect(requests.filter((request) => request.service === "hms").length).toBeGreaterThan(0);
      expect(requests.filter((request) => request.service === "metered").length).toBeGreaterThan(0);
      expectNoSecrets(run);
    },
    LIFECYCLE,
  );

  it("says what is missing and calls nothing without VIDEO_ROOMS_LIVE or a Metered key", async () => {
    const { VIDEO_ROOMS_LIVE: _, ...notLive } = target.env();
    const { METERED_SECRET_KEY: __, ...noKey } = target.env();
    for (const [env, missing] of [
      [notLive, "VIDEO_ROOMS_LIVE"],
      [noKey, "METERED_SECRET_KEY"],
    ] as const) {
      const run = await target.run("suite", [], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(missing);
      expect(run.stdout).not.toContain("✓");
    }
    expect(await target.emulator.requests()).toEqual([]);
  });

  // `--only` through the command line is covered below (--only metered) and by the sweeper's test;
  // the lifecycle of one service alone would repeat the first case's.
  it("runs hms alone without the Metered variables, and says when it has no second template", () => {
    const {
      METERED_APP_NAME: _,
      METERED_SECRET_KEY: __,
      METERED_API_URL: ___,
      HMS_LIVE_TEMPLATE_ID: ____,
      ...hmsOnly
    } = target.env();
    const { ready, missing } = liveTargets(hmsOnly, ["hms"]);
    expect(missing).toEqual([]);
    const hms = ready.find((t): t is HmsTarget => t.service === "hms");
    expect(hms?.otherTemplateId).toBeUndefined();
    const subject = hmsSubject(hms as HmsTarget, "run");
    const edit = subject.edit(subject.initial().main as Parameters<typeof subject.edit>[0]);
    expect(edit.note).toBe(
      "hms templateId change not run: set HMS_LIVE_TEMPLATE_ID to a second template's id",
    );
    expect(edit.properties).not.toContain("templateId");
    expect(edit.properties.length).toBeGreaterThan(5);
  });

  it(
    "fails, naming the step, when the service refuses a change; still cleans up",
    async () => {
      // Metered refuses the first room creation: the create step fails and the rest cannot run.
      await target.emulator.fault({ status: 400, method: "POST", path: "/api/v1/room", count: 1 });
      const run = await target.run("suite", ["--only", "metered"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^✗ metered create: pulumi up failed: .+/m);
      expect(run.stdout).toMatch(/^✗ metered destroy: not run \(an earlier step failed\)$/m);
      expect(run.stdout).toMatch(/^test:live: 0 steps passed, 7 failed \(metered 0\/7\)$/m);
      expect(run.stdout).not.toMatch(/hms/);
      // The other room was made before the refusal: the stack still held it.
      expect(run.stdout).toMatch(/^metered cleanup: pulumi destroy removed what the stack still held$/m);
      expect(await liveTestRooms()).toEqual([]);
      expectNoSecrets(run);
    },
    LIFECYCLE,
  );
});

describe("the suite's read-back check", () => {
  it("passes when the service holds every declared field, whatever else it adds", () => {
    expect(() =>
      expectFields(
        "room",
        { size: 5, webhook: { url: "u" } },
        { size: 5, webhook: { url: "u", x: 1 }, id: "i" },
      ),
    ).not.toThrow();
  });

  it("names each field that differs, with what was expected and what the service holds", () => {
    expect(() =>
      expectFields(
        "room r",
        { size: 5, polls: ["a"], webhook: { url: "u" } },
        { size: 6, polls: [], webhook: {} },
      ),
    ).toThrow(
      'room r: size: expected 5, got 6; polls: expected ["a"], got []; webhook.url: expected "u", got nothing',
    );
  });
});
