import type { CustomResourceOptions } from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HmsRoomArgs, MeteredRoomArgs } from "../../provider/index";
import { type LoggedRequest, TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, loadPackage } from "../support/engine";
import { stateByName } from "../support/state";

/**
 * What the README says about resource options ("Changes: everything is in place", "What a dynamic
 * provider cannot do"), proven through the real Pulumi engine against the emulator: `MeteredRoom.get`,
 * `protect`, `ignoreChanges`, `retainOnDelete` and `replaceOnChanges`. One emulator; one stack per
 * option, so that each case's `up`s and `destroy` touch only its own rooms.
 */

type Declared =
  | { kind: "hms"; args: HmsRoomArgs; opts?: CustomResourceOptions }
  | { kind: "metered"; args: MeteredRoomArgs; opts?: CustomResourceOptions };

/**
 * An inline program declaring `rooms` as they are when it runs (a test edits the program by editing
 * the record), exporting each room's id as `<logical name>` and its name as `<logical name>Name`.
 */
function roomsProgram(rooms: Record<string, Declared>) {
  return async () => {
    const { HmsRoom, MeteredRoom } = loadPackage();
    const outputs: Record<string, unknown> = {};
    for (const [name, room] of Object.entries(rooms)) {
      if (room.kind === "hms") {
        const made = new HmsRoom(name, room.args, room.opts);
        outputs[name] = made.roomId;
        outputs[`${name}Name`] = made.name;
      } else {
        const made = new MeteredRoom(name, room.args, room.opts);
        outputs[name] = made.roomId;
        outputs[`${name}Name`] = made.roomName;
      }
    }
    return outputs;
  };
}

/** The calls that change something (anything but a GET). */
const writes = (seen: LoggedRequest[]) => seen.filter((r) => r.method !== "GET");

/** `METHOD path` with ids replaced, for readable assertions. */
const shape = (seen: LoggedRequest[]) =>
  seen.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ":id")}`);

/** The message of the error `op` fails with (the test fails if it succeeds). */
async function failure(op: () => Promise<unknown>): Promise<string> {
  const result = await op().then(
    () => undefined,
    (err: Error) => err.message,
  );
  expect(result, "the operation was expected to fail").toBeTypeOf("string");
  return result!;
}

describe("resource options with the real engine", () => {
  let emulator: TestEmulator;
  const stacks: EngineStack[] = [];
  const out: string[] = [];

  const calls = (op: () => Promise<unknown>) => emulator.requestsDuring(op);

  async function newStack(project: string, rooms: Record<string, Declared>): Promise<EngineStack> {
    const env = await engineStack({ project, program: roomsProgram(rooms), config: emulator.stackConfig() });
    stacks.push(env);
    return env;
  }

  async function hmsRoom(id: unknown) {
    return (await emulator.rooms()).hms.find((r) => r.id === id);
  }

  async function meteredRoom(id: unknown) {
    return (await emulator.rooms()).metered.find((r) => r._id === id);
  }

  /** The live Metered room called `name` (what joiners reach), or undefined. */
  async function liveMetered(name: unknown) {
    const room = await emulator.metered("GET", `/room/${encodeURIComponent(String(name))}`);
    return typeof room._id === "string" ? room : undefined;
  }

  /** The resources of the stack's state, by logical name. */
  const stateOf = stateByName;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });

  afterAll(async () => {
    for (const env of stacks) await env.dispose();
    await emulator?.close();
  });

  describe("MeteredRoom.get(name, id)", () => {
    let env: EngineStack;
    let lookup: string | undefined;
    let existingId: string;

    beforeAll(async () => {
      // A room made outside Pulumi, as a dashboard or a colleague's script would.
      const made = await emulator.metered("POST", "/room", {
        roomName: "made-elsewhere",
        privacy: "private",
        enableChat: true,
        maxParticipants: 12,
      });
      existingId = made._id as string;
      const program = async () => {
        const { MeteredRoom } = loadPackage();
        if (!lookup) return {};
        const found = MeteredRoom.get("made-elsewhere", lookup);
        return {
          found: {
            roomId: found.roomId,
            roomName: found.roomName,
            roomUrl: found.roomUrl,
            privacy: found.privacy,
            enableChat: found.enableChat,
            maxParticipants: found.maxParticipants,
            isRoom: MeteredRoom.isInstance(found),
          },
        };
      };
      env = await engineStack({ project: "options-get", program, config: emulator.stackConfig() });
      stacks.push(env);
    });

    it("reads the room into the program, with its settings, making only GET calls", async () => {
      lookup = existingId;
      const seen = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.outputs.found?.value).toEqual({
          roomId: existingId,
          roomName: "made-elsewhere",
          roomUrl: "https://emulator.metered.live/made-elsewhere",
          privacy: "private",
          enableChat: true,
          maxParticipants: 12,
          isRoom: true,
        });
        // The stack itself; a read is no resource change (the state check below shows the read).
        expect(up.summary.resourceChanges).toEqual({ create: 1 });
      });
      expect(seen.length).toBeGreaterThan(0);
      expect(writes(seen)).toEqual([]);
      // Read-only: recorded as an external resource, not as one Pulumi manages.
      expect((await stateOf(env))["made-elsewhere"]).toMatchObject({ id: existingId, external: true });
      expect(await liveMetered("made-elsewhere")).toMatchObject({ _id: existingId, maxParticipants: 12 });
    });

    it("refresh keeps the read outputs current after an out-of-band change, with GET calls only", async () => {
      await emulator.metered("PUT", "/room/made-elsewhere", { maxParticipants: 40, enableChat: false });
      const seen = await calls(async () => {
        const refresh = await env.stack.refresh({ onOutput: collect(out) });
        expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
      });
      expect(seen.length).toBeGreaterThan(0);
      expect(writes(seen)).toEqual([]);
      expect((await stateOf(env))["made-elsewhere"]?.outputs).toMatchObject({
        roomId: existingId,
        maxParticipants: 40,
        enableChat: false,
        privacy: "private",
      });
      // The room itself was only read: the out-of-band values are still the room's.
      expect(await liveMetered("made-elsewhere")).toMatchObject({ maxParticipants: 40, enableChat: false });
    });

    it("removed from the program, it is discarded from state and the room is never deleted", async () => {
      lookup = undefined;
      const seen = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.summary.resourceChanges).toEqual({ same: 1, discard: 1 });
      });
      expect(writes(seen)).toEqual([]);
      expect((await stateOf(env))["made-elsewhere"]).toBeUndefined();
      expect(await liveMetered("made-elsewhere")).toMatchObject({ _id: existingId, maxParticipants: 40 });
      expect((await meteredRoom(existingId))?.archived).toBe(false);
    });
  });

  describe("protect: true", () => {
    let env: EngineStack;
    const rooms: Record<string, Declared> = {
      "guarded-hms": { kind: "hms", args: { description: "guarded" }, opts: { protect: true } },
      "guarded-metered": { kind: "metered", args: { enableChat: true }, opts: { protect: true } },
    };

    beforeAll(async () => {
      env = await newStack("options-protect", rooms);
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ create: 3 });
    });

    it("destroy fails naming the protected resource, and both rooms stay as they were", async () => {
      const ids = await env.stack.outputs();
      let message = "";
      const seen = await calls(async () => {
        message = await failure(() => env.stack.destroy({ onOutput: collect(out) }));
      });
      // The engine refuses a protected delete when it applies the step, naming the resource's URN.
      // Once one is refused it may or may not start the other (independent) delete, so at least
      // one refusal is shown, and every refusal shown is one of ours.
      const refused = [
        ...message.matchAll(
          /resource "urn:pulumi:[^"]*dynamic\/(hms|metered):Room::([\w-]+)" cannot be deleted\s+because it is protected/g,
        ),
      ].map((m) => `${m[1]} ${m[2]}`);
      expect(refused.length, message).toBeGreaterThan(0);
      for (const room of refused) expect(["hms guarded-hms", "metered guarded-metered"]).toContain(room);
      expect(writes(seen)).toEqual([]);
      expect(await hmsRoom(ids["guarded-hms"]?.value)).toMatchObject({ enabled: true });
      expect(await liveMetered(ids["guarded-meteredName"]?.value)).toMatchObject({
        _id: ids["guarded-metered"]?.value,
      });
      const state = await stateOf(env);
      expect(state["guarded-hms"]?.protect).toBe(true);
      expect(state["guarded-metered"]?.protect).toBe(true);
    });

    it("after an up with protect: false, destroy disables the 100ms room and deletes the Metered one", async () => {
      const ids = await env.stack.outputs();
      for (const room of Object.values(rooms)) room.opts = { protect: false };
      const seen = await calls(() => env.stack.up({ onOutput: collect(out) }));
      expect(writes(seen)).toEqual([]);
      const state = await stateOf(env);
      expect(state["guarded-hms"]?.protect ?? false).toBe(false);
      expect(state["guarded-metered"]?.protect ?? false).toBe(false);
      const destroy = await env.stack.destroy({ onOutput: collect(out) });
      expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
      expect(await hmsRoom(ids["guarded-hms"]?.value)).toMatchObject({ enabled: false });
      expect(await meteredRoom(ids["guarded-metered"]?.value)).toMatchObject({ archived: true });
      expect(await liveMetered(ids["guarded-meteredName"]?.value)).toBeUndefined();
    });
  });

  describe("ignoreChanges", () => {
    let env: EngineStack;
    const hms: HmsRoomArgs = { description: "as created", size: 10 };
    const metered: MeteredRoomArgs = { enableChat: true, maxParticipants: 20 };
    const rooms: Record<string, Declared> = {
      "quiet-hms": { kind: "hms", args: hms, opts: { ignoreChanges: ["description"] } },
      "quiet-metered": { kind: "metered", args: metered, opts: { ignoreChanges: ["enableChat"] } },
    };
    let ids: Record<string, unknown> = {};

    const current = async () => ({
      hms: await hmsRoom(ids["quiet-hms"]),
      metered: await liveMetered(ids["quiet-meteredName"]),
    });

    beforeAll(async () => {
      env = await newStack("options-ignore", rooms);
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ create: 3 });
      ids = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    });

    it("a change of the ignored property in the program shows no diff and makes no write", async () => {
      hms.description = "changed in the program";
      metered.enableChat = false;
      const seen = await calls(async () => {
        const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
        expect(preview.changeSummary).toEqual({ same: 3 });
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.summary.resourceChanges).toEqual({ same: 3 });
      });
      expect(writes(seen)).toEqual([]);
      const rooms = await current();
      expect(rooms.hms).toMatchObject({ description: "as created", size: 10 });
      expect(rooms.metered).toMatchObject({ enableChat: true, maxParticipants: 20 });
    });

    it("a change of another property still applies in place, leaving the ignored one alone", async () => {
      hms.size = 25;
      metered.maxParticipants = 30;
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 1, update: 2 });
      expect(preview.stdout).toMatch(/~ size: 10 => 25/);
      expect(preview.stdout).toMatch(/~ maxParticipants: 20 => 30/);
      expect(preview.stdout).not.toMatch(/~ description:/);
      expect(preview.stdout).not.toMatch(/~ enableChat:/);
      const seen = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
      });
      expect(shape(writes(seen)).sort()).toEqual([
        "POST /v2/rooms/:id",
        `PUT /api/v1/room/${ids["quiet-meteredName"]}`,
      ]);
      const rooms = await current();
      expect(rooms.hms).toMatchObject({ id: ids["quiet-hms"], description: "as created", size: 25 });
      expect(rooms.metered).toMatchObject({
        _id: ids["quiet-metered"],
        enableChat: true,
        maxParticipants: 30,
      });
    });

    it("an out-of-band change of the ignored property is not reverted by up, before or after a refresh", async () => {
      await emulator.hms("POST", `/rooms/${ids["quiet-hms"]}`, { description: "changed in the dashboard" });
      await emulator.metered("PUT", `/room/${ids["quiet-meteredName"]}`, { enableChat: false });
      const before = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.summary.resourceChanges).toEqual({ same: 3 });
      });
      expect(writes(before)).toEqual([]);
      await env.stack.refresh({ onOutput: collect(out) });
      // Then a change of another property: the ignored one must still keep its out-of-band value.
      hms.size = 30;
      metered.maxParticipants = 35;
      const after = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
      });
      expect(writes(after)).toHaveLength(2);
      const rooms = await current();
      expect(rooms.hms).toMatchObject({ description: "changed in the dashboard", size: 30 });
      expect(rooms.metered).toMatchObject({ enableChat: false, maxParticipants: 35 });
    });

    it("an out-of-band change of the ignored property survives an up that changes another property, without a refresh", async () => {
      await emulator.hms("POST", `/rooms/${ids["quiet-hms"]}`, { description: "dashboard, again" });
      await emulator.metered("PUT", `/room/${ids["quiet-meteredName"]}`, { enableChat: true });
      hms.size = 40;
      metered.maxParticipants = 40;
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
      const rooms = await current();
      expect(rooms.hms).toMatchObject({ description: "dashboard, again", size: 40 });
      expect(rooms.metered).toMatchObject({ enableChat: true, maxParticipants: 40 });
      // Nothing left to do: the ignored values changed outside Pulumi never turn into a diff.
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 3 });
    });
  });

  describe("retainOnDelete: true", () => {
    let env: EngineStack;
    const retain = { retainOnDelete: true };
    const rooms: Record<string, Declared> = {
      "kept-hms": { kind: "hms", args: { description: "kept by destroy" }, opts: retain },
      "kept-metered": { kind: "metered", args: { enableChat: true }, opts: retain },
      "dropped-hms": { kind: "hms", args: { description: "kept when dropped" }, opts: retain },
      "dropped-metered": { kind: "metered", args: { enableChat: true }, opts: retain },
    };
    let ids: Record<string, unknown> = {};

    const expectKept = async (prefix: string) => {
      expect(await hmsRoom(ids[`${prefix}-hms`])).toMatchObject({ enabled: true });
      expect(await liveMetered(ids[`${prefix}-meteredName`])).toMatchObject({
        _id: ids[`${prefix}-metered`],
        enableChat: true,
      });
    };

    beforeAll(async () => {
      env = await newStack("options-retain", rooms);
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ create: 5 });
      ids = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    });

    it("removing the resources from the program leaves both rooms as they are, with no write", async () => {
      delete rooms["dropped-hms"];
      delete rooms["dropped-metered"];
      const seen = await calls(async () => {
        const up = await env.stack.up({ onOutput: collect(out) });
        expect(up.summary.resourceChanges).toEqual({ same: 3, delete: 2 });
      });
      expect(writes(seen)).toEqual([]);
      const kept = Object.keys(await stateOf(env));
      expect(kept).not.toContain("dropped-hms");
      expect(kept).not.toContain("dropped-metered");
      expect(kept).toEqual(expect.arrayContaining(["kept-hms", "kept-metered"]));
      await expectKept("dropped");
    });

    it("destroy leaves both rooms as they are, with no write", async () => {
      const seen = await calls(async () => {
        const destroy = await env.stack.destroy({ onOutput: collect(out) });
        expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
      });
      expect(writes(seen)).toEqual([]);
      await expectKept("kept");
      await expectKept("dropped");
    });
  });

  describe("replaceOnChanges", () => {
    let env: EngineStack;
    const metered: MeteredRoomArgs = { roomName: "swap-room", maxParticipants: 10, enableChat: false };
    const hms: HmsRoomArgs = { description: "before", size: 10 };
    // Named: the room the replacement disabled is taken back although the name is explicit (the
    // same run disabled it), while a disabled room from anywhere else would need `adopt`.
    const named: HmsRoomArgs = { name: "swap-named-room", size: 10 };
    const rooms: Record<string, Declared> = {
      "swap-metered": { kind: "metered", args: metered, opts: { replaceOnChanges: ["maxParticipants"] } },
      "swap-hms": { kind: "hms", args: hms, opts: { replaceOnChanges: ["size"] } },
      "swap-named": { kind: "hms", args: named, opts: { replaceOnChanges: ["size"] } },
    };
    let ids: Record<string, unknown> = {};

    beforeAll(async () => {
      env = await newStack("options-replace", rooms);
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ create: 4 });
      ids = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    });

    it("a change of the listed property replaces: a new Metered room under the same name, the same 100ms room enabled", async () => {
      metered.maxParticipants = 20;
      hms.size = 20;
      named.size = 20;
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 1, replace: 3 });
      expect(preview.stdout).toMatch(/maxParticipants: 10 => 20/);
      expect(preview.stdout).toMatch(/size: 10 => 20/);
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 1, replace: 3 });
      expect(up.outputs["swap-named"]?.value).toBe(ids["swap-named"]);
      expect(await hmsRoom(ids["swap-named"])).toMatchObject({
        enabled: true,
        size: 20,
        name: "swap-named-room",
      });
      // Metered: a new room (new _id) under the same name; the old one archived (Metered's delete).
      expect(up.outputs["swap-meteredName"]?.value).toBe("swap-room");
      const newId = up.outputs["swap-metered"]?.value;
      expect(newId).not.toBe(ids["swap-metered"]);
      expect(await liveMetered("swap-room")).toMatchObject({ _id: newId, maxParticipants: 20 });
      expect(await meteredRoom(ids["swap-metered"])).toMatchObject({ archived: true });
      // 100ms cannot delete: the same room was disabled and taken back, and ends enabled.
      expect(up.outputs["swap-hms"]?.value).toBe(ids["swap-hms"]);
      expect(await hmsRoom(ids["swap-hms"])).toMatchObject({
        enabled: true,
        size: 20,
        description: "before",
      });
      ids = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    });

    it("a change of another property is still an in-place update", async () => {
      metered.enableChat = true;
      hms.description = "after";
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 2, update: 2 });
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 2, update: 2 });
      expect(up.outputs["swap-metered"]?.value).toBe(ids["swap-metered"]);
      expect(up.outputs["swap-hms"]?.value).toBe(ids["swap-hms"]);
      expect(await liveMetered("swap-room")).toMatchObject({ _id: ids["swap-metered"], enableChat: true });
      expect(await hmsRoom(ids["swap-hms"])).toMatchObject({ enabled: true, description: "after" });
    });
  });
});
