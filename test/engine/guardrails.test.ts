import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";

const run = promisify(execFile);

/** Planted in a broken room's storage credentials: must appear nowhere in what the engine prints. */
const PLANTED = "PLANTED-storage-secret-5d1f";

// Three broken rooms (one of them broken through an output resolved during preview), one valid
// room, and one whose bad value is unknown at preview (computed from the valid room's id).
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { HmsRoom, MeteredRoom } from "pulumi-video-rooms";

const fine = new HmsRoom("fine", { description: "valid" });
new HmsRoom("lobby", { region: "mars" as never, maxDurationSeconds: 60 });
new HmsRoom("classroom", {
  name: 5 as never,
  description: pulumi.secret(5 as never),
  polls: ["p1", 3 as never],
  recordingInfo: {
    enabled: true,
    uploadInfo: { type: "s3", location: "b", credentials: { key: 7 as never, secret: "${PLANTED}" } },
  },
});
new MeteredRoom("webinar", {
  roomName: pulumi.output("has space"),
  maxParticipants: null as never,
  enableChat: "x" as never,
});
new HmsRoom("later", { maxDurationSeconds: fine.roomId.apply(() => 60) });
`;

/** Lines of the diagnostics that name a property of a broken room: `- <property>: <reason>`. */
const propertyLines = (out: string) => out.split("\n").filter((l) => /^\s+- [\w.[\]]+: /.test(l));

/**
 * The real CLI on a program directory (its Node language host, not the Automation API): a
 * preview of a program with three broken rooms reports every one of them, each property once with
 * its fix, fails, and makes no API call; values unknown at preview are left to the provider.
 */
describe("guardrails: every invalid room in one preview", () => {
  let dir: string;
  let emulator: TestEmulator;
  let env: NodeJS.ProcessEnv;
  const pulumi = (...args: string[]) =>
    run(join(inject("engineBin"), "pulumi"), [...args, "--non-interactive"], { cwd: dir, env }).then(
      ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({
        code: err.code,
        out: err.stdout + err.stderr,
      }),
    );

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const { hms, metered } = emulator.running.ready;
    mkdirSync(join(REPO_ROOT, ".tmp"), { recursive: true });
    dir = mkdtempSync(join(REPO_ROOT, ".tmp", "guardrails-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: guardrails\nruntime: nodejs\nmain: index.ts\n");
    writeFileSync(join(dir, "index.ts"), PROGRAM);
    env = {
      ...process.env,
      PATH: [inject("engineBin"), join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(":"),
      PULUMI_BACKEND_URL: `file://${dir}`,
      PULUMI_HOME: join(dir, ".pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "guardrails",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      HMS_API_URL: `${emulator.url}/v2`,
      HMS_ACCESS_KEY: hms.accessKey,
      HMS_APP_SECRET: hms.appSecret,
      METERED_API_URL: emulator.url,
      METERED_APP_NAME: metered.appName,
      METERED_SECRET_KEY: metered.secretKey,
    };
    expect((await pulumi("stack", "init", "guardrails")).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("preview lists every broken room, each property once with its fix, fails, and calls no API", async () => {
    let preview = { code: 0, out: "" };
    const seen = await emulator.requestsDuring(async () => {
      preview = await pulumi("preview");
    });
    process.stdout.write(`[guardrails] pulumi preview (exit ${preview.code}):\n${preview.out}\n`);
    expect(preview.code).not.toBe(0);
    expect(seen).toEqual([]);
    const out = preview.out;
    expect(out).toContain('HmsRoom "lobby" has 2 invalid properties; nothing was sent to 100ms:');
    expect(out).toContain('HmsRoom "classroom" has 4 invalid properties; nothing was sent to 100ms:');
    expect(out).toContain('MeteredRoom "webinar" has 3 invalid properties; nothing was sent to Metered:');
    expect(
      propertyLines(out)
        .map((l) => l.trim())
        .sort(),
    ).toEqual(
      [
        '- region: got "mars": must be one of in, us, eu, auto; e.g. "in"',
        "- maxDurationSeconds: got 60: must be at least 120 seconds; e.g. 3600",
        '- name: got 5: must be a string; e.g. "daily-standup"',
        // A secret output shows as [secret] even where the property itself is not secret.
        '- description: got [secret]: must be a string; e.g. "9PM English Class Batch 2"',
        '- recordingInfo.uploadInfo.credentials.key: got [secret]: must be a string; e.g. "<access key id>"',
        '- polls[1]: got 3: must be a string; e.g. "<poll id>"',
        '- roomName: got "has space": must be URL-friendly: letters, digits and . _ ~ - only (no spaces); e.g. "daily-standup"',
        "- maxParticipants: got null: must be a number, at least 1; e.g. 50 (or leave it out to keep the default)",
        '- enableChat: got "x": must be true or false; e.g. true',
      ].sort(),
    );
    // Each broken room has its own diagnostics block; the valid room and the unknown value have none.
    for (const room of ["lobby", "classroom", "webinar"])
      expect(out).toMatch(new RegExp(`Room \\(${room}\\):\\n`));
    expect(out).not.toMatch(/Room \((fine|later)\):/);
    expect(out).not.toContain(PLANTED);
  });

  it("up stops at its preview: nothing is created and no API is called", async () => {
    let up = { code: 0, out: "" };
    const seen = await emulator.requestsDuring(async () => {
      up = await pulumi("up", "--yes");
    });
    expect(up.code).not.toBe(0);
    expect(seen).toEqual([]);
    expect(up.out).toContain('HmsRoom "lobby" has 2 invalid properties');
    expect((await emulator.rooms()).hms).toEqual([]);
  });

  it("up --skip-preview writes no invalid room: the provider refuses it, with its failures", async () => {
    const up = await pulumi("up", "--yes", "--skip-preview");
    process.stdout.write(`[guardrails] pulumi up --skip-preview (exit ${up.code}):\n${up.out}\n`);
    expect(up.code).not.toBe(0);
    const rooms = await emulator.rooms();
    expect(rooms.metered).toEqual([]);
    // Only `fine` may exist (the engine stops at the first refusal, so it may not have got to it).
    for (const room of rooms.hms) expect(room.name).toMatch(/^fine-[0-9a-z]{7}$/);
    expect(up.out).toMatch(/: not written: its properties are invalid\n\s+- \S+: (must|may|is) /);
    expect(up.out).not.toContain(PLANTED);
    expect((await pulumi("destroy", "--yes")).code).toBe(0);
  });
});
