import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LiveHttp } from "../../scripts/live/http";
import { PrefixGuardError, permitWrite, TEST_PREFIX } from "../../scripts/live/prefix";
import { HmsRooms, MeteredRooms } from "../../scripts/live/rooms";
import { hmsSubject } from "../../scripts/live/suite/hms";
import { meteredSubject } from "../../scripts/live/suite/metered";
import type { HmsTarget, MeteredTarget } from "../../scripts/live/target";
import { TestEmulator } from "../support/emulator";
import { emulatorTargets } from "../support/live-target";

/**
 * The live tools' first rule, through real HTTP: they write to no room outside the test prefix.
 * Each refusal is checked at the emulator, which must have received no write at all.
 */
describe("the live tools' prefix guard", () => {
  let emulator: TestEmulator;
  let hms: HmsRooms;
  let metered: MeteredRooms;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const targets = emulatorTargets(emulator);
    hms = new HmsRooms(new LiveHttp(targets.find((t): t is HmsTarget => t.service === "hms") ?? fail()));
    metered = new MeteredRooms(
      new LiveHttp(targets.find((t): t is MeteredTarget => t.service === "metered") ?? fail()),
    );
  });
  afterAll(async () => emulator?.close());
  beforeEach(async () => emulator.reset());

  /** Runs `op`, which must be refused by the guard, and returns the methods that reached the API. */
  async function refused(op: () => Promise<unknown>): Promise<string[]> {
    const log = await emulator.requestsDuring(() => expect(op()).rejects.toThrow(PrefixGuardError));
    return log.map((request) => request.method);
  }

  it("refuses to update, rename or disable a 100ms room outside the prefix, after reading it only", async () => {
    const room = await emulator.hms("POST", "/rooms", { name: "team-standup", description: "theirs" });
    const id = String(room.id);
    expect(await refused(() => hms.update(id, { description: "ours now" }))).toEqual(["GET"]);
    expect(await refused(() => hms.update(id, { name: `${TEST_PREFIX}x-taken` }))).toEqual(["GET"]);
    expect(await refused(() => hms.disable(id))).toEqual(["GET"]);
    expect(await emulator.hms("GET", `/rooms/${id}`)).toMatchObject({
      name: "team-standup",
      description: "theirs",
      enabled: true,
    });
  });

  it("refuses to rename a test room onto a name outside the prefix, or create one there", async () => {
    const created = await hms.create({ name: `${TEST_PREFIX}guard-a` });
    expect(created.status).toBe(200);
    const id = String((created.response as Record<string, unknown>).id);
    expect(await refused(() => hms.update(id, { name: "team-standup" }))).toEqual(["GET"]);
    expect(await refused(() => hms.create({ name: "team-standup" }))).toEqual([]);
    expect(await refused(() => hms.create({}))).toEqual([]);
    expect(await emulator.hms("GET", `/rooms/${id}`)).toMatchObject({ name: `${TEST_PREFIX}guard-a` });
  });

  it("refuses to update, rename onto, create or delete a Metered room outside the prefix, with no request", async () => {
    await emulator.metered("POST", "/room", { roomName: "all-hands" });
    expect(await refused(() => metered.update("all-hands", { enableChat: false }))).toEqual([]);
    expect(await refused(() => metered.delete("all-hands"))).toEqual([]);
    expect(await refused(() => metered.create({ roomName: "all-hands-2" }))).toEqual([]);
    expect((await metered.create({ roomName: `${TEST_PREFIX}guard-b` })).status).toBe(200);
    expect(await refused(() => metered.update(`${TEST_PREFIX}guard-b`, { roomName: "all-hands" }))).toEqual(
      [],
    );
    const rooms = await emulator.rooms();
    expect(rooms.metered.map((room) => [room.roomName, room.archived])).toEqual(
      expect.arrayContaining([
        ["all-hands", false],
        [`${TEST_PREFIX}guard-b`, false],
      ]),
    );
  });

  it("writes to test rooms (the guard is not a wall)", async () => {
    const created = await hms.create({ name: `${TEST_PREFIX}guard-c` });
    const id = String((created.response as Record<string, unknown>).id);
    expect((await hms.update(id, { description: "ours" })).status).toBe(200);
    expect((await hms.disable(id)).status).toBe(200);
    expect(await emulator.hms("GET", `/rooms/${id}`)).toMatchObject({ description: "ours", enabled: false });
    await metered.create({ roomName: `${TEST_PREFIX}guard-d` });
    expect((await metered.update(`${TEST_PREFIX}guard-d`, { enableChat: false })).status).toBe(200);
    expect((await metered.delete(`${TEST_PREFIX}guard-d`)).status).toBe(200);
  });

  it("sends no write without a permit the guard issued", async () => {
    const forged = {} as Parameters<LiveHttp["write"]>[2];
    const log = await emulator.requestsDuring(() =>
      expect(
        hms.http.write("POST", { path: "/rooms", body: { name: "team-standup" } }, forged),
      ).rejects.toThrow(/needs a permit/),
    );
    expect(log).toEqual([]);
  });

  it("declares no room outside the prefix in the live suite's Pulumi program (the provider would write to it)", () => {
    const hmsTarget = hms.http.target as HmsTarget;
    const meteredTarget = metered.http.target as MeteredTarget;
    expect(() => hmsSubject(hmsTarget, "run").declare("x", { name: "team-standup" })).toThrow(
      PrefixGuardError,
    );
    expect(() => meteredSubject(meteredTarget, "run").declare("x", { roomName: "all-hands" })).toThrow(
      PrefixGuardError,
    );
  });

  it("issues a permit for every name under the prefix and refuses every other name", () => {
    fc.assert(
      fc.property(fc.string(), (rest) => {
        expect(permitWrite("write", `${TEST_PREFIX}${rest}`)).toBeDefined();
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(undefined), fc.constant(null)), (name) => {
        fc.pre(!(typeof name === "string" && name.startsWith(TEST_PREFIX)));
        expect(() => permitWrite("write", name)).toThrow(PrefixGuardError);
        expect(() => permitWrite("write", `${TEST_PREFIX}ok`, name)).toThrow(PrefixGuardError);
      }),
    );
    expect(() => permitWrite("write")).toThrow(PrefixGuardError);
    expect(() => permitWrite("write", TEST_PREFIX.toUpperCase())).toThrow(PrefixGuardError);
  });
});

function fail(): never {
  throw new Error("target missing");
}
