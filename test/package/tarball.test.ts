import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { freshProgram, install, NODE22_PATH, pack, packMovedLayout, sh } from "./fresh-program";

/**
 * The package as users get it: `npm pack`, installed into a new program outside the repo (its
 * own node_modules, nothing from ours), taken through a lifecycle by the real engine; then an
 * upgrade to a release whose internal files moved, with state written by the old one.
 */
describe("the packed tarball in a fresh program", () => {
  const scratch = mkdtempSync(join(tmpdir(), "pvr-pack-"));
  let emulator: TestEmulator;
  let tarball: { tarball: string; size: number; files: string[] };
  let program: string;

  const step = async (op: string) => {
    const out = await sh("node", ["driver.js", op], program, {
      ENGINE_ROOT: join(inject("engineBin"), ".."),
      EMULATOR: JSON.stringify(emulator.running.ready),
      PATH: [inject("engineBin"), NODE22_PATH].join(":"),
      PULUMI_CONFIG_PASSPHRASE: "fresh",
      PULUMI_HOME: join(program, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    });
    return JSON.parse(out.trim().split("\n").pop()!) as {
      result: Record<string, number>;
      outputs?: Record<string, { value: unknown }>;
    };
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    tarball = await pack(scratch);
    program = await freshProgram(tarball.tarball);
  }, 300_000);

  afterAll(async () => {
    await emulator?.close();
    rmSync(scratch, { recursive: true, force: true });
    if (program) rmSync(program, { recursive: true, force: true });
  });

  it("holds only what users need", () => {
    const outside = tarball.files.filter(
      (f) =>
        !/^dist\/(provider|emulator)\//.test(f) &&
        !["package.json", "policy/package.json", "README.md", "LICENSE", "CHANGELOG.md"].includes(f),
    );
    expect(outside).toEqual([]);
    expect(tarball.files).toEqual(
      expect.arrayContaining([
        "dist/provider/index.js",
        "dist/provider/index.d.ts",
        "dist/provider/hms/provider.js",
        "dist/emulator/cli.js",
        "policy/package.json",
        "dist/provider/policy/index.js",
        "dist/provider/policy/index.d.ts",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
      ]),
    );
    process.stdout.write(`[package] tarball ${tarball.size} bytes, ${tarball.files.length} files\n`);
  });

  it("resolves the policy subpath, code and types, where it is installed", async () => {
    const resolved = await sh("node", ["-p", "require.resolve('pulumi-video-rooms/policy')"], program);
    expect(resolved.trim()).toBe(
      join(program, "node_modules/pulumi-video-rooms/dist/provider/policy/index.js"),
    );
    const manifest = JSON.parse(
      readFileSync(join(program, "node_modules/pulumi-video-rooms/policy/package.json"), "utf8"),
    );
    expect(existsSync(join(program, "node_modules/pulumi-video-rooms/policy", manifest.types))).toBe(true);
  });

  it("runs up, a no-change preview, refresh and destroy with the real engine", async () => {
    const up = await step("up");
    expect(up.result).toEqual({ create: 3 });
    expect(up.outputs?.webinarUrl?.value).toMatch(/^https:\/\/emulator\.metered\.live\/webinar-[0-9a-z]{7}$/);
    expect(up.outputs?.isRoom?.value).toBe(true);
    expect((await step("preview")).result).toEqual({ same: 3 });
    expect((await step("refresh")).result).toEqual({ same: 3 });
    const state = readFileSync(join(program, ".state/.pulumi/stacks/fresh-program/fresh.json"), "utf8");
    expect(state).toContain('require(\\"pulumi-video-rooms/dist/provider/hms/provider.js\\")');
    expect((await step("destroy")).result).toEqual({ delete: 3 });
    const rooms = await emulator.rooms();
    expect(rooms.hms.every((r) => r.enabled === false)).toBe(true);
    expect(rooms.metered.filter((r) => r.archived !== true)).toEqual([]);
  }, 300_000);

  it("keeps old state working after an upgrade that moved internal files", async () => {
    expect((await step("up")).result).toMatchObject({ create: 3 });
    const moved = await packMovedLayout(tarball.tarball, scratch);
    await install(program, moved.tarball);
    expect(existsSync(join(program, "node_modules/pulumi-video-rooms/dist/provider/core"))).toBe(false);
    expect(existsSync(join(program, "node_modules/pulumi-video-rooms/dist/provider/internal"))).toBe(true);
    // Refresh and destroy run the provider recorded in state, before any up rewrote it.
    expect((await step("refresh")).result).toEqual({ same: 3 });
    expect((await step("destroy")).result).toEqual({ delete: 3 });
  }, 300_000);
});
