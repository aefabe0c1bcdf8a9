// `npm run demo`: the example stack (examples/index.ts) taken through its lifecycle by the real
// Pulumi engine, against an emulator of both APIs started in this process. Every step is
// announced on one line, then Pulumi's own output follows; any failure names its step and exits 1.
import { rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CommandError, type ConfigMap, type OutputMap, type Stack } from "@pulumi/pulumi/automation";
import { type RunningEmulator, startEmulator } from "../emulator/index";

import runExample = require("../examples/index");

import { Colleague } from "./demo/colleague";
import { OperationLog, type RoomStep } from "./demo/events";
import { localStack } from "./engine/local-stack";

// This file runs compiled, from dist/scripts/.
const ROOT = resolve(__dirname, "../..");
const PROJECT = "video-rooms-example";
const STACK = "dev";

interface Step {
  title: string;
  run(): Promise<void>;
}

async function main(): Promise<number> {
  const started = Date.now();
  const workDir = join(ROOT, ".tmp", `demo-${process.pid}`);
  let interrupted = false;
  // A terminal's Ctrl-C reaches the running pulumi too, which cancels its operation. A persistent
  // listener: with `once`, execa's signal-exit would re-raise the signal and skip the cleanup.
  process.on("SIGINT", () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say("interrupted: cleaning up after the current step (Ctrl-C again to quit at once)");
  });

  let engineBin: string | undefined;
  let emulator: RunningEmulator | undefined;
  let stack: Stack | undefined;
  let outputs: OutputMap = {};
  const logs = {
    up: new OperationLog(),
    preview: new OperationLog(),
    change: new OperationLog(),
    refresh: new OperationLog(),
    correct: new OperationLog(),
    destroy: new OperationLog(),
  };
  const drifted: string[] = [];

  const options = (log: OperationLog) => ({
    onOutput: (text: string) => process.stdout.write(text),
    onError: (text: string) => process.stderr.write(text),
    onEvent: log.onEvent,
    color: process.stdout.isTTY ? ("always" as const) : ("never" as const),
  });
  const live = (): Stack => stack ?? fail("no stack");
  const colleague = (): Colleague => new Colleague(emulator?.ready ?? fail("no emulator"));

  const steps: Step[] = [
    {
      title:
        "Preparing the Pulumi engine (built from Go once, 8-15 min; then cached under ~/.cache/pulumi-video-rooms)",
      async run() {
        const setup: typeof import("./setup-pulumi.mjs") = await import(
          pathToFileURL(join(ROOT, "scripts", "setup-pulumi.mjs")).href
        );
        engineBin = await setup.ensureEngine({ root: ROOT });
        say(`engine: ${engineBin}`);
      },
    },
    {
      title: "Starting the emulator and creating the stack on a local file backend",
      async run() {
        emulator = await startEmulator({ port: 0 });
        say(`emulator of the 100ms and Metered APIs listening on ${emulator.url}`);
        const local = await localStack({
          root: ROOT,
          engineBin: engineBin ?? fail("no engine"),
          workDir,
          project: PROJECT,
          stackName: STACK,
          program: runExample,
          // A throwaway stack: the passphrase only guards secrets that live as long as this run.
          passphrase: "video-rooms-demo",
          config: demoConfig(emulator),
        });
        stack = local.stack;
        say(
          `stack "${STACK}" on a local file backend in ${relative(ROOT, workDir)}/, config set (secrets encrypted)`,
        );
      },
    },
    {
      title: "pulumi up: create the rooms of examples/index.ts",
      async run() {
        const result = await live().up(options(logs.up));
        outputs = result.outputs;
        expect(logs.up.with("create").length > 0, "pulumi up created no room");
        const link = (outputs.studentLinks?.value as Record<string, string> | undefined)?.eu;
        expect(
          typeof link === "string" && link.startsWith("https://school-demo.app.100ms.live/meeting/"),
          `classroom-eu must have a student join link, got ${String(link)}`,
        );
        say(`a student's join link for classroom-eu (kept secret in state): ${link}`);
      },
    },
    {
      title:
        "Config change (classMinutes 60 -> 90, webinarSeats 100 -> 250, studentsPerClass 40 -> 60: the school template's student role), shown with pulumi preview --diff",
      async run() {
        await live().setAllConfig({
          [`${PROJECT}:classMinutes`]: { value: "90" },
          [`${PROJECT}:webinarSeats`]: { value: "250" },
          [`${PROJECT}:studentsPerClass`]: { value: "60" },
        });
        await live().preview({ ...options(logs.preview), diff: true });
        const planned = logs.preview.changed();
        expect(planned.length > 0, "the preview planned no change");
        const school = planned.find((step) => step.kind === "HmsTemplate");
        expect(
          school?.diffs.includes("roles") === true,
          `the preview must show the school template's roles changing, it planned: ${describe(planned)}`,
        );
        expect(
          planned.every((room) => room.op === "update"),
          `a config change must update rooms in place, the preview planned: ${describe(planned)}`,
        );
      },
    },
    {
      title: "pulumi up: apply the config change",
      async run() {
        await live().up(options(logs.change));
        const planned = names(logs.preview.changed());
        const updated = names(logs.change.with("update"));
        expect(
          same(planned, updated),
          `previewed updates of ${planned.join(", ")}, but up updated ${updated.join(", ")}`,
        );
      },
    },
    {
      title:
        "Out of band: a colleague disables classroom-us in 100ms and raises drop-in's seats to 50 in Metered",
      async run() {
        const classroomIds = outputs.classroomIds?.value as Record<string, string>;
        const usRoomId = classroomIds.us ?? fail("no classroomIds.us output");
        await colleague().disableHmsRoom(usRoomId);
        say(`POST /v2/rooms/${usRoomId} {"enabled":false} (a management token minted for this call)`);
        const dropIn = roomNameIn(String(outputs.dropInUrl?.value));
        await colleague().updateMeteredRoom(dropIn, { maxParticipants: 50 });
        say(`PUT /api/v1/room/${dropIn} {"maxParticipants":50} (with the Metered secret key)`);
      },
    },
    {
      title: "pulumi refresh: read every room back and record the drift",
      async run() {
        await live().refresh(options(logs.refresh));
        drifted.push(...names(logs.refresh.rooms.filter((room) => room.diffs.length > 0)));
        const expected = ["classroom-us", "drop-in"];
        expect(
          same(drifted, expected),
          `refresh should find drift on ${expected.join(", ")}, it found it on ${drifted.join(", ")}`,
        );
      },
    },
    {
      title: "pulumi up: put the drifted rooms back as the program declares them",
      async run() {
        await live().up(options(logs.correct));
        const updated = names(logs.correct.with("update"));
        expect(
          same(updated, drifted),
          `up should correct ${drifted.join(", ")}, it updated ${updated.join(", ")}`,
        );
      },
    },
    {
      title:
        "pulumi destroy: disable the 100ms rooms (100ms has no delete), delete the Metered rooms, leave the template in 100ms",
      async run() {
        await live().destroy(options(logs.destroy));
        const created = names(logs.up.with("create"));
        const deleted = names(logs.destroy.with("delete"));
        expect(
          same(created, deleted),
          `created ${created.join(", ")}, but destroy deleted ${deleted.join(", ")}`,
        );
      },
    },
  ];

  let failure: string | undefined;
  try {
    for (const [index, step] of steps.entries()) {
      const label = `step ${index + 1}/${steps.length}`;
      announce(`[${label}] ${step.title}`);
      try {
        await step.run();
        if (interrupted) throw new Error("interrupted");
      } catch (err) {
        failure = `demo failed at ${label} (${step.title}): ${interrupted ? "interrupted" : reason(err, Object.values(logs))}`;
        break;
      }
    }
  } finally {
    await emulator?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  if (failure) {
    process.stderr.write(`\n${failure}\nThe emulator is stopped and ${relative(ROOT, workDir)}/ removed.\n`);
    return 1;
  }

  const created = logs.up.with("create");
  announce("Summary");
  say(`rooms created:      ${created.length} (${countByKind(created)})`);
  say(`updated by config:  ${logs.change.with("update").length} (${list(logs.change.with("update"))})`);
  say(
    `drift found:        ${drifted.length} (${describeDrift(logs.refresh.rooms)}), corrected by up: ${logs.correct.with("update").length}`,
  );
  const deleted = logs.destroy.with("delete");
  say(
    `deleted:            ${deleted.length} (${countByKind(deleted)}; the 100ms rooms are disabled, the template stays in 100ms)`,
  );
  say(
    `wall time:          ${seconds(Date.now() - started)}; emulator stopped, ${relative(ROOT, workDir)}/ removed`,
  );
  return 0;
}

/** Stack config: both services pointed at the emulator, and the example's own settings. */
function demoConfig(emulator: RunningEmulator): ConfigMap {
  const { url, hms, metered } = emulator.ready;
  return {
    "hms:apiUrl": { value: `${url}/v2` },
    "hms:accessKey": { value: hms.accessKey },
    "hms:appSecret": { value: hms.appSecret, secret: true },
    // The Prebuilt subdomain of the template, which only the 100ms dashboard shows (none for the emulator's).
    "hms:prebuiltSubdomain": { value: "school-demo" },
    "metered:apiUrl": { value: url },
    "metered:appName": { value: metered.appName },
    "metered:secretKey": { value: metered.secretKey, secret: true },
    // Give up within seconds, not minutes, if the API stops answering (defaults: 5 retries, 30 s).
    "hms:maxRetries": { value: "2" },
    "hms:timeoutSeconds": { value: "5" },
    "metered:maxRetries": { value: "2" },
    "metered:timeoutSeconds": { value: "5" },
    [`${PROJECT}:recordingAccessKey`]: { value: "demo-recording-key-id", secret: true },
    [`${PROJECT}:recordingSecretKey`]: { value: "demo-recording-secret-key", secret: true },
    [`${PROJECT}:webinarRtmpUrl`]: { value: "rtmp://a.rtmp.youtube.com/live2/demo-stream-key", secret: true },
    [`${PROJECT}:classMinutes`]: { value: "60" },
    [`${PROJECT}:webinarSeats`]: { value: "100" },
    [`${PROJECT}:studentsPerClass`]: { value: "40" },
  };
}

/** A one-line reason: Pulumi's own error diagnostics when it failed (its full output is above). */
function reason(err: unknown, logs: OperationLog[]): string {
  if (err instanceof CommandError) {
    // Skip the engine's closing "update failed": the resource errors say what went wrong.
    const [first, ...more] = logs.flatMap((log) => log.errors).filter((e) => !/^[a-z ]+ failed$/i.test(e));
    if (first === undefined) return "Pulumi exited with an error (its output is above)";
    return more.length > 0 ? `${first} (and ${more.length} more errors, above)` : first;
  }
  return err instanceof Error ? err.message : String(err);
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function fail(message: string): never {
  throw new Error(message);
}

/** The room name in a Metered join URL (`https://<app>.metered.live/<roomName>`). */
function roomNameIn(roomUrl: string): string {
  return decodeURIComponent(new URL(roomUrl).pathname.slice(1));
}

function names(rooms: RoomStep[]): string[] {
  return rooms.map((room) => room.name).sort();
}

function list(rooms: RoomStep[]): string {
  return names(rooms).join(", ");
}

function same(a: string[], b: string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

function describe(rooms: RoomStep[]): string {
  return rooms.map((room) => `${room.op} ${room.name}`).join(", ");
}

function describeDrift(rooms: RoomStep[]): string {
  return rooms
    .filter((room) => room.diffs.length > 0)
    .map((room) => `${room.name}: ${room.diffs.join(", ")}`)
    .join("; ");
}

function countByKind(rooms: RoomStep[]): string {
  const counts = new Map<string, number>();
  for (const room of rooms) counts.set(room.kind, (counts.get(room.kind) ?? 0) + 1);
  return [...counts]
    .sort()
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function announce(line: string): void {
  process.stdout.write(`\n${line}\n`);
}

function say(line: string): void {
  process.stdout.write(`  ${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
