import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HMS_QUESTIONS } from "../../scripts/live/probe/hms-questions";
import { METERED_QUESTIONS } from "../../scripts/live/probe/metered-questions";
import { recordingPath } from "../../scripts/live/probe/recording";
import { SERVICES } from "../../scripts/live/target";
import { LiveTarget } from "../support/live-target";
import { leakedIn } from "../support/recorded-secrets";
import { loadRecordings } from "../support/replay";

const QUESTIONS = [...HMS_QUESTIONS, ...METERED_QUESTIONS];

describe("npm run probe against the emulator over https on non-loopback names", () => {
  let target: LiveTarget;
  let out: string;
  beforeAll(async () => {
    target = await LiveTarget.start();
    out = mkdtempSync(join(tmpdir(), "pvr-probe-"));
  });
  afterAll(async () => {
    await target?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("asks every question, records each asked one, leaks nothing, cleans up and leaves others' rooms alone", async () => {
    // The maintainer's own rooms: never written to, and never in a recording (Metered's list shows them).
    await target.emulator.hms("POST", "/rooms", { name: "team-standup" });
    await target.emulator.metered("POST", "/room", { roomName: "all-hands" });
    await target.emulator.clearRequests();
    const run = await target.run("probe", ["--out", out, "--source", "ci"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const lines = run.stdout.split("\n").filter((line) => /^(hms|metered) §/.test(line));
    expect(lines.map((line) => line.split("  ")[0])).toEqual(QUESTIONS.map((question) => question.id));
    expect(lines.filter((line) => line.includes(": error: "))).toEqual([]);

    const files: string[] = [];
    for (const service of SERVICES) {
      const recordings = loadRecordings(out, service);
      expect(recordings.length, service).toBeGreaterThan(0);
      for (const { recording } of recordings) {
        expect(recording.source).toBe("ci");
        files.push(recordingPath(out, service, recording.question.id));
      }
    }
    const asked = lines.filter((line) => !line.includes(": not asked: "));
    expect(files).toHaveLength(asked.length);

    const written = files.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(leakedIn(written + run.stdout + run.stderr, target.secrets())).toEqual([]);
    expect(written).not.toMatch(/team-standup|all-hands/);

    const rooms = await target.emulator.rooms();
    expect(rooms.hms.filter((room) => room.enabled !== false).map((room) => room.name)).toEqual([
      "team-standup",
    ]);
    expect(rooms.metered.filter((room) => room.archived !== true).map((room) => room.roomName)).toEqual([
      "all-hands",
    ]);
    const theirs = rooms.hms.find((room) => room.name === "team-standup")?.id;
    const writes = (await target.emulator.requests()).filter((request) => request.method !== "GET");
    expect(writes.length).toBeGreaterThan(0);
    expect(
      writes.filter(
        (request) => /all-hands|team-standup/.test(request.path) || request.path.endsWith(`/${theirs}`),
      ),
    ).toEqual([]);
  });

  it("without VIDEO_ROOMS_LIVE=1 exits 2 naming it, before any request", async () => {
    const { VIDEO_ROOMS_LIVE: _, ...env } = target.env();
    await target.emulator.clearRequests();
    const run = await target.run("probe", ["--out", out], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("VIDEO_ROOMS_LIVE");
    expect(await target.emulator.requests()).toEqual([]);
  });
});
