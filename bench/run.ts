// `npm run bench`: our providers against the floor (a do-nothing dynamic provider with the same
// stack shape), in one run, through the real engine and the emulator. Prints a table and writes
// bench/results.json. Options: --sizes 50,200,500  --rounds 3  --rounds-at 500=2 (the defaults; about 21 min)
//   --ops-at 500=preview,create (time only these at that size)  --out FILE
//   --engine-env KEY=VALUE (added to the CLI's environment, e.g. PULUMI_SKIP_CHECKPOINTS=true)
//   --no-demo (skip the demo stack's state size)  --no-program-side
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type DemoState, demoState } from "./demo-state";
import { BenchEmulator } from "./emulator";
import { growth } from "./growth";
import { describeMachine } from "./machine";
import { measureSize, type SizeResult, warmUp } from "./measure";
import { OPERATIONS, type Operation } from "./operations";
import { type ProgramSideResults, programSides, programSideTable } from "./program-sides";
import { growthTable, sizeTable, targetTable } from "./report";
import { checkTargets } from "./targets";

// This file runs compiled, from dist/bench/.
const ROOT = resolve(__dirname, "../..");

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "50,200,500" },
      "ops-at": { type: "string", multiple: true, default: [] },
      rounds: { type: "string", default: "3" },
      "engine-env": { type: "string", multiple: true, default: [] },
      "rounds-at": { type: "string", multiple: true, default: ["500=2"] },
      out: { type: "string", default: join(ROOT, "bench", "results.json") },
      "no-demo": { type: "boolean", default: false },
      "no-program-side": { type: "boolean", default: false },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const opsAt = new Map<number, Operation[]>();
  for (const spec of values["ops-at"]) {
    const [n, ops] = spec.split("=");
    const list = (ops ?? "").split(",") as Operation[];
    for (const op of list) if (!OPERATIONS.includes(op)) throw new Error(`unknown operation ${op}`);
    opsAt.set(Number(n), list);
  }
  const roundsAt = new Map(
    values["rounds-at"].map((spec) => spec.split("=").map(Number) as [number, number]),
  );
  const rounds = (n: number) => roundsAt.get(n) ?? Number(values.rounds);
  const engineEnv = Object.fromEntries(values["engine-env"].map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  return {
    engineEnv,
    sizes,
    opsAt,
    rounds,
    out: resolve(values.out),
    demo: !values["no-demo"],
    programSide: !values["no-program-side"],
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const opts = options();
  const setup: typeof import("../scripts/setup-pulumi.mjs") = await import(
    pathToFileURL(join(ROOT, "scripts", "setup-pulumi.mjs")).href
  );
  const engineBin = await setup.ensureEngine({ root: ROOT });
  const machine = describeMachine(ROOT, engineBin);
  machine.notes.push(
    "Client-side pacing lifted (hms:/metered:requestsPerSecond = 1000) so the provider itself is measured; " +
      "at the default 10/s (100ms) and 5/s (Metered) a create of N rooms takes at least calls/rate.",
    "Engine parallelism left at the CLI default (8 on this machine), for ours and the floor alike.",
    "Ours and the floor run the same operation back to back, alternating which goes first.",
  );
  if (Object.keys(opts.engineEnv).length > 0)
    machine.notes.push(`Engine env: ${JSON.stringify(opts.engineEnv)}`);
  for (const [n, ops] of opts.opsAt) machine.notes.push(`At N=${n} only: ${ops.join(", ")} (capped run).`);
  machine.notes.push(
    `Rounds (full create-to-destroy sequences, medians reported): ${opts.sizes.map((n) => `N=${n}: ${opts.rounds(n)}`).join(", ")}.`,
  );
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`bench: ${machine.nproc} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.pulumiCli}`);

  const emulator = await BenchEmulator.start(join(ROOT, "dist", "emulator", "cli.js"));
  const sizes: SizeResult[] = [];
  let demo: DemoState | { error: string } | undefined;
  let programSide: ProgramSideResults | undefined;
  try {
    await warmUp({ root: ROOT, engineBin, emulator, rounds: 1, log });
    for (const n of opts.sizes) {
      log(`N=${n}`);
      const ctx = {
        root: ROOT,
        engineBin,
        emulator,
        ops: opts.opsAt.get(n),
        rounds: opts.rounds(n),
        env: opts.engineEnv,
        log,
      };
      sizes.push(await measureSize(ctx, n));
    }
    if (opts.demo) {
      try {
        demo = await demoState(ROOT, engineBin, emulator);
      } catch (err) {
        demo = { error: err instanceof Error ? err.message : String(err) };
      }
    }
  } finally {
    await emulator.close();
  }
  if (opts.programSide) programSide = await programSides(opts.sizes);

  const lines = growth(sizes);
  const targets = sizes.flatMap(checkTargets);
  if (demo && !("error" in demo)) {
    targets.push({
      n: demo.rooms,
      target: "demo stack: state per room < 4 KB",
      met: demo.roomBytes < 4096,
      detail: `${demo.roomBytes} B/room in the export (${JSON.stringify(demo.roomBytesByType)})`,
    });
  }
  const wallS = (performance.now() - started) / 1000;
  const results = {
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    wallSeconds: Math.round(wallS),
    sizes,
    growth: lines,
    targets,
    demoState: demo,
    programSide,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);

  log("");
  for (const size of sizes) log(`${sizeTable(size)}\n`);
  if (lines.length > 0) log(`${growthTable(lines)}\n`);
  if (programSide) log(`${programSideTable(programSide)}\n`);
  if (demo) {
    log(
      "error" in demo
        ? `Demo stack state: not measured (${demo.error})\n`
        : `Demo stack (examples/index.ts, ${demo.rooms} rooms): ${demo.roomBytes} B/room in the export ` +
            `(${JSON.stringify(demo.roomBytesByType)}), whole export / N ${demo.exportBytesPerRoom} B\n`,
    );
  }
  log(targetTable(targets));
  log(`\nwrote ${opts.out} in ${wallS.toFixed(0)} s`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
