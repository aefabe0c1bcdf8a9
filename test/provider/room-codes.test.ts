import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoomProvider as Provider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";

/**
 * HmsRoom `roomCodes` driven in-process against the emulator over real HTTP: one code per role of
 * the room's template, never minted twice, synced with the template's roles, disabled before the
 * room on delete, and a mint whose answer was lost is never blindly sent again.
 */
const load = createRequire(join(REPO_ROOT, "package.json"));
const DEFAULT_TEMPLATE = "6650a1b2c3d4e5f6a7b8c901"; // emulator-default: host, guest
const CLASSROOM_TEMPLATE = "6650a1b2c3d4e5f6a7b8c903"; // emulator-classroom: teacher, student
const CODE = /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/;
const MINTS = /^\/v2\/room-codes\/room\/[0-9a-f]{24}(\/role\/[^/]+)?$/;

type Plain = Record<string, unknown>;

describe("HmsRoom roomCodes", () => {
  let emulator: TestEmulator;
  let hms: Provider;
  let config: Record<string, string>;

  const check = async (news: Plain, olds: Plain = {}) =>
    (await hms.check(olds, { __autoName: "codes-abcdefg", ...news })).inputs;
  const create = async (news: Plain) => {
    const inputs = await check(news);
    return { inputs, ...(await hms.create(inputs)) };
  };
  /** One `pulumi up` of a room already in state: diff, then update when diff says so. */
  const up = async (id: string, state: Plain, news: Plain) => {
    const inputs = await check(news, state);
    const diff = await hms.diff(id, state, inputs);
    if (diff.changes === false) return { diff, outs: state };
    return { diff, outs: (await hms.update(id, state, inputs)).outs };
  };
  const mints = async () =>
    (await emulator.requests()).filter((r) => r.method === "POST" && MINTS.test(r.path));
  const codesOf = async (roomId: string) =>
    ((await emulator.hms("GET", `/room-codes/room/${roomId}?limit=100`)).data ?? []) as Plain[];

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    config = Object.fromEntries(
      Object.entries(emulator.stackConfig({ maxRetries: 2, timeoutSeconds: 2 })).map(([k, { value }]) => [
        k,
        value,
      ]),
    );
    hms = load("pulumi-video-rooms/dist/provider/hms/provider.js");
    await hms.configure({ config: { get: (key) => config[key] } });
  });
  beforeEach(() => emulator.reset());
  afterEach(async () => {
    await emulator.clearFaults();
    delete process.env.HMS_PREBUILT_SUBDOMAIN;
  });
  afterAll(() => emulator.close());

  it("create: one enabled code per role of the template, in the output; then no second mint", async () => {
    await emulator.clearRequests();
    const created = await create({ roomCodes: true });
    const codes = created.outs.roomCodes as Record<string, string>;
    expect(Object.keys(codes).sort()).toEqual(["guest", "host"]);
    expect(Object.values(codes).every((c) => CODE.test(c))).toBe(true);
    expect(created.outs.joinUrls).toBeNull();
    // No role had a code: one Q1 made them all.
    expect((await mints()).map((r) => r.path)).toEqual([`/v2/room-codes/room/${created.id}`]);
    const held = await codesOf(created.id);
    expect(held.map((c) => [c.role, c.code, c.enabled, c.room_id])).toEqual(
      expect.arrayContaining([
        ["host", codes.host, true, created.id],
        ["guest", codes.guest, true, created.id],
      ]),
    );

    // A no-change up: diff says nothing changed (no call); refresh lists without minting.
    await emulator.clearRequests();
    const again = await up(created.id, created.outs, { roomCodes: true });
    expect(again.diff.changes).toBe(false);
    const read = await hms.read(created.id, created.outs);
    expect(read.props?.roomCodes).toEqual(codes);
    expect(read.inputs?.roomCodes).toBe(true);
    expect((await emulator.requests()).every((r) => r.method === "GET")).toBe(true);
    // A forced update (another property) does not mint either.
    const updated = await up(created.id, created.outs, { roomCodes: true, description: "x" });
    expect(updated.outs.roomCodes).toEqual(codes);
    expect(await mints()).toEqual([]);
    expect(await codesOf(created.id)).toHaveLength(2);
  });

  it("joinUrls: a Prebuilt link per role with HMS_PREBUILT_SUBDOMAIN; a bad subdomain is a config error", async () => {
    process.env.HMS_PREBUILT_SUBDOMAIN = "Acme-Live";
    const created = await create({ roomCodes: true });
    const codes = created.outs.roomCodes as Record<string, string>;
    expect(created.outs.joinUrls).toEqual({
      host: `https://acme-live.app.100ms.live/meeting/${codes.host}`,
      guest: `https://acme-live.app.100ms.live/meeting/${codes.guest}`,
    });
    process.env.HMS_PREBUILT_SUBDOMAIN = "acme.app.100ms.live";
    const checked = await hms.check({}, { roomCodes: true });
    expect(checked.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^hms:prebuiltSubdomain \(or HMS_PREBUILT_SUBDOMAIN\) must be/),
      },
    ]);
  });

  it("a role removed from the template: its code is disabled at the next sync and leaves the output", async () => {
    const created = await create({ roomCodes: true });
    const codes = created.outs.roomCodes as Record<string, string>;
    // R3 answers 204 with no body: only its effect matters here.
    await emulator.hms("DELETE", `/templates/${DEFAULT_TEMPLATE}/roles/guest`).catch(() => undefined);
    // Refresh shows the removed role's still-enabled code as null: the next up syncs.
    const read = await hms.read(created.id, created.outs);
    expect(read.props?.roomCodes).toEqual({ host: codes.host, guest: null });
    await emulator.clearRequests();
    const next = await up(created.id, read.props as Plain, { roomCodes: true });
    expect(next.diff.changes).toBe(true);
    expect(next.outs.roomCodes).toEqual({ host: codes.host });
    expect(await mints()).toEqual([]);
    const held = await codesOf(created.id);
    expect(held.find((c) => c.code === codes.guest)?.enabled).toBe(false);
    expect(held.find((c) => c.code === codes.host)?.enabled).toBe(true);
  });

  it("a role added to a linked template: diff sees it from the internal input, and only that role is minted (Q2)", async () => {
    const created = await create({ roomCodes: true, templateId: DEFAULT_TEMPLATE });
    const codes = created.outs.roomCodes as Record<string, string>;
    await emulator.hms("POST", `/templates/${DEFAULT_TEMPLATE}/roles/viewer`, {});
    const news = {
      roomCodes: true,
      templateId: DEFAULT_TEMPLATE,
      __templateRoles: ["viewer", "host", "guest"],
    };
    await emulator.clearRequests();
    const inputs = await check(news, created.inputs);
    expect(inputs.__templateRoles).toEqual(["guest", "host", "viewer"]);
    const diff = await hms.diff(created.id, created.outs, inputs);
    expect(diff.changes).toBe(true);
    expect(await emulator.requests()).toEqual([]); // diff makes no call
    const { outs } = await hms.update(created.id, created.outs, inputs);
    expect(outs.roomCodes).toMatchObject({
      host: codes.host,
      guest: codes.guest,
      viewer: expect.stringMatching(CODE),
    });
    expect((await mints()).map((r) => r.path)).toEqual([`/v2/room-codes/room/${created.id}/role/viewer`]);
    // Synced: the same role list is no change any more; in a preview, unknown roles are one.
    expect((await hms.diff(created.id, outs, inputs)).changes).toBe(false);
    const unknown = await check({ ...news, __templateRoles: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, inputs);
    expect((await hms.diff(created.id, outs, unknown)).changes).toBe(true);
  });

  it("a move to another template: the old roles' codes are disabled, the new roles get theirs (one Q1)", async () => {
    const created = await create({ roomCodes: true, templateId: DEFAULT_TEMPLATE });
    const old = created.outs.roomCodes as Record<string, string>;
    await emulator.clearRequests();
    const moved = await up(created.id, created.outs, { roomCodes: true, templateId: CLASSROOM_TEMPLATE });
    expect(moved.diff.changes).toBeUndefined(); // templateId: the engine's own input diff shows it
    expect(Object.keys(moved.outs.roomCodes as Plain).sort()).toEqual(["student", "teacher"]);
    expect((await mints()).map((r) => r.path)).toEqual([`/v2/room-codes/room/${created.id}`]);
    const held = await codesOf(created.id);
    for (const code of Object.values(old)) expect(held.find((c) => c.code === code)?.enabled).toBe(false);
  });

  it("a code disabled outside Pulumi reads as null, the diff shows it, and the next up mints only that role", async () => {
    const created = await create({ roomCodes: true });
    const codes = created.outs.roomCodes as Record<string, string>;
    await emulator.hms("POST", "/room-codes/code", { code: codes.guest, enabled: false });
    const read = await hms.read(created.id, created.outs);
    expect(read.props?.roomCodes).toEqual({ host: codes.host, guest: null });
    expect(read.inputs?.roomCodes).toBe(true); // a refresh never writes codes into the inputs
    await emulator.clearRequests();
    const next = await up(created.id, read.props as Plain, { roomCodes: true });
    expect(next.diff.changes).toBe(true);
    expect((await mints()).map((r) => r.path)).toEqual([`/v2/room-codes/room/${created.id}/role/guest`]);
    expect(next.outs.roomCodes).toMatchObject({ host: codes.host, guest: expect.stringMatching(CODE) });
    expect((next.outs.roomCodes as Plain).guest).not.toBe(codes.guest);
  });

  it("roomCodes: false disables every code; a disabled room's refresh keeps its codes as recorded", async () => {
    const created = await create({ roomCodes: true });
    const off = await up(created.id, created.outs, { roomCodes: false });
    expect(off.outs.roomCodes).toBeNull();
    expect((await codesOf(created.id)).every((c) => c.enabled === false)).toBe(true);
    expect((await up(created.id, off.outs, { roomCodes: false })).diff.changes).toBe(false);

    const other = await create({ name: "other-room", roomCodes: true });
    await emulator.hms("POST", `/rooms/${other.id}`, { enabled: false });
    await emulator.clearRequests();
    const read = await hms.read(other.id, other.outs);
    expect(read.props?.roomCodes).toEqual(other.outs.roomCodes);
    expect(read.props?.enabled).toBe(false);
  });

  it("delete disables the codes first, then the room", async () => {
    const created = await create({ roomCodes: true });
    await emulator.clearRequests();
    await hms.delete(created.id, created.outs);
    const seen = (await emulator.requests()).map(
      (r) => `${r.method} ${r.path.replaceAll(created.id, ":id")}`,
    );
    expect(seen).toEqual([
      "GET /v2/room-codes/room/:id",
      "POST /v2/room-codes/code",
      "POST /v2/room-codes/code",
      "POST /v2/rooms/:id",
    ]);
    const rooms = (await emulator.rooms()).hms;
    expect(rooms.find((r) => r.id === created.id)?.enabled).toBe(false);
    // A second delete (already disabled: codes cannot be listed) still succeeds.
    await hms.delete(created.id, created.outs);
  });

  it("a mint answered 500 is not sent again blindly: the codes are listed, then minted once more", async () => {
    const room = (await emulator.hms("POST", "/rooms", { name: "codes-abcdefg" })) as { id: string };
    await emulator.fault({ method: "POST", path: `/v2/room-codes/room/${room.id}`, status: 500 });
    await emulator.clearRequests();
    const created = await create({ roomCodes: true });
    expect(created.id).toBe(room.id);
    const seen = (await emulator.requests())
      .filter((r) => r.path.startsWith("/v2/room-codes"))
      .map((r) => `${r.method} ${r.status}`);
    // list, Q1 (500, not retried), list again (still none), Q1 once more.
    expect(seen).toEqual(["GET 200", "POST 500", "GET 200", "POST 200"]);
    expect(await codesOf(room.id)).toHaveLength(2);
  });

  it("a mint whose connection drops after 100ms made the codes is never repeated: the list finds them", async () => {
    const room = (await emulator.hms("POST", "/rooms", { name: "codes-abcdefg" })) as { id: string };
    for (const drop of ["after", "during"]) {
      await emulator.reset();
      const fresh = (await emulator.hms("POST", "/rooms", { name: "codes-abcdefg" })) as { id: string };
      await emulator.fault({ method: "POST", path: `/v2/room-codes/room/${fresh.id}`, drop });
      await emulator.clearRequests();
      const created = await create({ roomCodes: true });
      expect((await mints()).length, drop).toBe(1);
      expect(Object.keys(created.outs.roomCodes as Plain).sort()).toEqual(["guest", "host"]);
      expect(await codesOf(fresh.id)).toHaveLength(2);
    }
    expect(room.id).toBeTruthy();
  });

  it("a failed code sync after the room was made is partial state with the room's id", async () => {
    await emulator.fault({ method: "GET", path: `/v2/templates/${DEFAULT_TEMPLATE}`, status: 400 });
    const inputs = await check({ roomCodes: true });
    const error = (await hms.create(inputs).catch((e: unknown) => e)) as Error & {
      id?: string;
      properties?: Plain;
    };
    expect(error.message).toMatch(
      /^HmsRoom "codes-abcdefg": 100ms API GET \/templates\/6650a1b2c3d4e5f6a7b8c901 failed with HTTP 400/,
    );
    expect(error.id).toMatch(/^[0-9a-f]{24}$/);
    expect(error.properties?.__incomplete).toBe(true);
    expect(error.properties?.roomCodes).toBeNull();
    // The next up sees the change and finishes the job.
    const next = await up(error.id as string, error.properties as Plain, { roomCodes: true });
    expect(next.diff.changes).toBe(true);
    expect(Object.keys(next.outs.roomCodes as Plain).sort()).toEqual(["guest", "host"]);
  });
});
