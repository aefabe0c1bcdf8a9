import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { type ProgramDir, programDir } from "../support/program-dir";

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
  let program: ProgramDir;
  let emulator: TestEmulator;
  const pulumi = (...args: string[]) =>
    program.pulumi(...args).then(({ code, stdout, stderr }) => ({ code, out: stdout + stderr }));

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    program = programDir({ project: "guardrails", program: PROGRAM, env: emulator.environment() });
    expect((await pulumi("stack", "init", "guardrails")).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    program?.dispose();
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
