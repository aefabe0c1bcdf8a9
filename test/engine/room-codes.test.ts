import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, loadPackage, REPO_ROOT } from "../support/engine";

/**
 * HmsRoom `roomCodes: true` through the real Pulumi engine: the codes and join links are outputs,
 * secret in state and in the stack's outputs; an unchanged `up` writes nothing; a role added to a
 * template linked in the same program (`linkTemplate`, as HmsTemplate does) shows in the preview
 * (which calls nothing) and its `up` mints that role's code only; destroy disables codes first.
 */
const load = createRequire(join(REPO_ROOT, "package.json"));
const DEFAULT_TEMPLATE = "6650a1b2c3d4e5f6a7b8c901"; // emulator-default: host, guest
const SECRET_ENVELOPE = "4dabf18193072939515e22adb298388d";
const MINTS = /^\/v2\/room-codes\/room\/[0-9a-f]{24}(\/role\/[^/]+)?$/;

describe("HmsRoom room codes with the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  let roles = ["host", "guest"];
  const out: string[] = [];
  const codeValues: string[] = [];
  let first: Record<string, string> = {};

  const program = async () => {
    const pulumi = load("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const { linkTemplate } = load(
      "pulumi-video-rooms/dist/provider/hms/template-link.js",
    ) as typeof import("../../provider/hms/template-link");
    const { HmsRoom } = loadPackage();
    const templateId = pulumi.output(DEFAULT_TEMPLATE);
    linkTemplate(templateId, pulumi.output([...roles]));
    const room = new HmsRoom("coded", { roomCodes: true, templateId });
    return { codes: room.roomCodes, links: room.joinUrls, roomId: room.roomId };
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    env = await engineStack({
      project: "hms-codes",
      program,
      config: { ...emulator.stackConfig(), "hms:prebuiltSubdomain": { value: "acme" } },
    });
  });
  afterAll(async () => {
    await env?.dispose();
    await emulator?.close();
  });

  it("creates the room with one code per role; codes and join links are secret outputs", async () => {
    const up = await env.stack.up({ onOutput: collect(out) });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 }); // the room and the stack
    const { codes, links } = up.outputs as Record<string, { value: Record<string, string>; secret: boolean }>;
    expect(codes!.secret).toBe(true);
    expect(links!.secret).toBe(true);
    expect(Object.keys(codes!.value).sort()).toEqual(["guest", "host"]);
    expect(links!.value.host).toBe(`https://acme.app.100ms.live/meeting/${codes!.value.host}`);
    first = codes!.value;
    codeValues.push(...Object.values(codes!.value));

    // In state, both are secrets: encrypted, so no code appears in the export (inputs included).
    const exported = await env.cli(["stack", "export"]);
    const room = JSON.parse(exported).deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/hms:Room",
    );
    expect(room.outputs.roomCodes[SECRET_ENVELOPE]).toBeDefined();
    expect(room.outputs.joinUrls[SECRET_ENVELOPE]).toBeDefined();
    expect(room.inputs.roomCodes).toBe(true);
    expect(room.inputs.__templateRoles).toEqual(["guest", "host"]);
    for (const code of codeValues) {
      expect(exported).not.toContain(code);
      expect(out.join("")).not.toContain(code);
    }
  });

  it("an unchanged up makes no write and mints nothing", async () => {
    const seen = await emulator.requestsDuring(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toEqual({ same: 2 });
    });
    expect(seen.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a role added to the linked template: preview shows an update with no call, up mints that role only", async () => {
    await emulator.hms("POST", `/templates/${DEFAULT_TEMPLATE}/roles/viewer`, {});
    roles = ["host", "guest", "viewer"];
    const previewCalls = await emulator.requestsDuring(async () => {
      const preview = await env.stack.preview({ onOutput: collect(out) });
      expect(preview.changeSummary).toMatchObject({ update: 1 });
    });
    expect(previewCalls).toEqual([]);
    const seen = await emulator.requestsDuring(async () => {
      const up = await env.stack.up({ onOutput: collect(out) });
      expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
      const codes = (up.outputs.codes!.value ?? {}) as Record<string, string>;
      expect(Object.keys(codes).sort()).toEqual(["guest", "host", "viewer"]);
      expect(codes).toMatchObject(first);
      codeValues.push(codes.viewer!);
    });
    const mints = seen.filter((r) => r.method === "POST" && MINTS.test(r.path));
    expect(mints.map((r) => r.path.replace(/[0-9a-f]{24}/, ":id"))).toEqual([
      "/v2/room-codes/room/:id/role/viewer",
    ]);
  });

  it("destroy disables the codes, then the room; no code was ever printed", async () => {
    const seen = await emulator.requestsDuring(() => env.stack.destroy({ onOutput: collect(out) }));
    const writes = seen.filter((r) => r.method === "POST").map((r) => r.path.replace(/[0-9a-f]{24}/, ":id"));
    expect(writes).toEqual([
      "/v2/room-codes/code",
      "/v2/room-codes/code",
      "/v2/room-codes/code",
      "/v2/rooms/:id",
    ]);
    const { hms } = await emulator.rooms();
    expect(hms.every((r) => r.enabled === false)).toBe(true);
    for (const code of codeValues) expect(out.join("")).not.toContain(code);
  });
});
