import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import { EmulatorClient, ISO_MS, startTestEmulator } from "./helpers";

let client: EmulatorClient;
const dir = mkdtempSync(join(tmpdir(), "emulator-codes-"));
const CLASSROOM = "6650a1b2c3d4e5f6a7b8c903";
const CODE = /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/;

beforeAll(async () => {
  client = await startTestEmulator();
});
afterAll(async () => {
  await client.emulator.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await client.control("POST", "/reset");
});

const error = (code: number, message: string, detail = message) => ({ code, message, details: [detail] });

async function room(templateId = CLASSROOM, name = "coded"): Promise<string> {
  return (await client.hms("POST", "/rooms", { name, template_id: templateId })).body.id;
}

type Code = { code: string; role: string; enabled: boolean };

describe("100ms room codes for every role (Q1)", () => {
  it("mints one enabled code per role of the room's template", async () => {
    const id = await room();
    const answer = await client.hms("POST", `/room-codes/room/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((c: Code) => c.role)).toEqual(["teacher", "student"]);
    for (const code of answer.body.data) {
      expect(Object.keys(code)).toEqual(["code", "room_id", "role", "enabled", "created_at", "updated_at"]);
      expect(code).toMatchObject({ room_id: id, enabled: true });
      expect(code.code).toMatch(CODE);
      expect(code.created_at).toMatch(ISO_MS);
      expect(code.updated_at).toBe(code.created_at);
    }
  });

  it("on repeat mints only for roles without an enabled code and disables codes of removed roles", async () => {
    const id = await room();
    const first = (await client.hms("POST", `/room-codes/room/${id}`)).body.data as Code[];
    const again = (await client.hms("POST", `/room-codes/room/${id}`)).body.data as Code[];
    expect(again.map((c) => c.code)).toEqual(first.map((c) => c.code));

    const roles = `/templates/${CLASSROOM}/roles`;
    await client.hms("DELETE", `${roles}/student`);
    await client.hms("POST", `${roles}/assistant`, {});
    const student = first.find((c) => c.role === "student")!;
    // Deleting the role alone leaves its code as it was; the next Q1 disables it.
    const before = (await client.hms("GET", `/room-codes/room/${id}?role=teacher`)).body.data;
    expect(before).toHaveLength(1);
    const third = (await client.hms("POST", `/room-codes/room/${id}`)).body.data as Code[];
    expect(third.map((c) => c.role)).toEqual(["teacher", "assistant"]);
    expect(third[0]!.code).toBe(first[0]!.code);
    const all = (await client.hms("GET", `/room-codes/room/${id}`)).body.data as Code[];
    expect(all.map((c) => [c.role, c.enabled])).toEqual([
      ["teacher", true],
      ["student", false],
      ["assistant", true],
    ]);
    expect(all[1]!.code).toBe(student.code);
  });

  it("answers 404 for an unknown room and 403 for a disabled one (Q1-Q3)", async () => {
    const missing = await client.hms("POST", "/room-codes/room/6650a1b2c3d4e5f6a7b8c0ff");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(error(404, "Room not found"));
    const id = await room();
    await client.hms("POST", `/rooms/${id}`, { enabled: false });
    for (const [method, path] of [
      ["POST", `/room-codes/room/${id}`],
      ["POST", `/room-codes/room/${id}/role/teacher`],
      ["GET", `/room-codes/room/${id}`],
    ] as const) {
      const answer = await client.hms(method, path);
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(error(403, "Room is disabled"));
    }
  });
});

describe("100ms room code for one role (Q2)", () => {
  it("mints a new code on every call, 404s an unknown role", async () => {
    const id = await room();
    const a = await client.hms("POST", `/room-codes/room/${id}/role/student`);
    const b = await client.hms("POST", `/room-codes/room/${id}/role/student`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ room_id: id, role: "student", enabled: true });
    expect(a.body.code).toMatch(CODE);
    expect(b.body.code).not.toBe(a.body.code);
    const unknown = await client.hms("POST", `/room-codes/room/${id}/role/janitor`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(error(404, "Role not found"));
  });

  it("stops at 100 codes per room, disabled ones included, for Q1 and Q2", async () => {
    const id = await room();
    for (let i = 0; i < 99; i++) {
      expect((await client.hms("POST", `/room-codes/room/${id}/role/student`)).status).toBe(200);
    }
    const disabled = (await client.hms("GET", `/room-codes/room/${id}?limit=1`)).body.data[0];
    await client.hms("POST", "/room-codes/code", { code: disabled.code, enabled: false });
    // The disabled code still counts: this is the 100th.
    expect((await client.hms("POST", `/room-codes/room/${id}/role/teacher`)).status).toBe(200);
    const cap = error(400, "Room code limit reached", "a room has at most 100 room codes");
    const over = await client.hms("POST", `/room-codes/room/${id}/role/teacher`);
    expect(over.status).toBe(400);
    expect(over.body).toEqual(cap);
    // Another role makes Q1 need a new code, which is over the cap too.
    await client.hms("POST", `/templates/${CLASSROOM}/roles/assistant`, {});
    const all = await client.hms("POST", `/room-codes/room/${id}`);
    expect(all.status).toBe(400);
    expect(all.body).toEqual(cap);
    // Another room has its own cap.
    expect((await client.hms("POST", `/room-codes/room/${await room(CLASSROOM, "other")}`)).status).toBe(200);
  });
});

describe("100ms room code list (Q3)", () => {
  it("filters by role and enabled and pages with limit and start/last", async () => {
    const id = await room();
    for (let i = 0; i < 3; i++) await client.hms("POST", `/room-codes/room/${id}/role/student`);
    const teacher = (await client.hms("POST", `/room-codes/room/${id}/role/teacher`)).body;
    await client.hms("POST", "/room-codes/code", { code: teacher.code, enabled: false });

    const all = await client.hms("GET", `/room-codes/room/${id}`);
    expect(all.status).toBe(200);
    expect(all.body.limit).toBe(20);
    expect(all.body.last).toBe("");
    expect(all.body.data.map((c: Code) => c.role)).toEqual(["student", "student", "student", "teacher"]);
    expect((await client.hms("GET", `/room-codes/room/${id}?role=teacher`)).body.data).toHaveLength(1);
    expect(
      (await client.hms("GET", `/room-codes/room/${id}?enabled=false`)).body.data.map((c: Code) => c.code),
    ).toEqual([teacher.code]);
    expect((await client.hms("GET", `/room-codes/room/${id}?enabled=true`)).body.data).toHaveLength(3);

    const page1 = (await client.hms("GET", `/room-codes/room/${id}?limit=3`)).body;
    expect(page1.data).toHaveLength(3);
    expect(page1.last).toBe(page1.data[2].code);
    const page2 = (await client.hms("GET", `/room-codes/room/${id}?limit=3&start=${page1.last}`)).body;
    expect(page2.data.map((c: Code) => c.code)).toEqual([teacher.code]);
    expect(page2.last).toBe("");

    for (const [query, detail] of [
      ["enabled=maybe", "Invalid query param: enabled"],
      ["limit=x", "Invalid query param: limit"],
      ["start=aaa-bbbb-ccc", "Invalid query param: start"],
    ]) {
      const answer = await client.hms("GET", `/room-codes/room/${id}?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(error(400, "Invalid query param", detail));
    }
    const role = await client.hms("GET", `/room-codes/room/${id}?role=janitor`);
    expect(role.status).toBe(404);
    expect(role.body).toEqual(error(404, "Role not found"));
  });
});

describe("100ms room code enable/disable (Q4)", () => {
  it("disables and re-enables a code, touching updated_at only on a change", async () => {
    const id = await room();
    const code = (await client.hms("POST", `/room-codes/room/${id}/role/teacher`)).body;
    const off = await client.hms("POST", "/room-codes/code", { code: code.code, enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ code: code.code, enabled: false, created_at: code.created_at });
    expect(off.body.updated_at).toMatch(ISO_MS);
    const same = await client.hms("POST", "/room-codes/code", { code: code.code, enabled: false });
    expect(same.body).toEqual(off.body);
    const on = await client.hms("POST", "/room-codes/code", { code: code.code, enabled: true });
    expect(on.body.enabled).toBe(true);
  });

  it("answers 400 for extra keys, a missing code or a non-boolean enabled, and 404 for an unknown code", async () => {
    const id = await room();
    const code = (await client.hms("POST", `/room-codes/room/${id}/role/teacher`)).body.code;
    for (const [body, detail] of [
      [{ code, enabled: false, role: "x" }, "role is not allowed"],
      [{ enabled: false }, "code is required"],
      [{ code, enabled: "false" }, "enabled must be a boolean"],
      [{ code }, "enabled must be a boolean"],
    ] as const) {
      const answer = await client.hms("POST", "/room-codes/code", body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(error(400, "Invalid body param", `Invalid body param: ${detail}`));
    }
    const unknown = await client.hms("POST", "/room-codes/code", { code: "aaa-bbbb-ccc", enabled: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(error(404, "Code not found"));
    expect((await client.hms("GET", "/room-codes/code")).status).toBe(405);
  });

  it("answers 403 when enabling a code whose role was deleted or whose room is disabled; disabling still works", async () => {
    const id = await room();
    const [teacher, student] = (await client.hms("POST", `/room-codes/room/${id}`)).body.data as Code[];
    await client.hms("POST", "/room-codes/code", { code: student!.code, enabled: false });
    await client.hms("DELETE", `/templates/${CLASSROOM}/roles/student`);
    const gone = await client.hms("POST", "/room-codes/code", { code: student!.code, enabled: true });
    expect(gone.status).toBe(403);
    expect(gone.body).toEqual(
      error(403, "Cannot enable room code", "the role no longer exists in the room's template"),
    );

    await client.hms("POST", "/room-codes/code", { code: teacher!.code, enabled: false });
    await client.hms("POST", `/rooms/${id}`, { enabled: false });
    const disabledRoom = await client.hms("POST", "/room-codes/code", { code: teacher!.code, enabled: true });
    expect(disabledRoom.status).toBe(403);
    expect(disabledRoom.body).toEqual(error(403, "Cannot enable room code", "the room is disabled"));
  });
});

describe("room codes in the state file", () => {
  it("survive a restart with the same file", async () => {
    const statePath = join(dir, "codes.json");
    const first = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    const id = (await first.hms("POST", "/rooms", { name: "kept", template_id: CLASSROOM })).body.id;
    const made = (await first.hms("POST", `/room-codes/room/${id}`)).body.data as Code[];
    await first.hms("POST", "/room-codes/code", { code: made[1]!.code, enabled: false });
    const listed = (await first.hms("GET", `/room-codes/room/${id}`)).body;
    await first.emulator.close();
    expect(JSON.parse(readFileSync(statePath, "utf8"))["hms:roomCodes"]).toHaveLength(2);

    const second = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    expect((await second.hms("GET", `/room-codes/room/${id}`)).body).toEqual(listed);
    // The saved enabled teacher code counts: a repeat Q1 mints only the student's.
    const again = (await second.hms("POST", `/room-codes/room/${id}`)).body.data as Code[];
    expect(again[0]!.code).toBe(made[0]!.code);
    expect(again[1]!.code).not.toBe(made[1]!.code);
    await second.emulator.close();
  });

  it("reset forgets every code", async () => {
    const id = await room();
    const code = (await client.hms("POST", `/room-codes/room/${id}/role/teacher`)).body.code;
    await client.control("POST", "/reset");
    expect((await client.hms("POST", "/room-codes/code", { code, enabled: false })).status).toBe(404);
  });
});
