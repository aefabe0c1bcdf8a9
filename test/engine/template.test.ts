import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HmsTemplateArgs } from "../../provider/index";
import { type TestEmulator as Emulator, TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, loadPackage } from "../support/engine";
import { schoolTemplate } from "../support/school";
import { secretHits } from "../support/secrets";

/**
 * HmsTemplate through the real Pulumi engine against the emulator: a school's template with two
 * roles feeding two rooms with room codes, in the order of the rooms' own engine tests (preview, up, export/import,
 * no-change preview and up, refresh, a role edit previewed then applied, drift, destroy).
 */
describe("HmsTemplate with the real engine", () => {
  let emulator: Emulator;
  let env: EngineStack;
  let template: HmsTemplateArgs;
  /** The roles of the program's template, as the plain object the tests build. */
  const roles = () => template.roles as Record<string, Record<string, unknown>>;
  const out: string[] = [];
  const counts: Record<string, number> = {};
  const calls = (op: () => Promise<unknown>) => emulator.requestsDuring(op);
  const shown = (seen: { method: string; path: string }[]) =>
    seen.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ":id")}`);

  const program = async () => {
    const { HmsRoom, HmsTemplate } = loadPackage();
    const school = new HmsTemplate("school", template);
    const rooms = ["maths", "physics"].map(
      (name) => new HmsRoom(name, { templateId: school.id, roomCodes: true }),
    );
    return {
      templateId: school.templateId,
      roleNames: school.roleNames,
      roomTemplates: rooms.map((room) => room.templateName),
      codes: rooms.map((room) => room.roomCodes),
      links: rooms.map((room) => room.joinUrls),
    };
  };

  const templateNow = async () => {
    const id = (await env.stack.outputs()).templateId?.value as string;
    return { id, body: await emulator.hms("GET", `/templates/${id}`) };
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    template = { name: "school", ...schoolTemplate() };
    env = await engineStack({
      project: "hms-template-engine",
      program,
      config: {
        ...emulator.stackConfig(),
        "hms:prebuiltSubdomain": { value: "school-demo" },
      },
    });
  });

  afterAll(async () => {
    await env?.dispose();
    await emulator?.close();
  });

  it("previews the template and its rooms without calling the API, warning that destroy leaves the template", async () => {
    const seen = await calls(async () => {
      const preview = await env.stack.preview({ onOutput: collect(out) });
      expect(preview.changeSummary).toMatchObject({ create: 4 });
      expect(preview.stdout).toMatch(/100ms has no API to delete a template/);
    });
    counts.previewCreate = seen.length;
    expect(seen).toEqual([]);
  });

  it("creates the template (after looking for its name) before the rooms that use it", async () => {
    const seen = await calls(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
      expect(up.outputs.roleNames?.value).toEqual(["student", "teacher"]);
      expect(up.outputs.roomTemplates?.value).toEqual(["school", "school"]);
    });
    counts.create = seen.length;
    expect(shown(seen).slice(0, 2)).toEqual(["GET /v2/templates", "POST /v2/templates"]);
    // One code per role of the template for each room, made once (Q1), and a Prebuilt link for each.
    expect(shown(seen).filter((c) => c.startsWith("POST /v2/room-codes"))).toEqual([
      "POST /v2/room-codes/room/:id",
      "POST /v2/room-codes/room/:id",
    ]);
    const { codes, links } = await env.stack.outputs();
    const shownOutputs = await env.cli(["stack", "output", "--json"]);
    for (const [i, map] of ((codes?.value ?? []) as Record<string, string>[]).entries()) {
      expect(Object.keys(map).sort()).toEqual(["student", "teacher"]);
      for (const code of Object.values(map)) expect(shownOutputs).not.toContain(code);
      const urls = ((links?.value ?? []) as Record<string, string>[])[i] ?? {};
      expect(urls.teacher).toBe(`https://school-demo.app.100ms.live/meeting/${map.teacher}`);
    }
    const { body } = await templateNow();
    expect(body.settings).toMatchObject({ region: "eu" });
    expect(body.roles).toMatchObject({ student: { maxPeerCount: 40 } });
  });

  it("survives export and import, then previews and updates nothing, with no call and no write", async () => {
    await env.stack.importStack(await env.stack.exportStack());
    const previewCalls = await calls(async () => {
      const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
      expect(preview.changeSummary).toEqual({ same: 4 });
    });
    counts.preview = previewCalls.length;
    expect(previewCalls).toEqual([]);
    const upCalls = await calls(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 4 });
    });
    counts.unchangedUpWrites = upCalls.filter((r) => r.method !== "GET").length;
    expect(counts.unchangedUpWrites).toBe(0);
  });

  it("refreshes with one read for the template and finds no change (server defaults are not drift)", async () => {
    const seen = await calls(() =>
      env.stack.refresh({ onOutput: collect(out), expectNoChanges: true } as never),
    );
    counts.refresh = seen.length;
    expect(seen.filter((r) => r.method !== "GET")).toEqual([]);
    expect(shown(seen)).toContain("GET /v2/templates/:id");
  });

  it("previews a role change as an update of roles, then applies it with one role write", async () => {
    const student = roles().student;
    template = { ...template, roles: { ...roles(), student: { ...student, maxPeerCount: 60 } } };
    const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
    expect(preview.stdout).toMatch(/~ maxPeerCount\s*: 40 => 60/);
    expect(preview.stdout).not.toMatch(/replace/);
    process.stdout.write(`[template engine] preview --diff of a role change:\n${preview.stdout}\n`);
    const seen = await calls(() => env.stack.up({ onOutput: collect(out) }));
    counts.roleChangeWrites = seen.filter((r) => r.method !== "GET").length;
    expect(shown(seen.filter((r) => r.method !== "GET"))).toEqual(["POST /v2/templates/:id/roles/student"]);
    expect((await templateNow()).body.roles).toMatchObject({ student: { maxPeerCount: 60 } });
  });

  it("adds and removes a role, leaving a role the dashboard added alone", async () => {
    const { id } = await templateNow();
    await emulator.hms("POST", `/templates/${id}/roles/observer`, { priority: 5 });
    const { student, ...rest } = roles();
    template = { ...template, roles: { ...rest, pupil: student as never } };
    const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
    // The rooms' codes follow the template's roles at the same up: a code for the new role.
    expect(preview.changeSummary).toEqual({ same: 1, update: 3 });
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toMatchObject({ update: 3 });
    expect(up.outputs.roleNames?.value).toEqual(["observer", "pupil", "teacher"]);
    // Every role of the template has a code now (the dashboard's too); the removed role's is disabled.
    for (const map of (up.outputs.codes?.value ?? []) as Record<string, string>[])
      expect(Object.keys(map).sort()).toEqual(["observer", "pupil", "teacher"]);
  });

  it("finds a role changed in the dashboard on refresh and puts it back on up", async () => {
    const { id } = await templateNow();
    await emulator.hms("POST", `/templates/${id}/roles/teacher`, { priority: 3 });
    const refresh = await env.stack.refresh({ onOutput: collect(out) });
    expect(refresh.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    // The drift is the role, not the server's defaults beside what the program set.
    expect(refresh.stdout).toMatch(/\[diff: ~roles\]/);
    const preview = await env.stack.preview({ onOutput: collect(out), diff: true });
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
    expect(preview.stdout).toMatch(/priority/);
    await env.stack.up({ onOutput: collect(out) });
    expect((await templateNow()).body.roles).toMatchObject({
      teacher: { priority: 1, permissions: { endRoom: true } },
    });
  });

  it("keeps storage credentials and stream URLs out of `pulumi stack export` and every output", async () => {
    const exported = await env.cli(["stack", "export"]);
    expect(exported).toContain("school");
    expect(secretHits(exported, emulator)).toEqual([]);
    expect(secretHits(out.join(""), emulator)).toEqual([]);
    const codes = (await env.stack.outputs()).codes?.value as Record<string, string>[];
    for (const code of codes.flatMap((map) => Object.values(map))) {
      expect(exported).not.toContain(code);
      expect(out.join("")).not.toContain(code);
    }
  });

  it("destroy leaves the template in the workspace and disables the rooms", async () => {
    const { id } = await templateNow();
    const destroy = await env.stack.destroy({ onOutput: collect(out) });
    // The template leaves the stack (a delete in the summary) but not the workspace.
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 4 });
    const still = await emulator.hms("GET", `/templates/${id}`);
    expect(still.name).toBe("school");
    expect((await emulator.rooms()).hms.filter((r) => r.enabled !== false)).toEqual([]);
    process.stdout.write(`[template engine] API calls: ${JSON.stringify(counts)}\n`);
  });
});
