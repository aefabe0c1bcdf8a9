import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_PREFIX } from "../../scripts/live/prefix";
import { LiveTarget } from "../support/live-target";

/**
 * `npm run sweep` as a maintainer runs it (the compiled script, the maintainer's environment),
 * against the emulator over https on non-loopback names, with leaked test rooms beside rooms that
 * are not the tools' own: only the former are ever written to.
 */
describe("npm run sweep", () => {
  let target: LiveTarget;
  const leaked = { hms: `${TEST_PREFIX}0-leak-a`, metered: `${TEST_PREFIX}0-leak-b` };
  const theirs = { hms: "team-standup", metered: "all-hands" };

  beforeAll(async () => {
    target = await LiveTarget.start();
  });
  afterAll(async () => target?.close());

  beforeEach(async () => {
    const { emulator } = target;
    await emulator.reset();
    for (const name of [leaked.hms, theirs.hms]) await emulator.hms("POST", "/rooms", { name });
    for (const roomName of [leaked.metered, theirs.metered])
      await emulator.metered("POST", "/room", { roomName });
    await emulator.clearRequests();
  });

  const state = async () => {
    const rooms = await target.emulator.rooms();
    return {
      hms: Object.fromEntries(rooms.hms.map((room) => [room.name, room.enabled])),
      metered: Object.fromEntries(rooms.metered.map((room) => [room.roomName, room.archived])),
    };
  };
  const untouched = {
    hms: { [leaked.hms]: true, [theirs.hms]: true },
    metered: { [leaked.metered]: false, [theirs.metered]: false },
  };

  it("lists the leaked test rooms in a dry run and changes nothing", async () => {
    const run = await target.run("sweep", ["--older-than", "0s"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`would disable 100ms room ${leaked.hms}`);
    expect(run.stdout).toContain(`would delete Metered room ${leaked.metered}`);
    expect(run.stdout).toContain(
      "sweep (dry run, hms and metered): 2 test room(s) older than 0s; --yes removes them",
    );
    expect(run.stdout).not.toMatch(/team-standup|all-hands/);
    const requests = await target.emulator.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.map((request) => request.method)).toEqual(requests.map(() => "GET"));
    expect(await state()).toEqual(untouched);
  });

  it("with --yes disables the leaked 100ms room and deletes the leaked Metered room, and nothing else", async () => {
    const run = await target.run("sweep", ["--older-than", "0s", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`disabled 100ms room ${leaked.hms}`);
    expect(run.stdout).toContain(`deleted Metered room ${leaked.metered}`);
    expect(run.stdout).toContain("sweep (hms and metered): 2 removed, 0 could not be removed");
    expect(await state()).toEqual({
      hms: { [leaked.hms]: false, [theirs.hms]: true },
      metered: { [leaked.metered]: true, [theirs.metered]: false },
    });
    const writes = (await target.emulator.requests()).filter((request) => request.method !== "GET");
    expect(writes).toHaveLength(2);
    expect(writes.map((request) => decodeURIComponent(request.path))).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`/api/v1/room/${leaked.metered}$`))]),
    );
    for (const secret of target.secrets()) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it("leaves rooms younger than --older-than, and only the asked service with --only", async () => {
    const young = await target.run("sweep", ["--older-than", "1h", "--yes"]);
    expect(young.code).toBe(0);
    expect(young.stdout).toContain("sweep (hms and metered): 0 removed, 0 could not be removed");
    const env = { ...target.env(), METERED_SECRET_KEY: undefined };
    const only = await target.run("sweep", ["--older-than", "0s", "--yes", "--only", "hms"], env);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain("sweep (hms): 1 removed, 0 could not be removed");
    expect(await state()).toEqual({ ...untouched, hms: { [leaked.hms]: false, [theirs.hms]: true } });
  });

  it("says what is missing and calls nothing without VIDEO_ROOMS_LIVE=1 or a service's credentials", async () => {
    const off = await target.run("sweep", ["--yes"], { ...target.env(), VIDEO_ROOMS_LIVE: undefined });
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("VIDEO_ROOMS_LIVE is not 1");
    const noKey = await target.run("sweep", [], { ...target.env(), METERED_SECRET_KEY: undefined });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("metered: set METERED_SECRET_KEY to run against Metered");
    // A mistyped --yes must not quietly mean a dry run, nor an unknown service all of them.
    const typo = await target.run("sweep", ["--yess"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/npm run sweep: Unknown option '--yess'.*; nothing was called\./);
    const unknownService = await target.run("sweep", ["--only", "zoom"]);
    expect(unknownService.code).toBe(2);
    expect(unknownService.stderr).toContain(
      '--only takes a comma-separated list of hms, metered; got "zoom"',
    );
    const bad = await target.run("sweep", ["--older-than", "soon"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--older-than takes a duration");
    const writes = (await target.emulator.requests()).filter((request) => request.method !== "GET");
    expect(writes).toEqual([]);
    expect(await state()).toEqual(untouched);
  });
});
