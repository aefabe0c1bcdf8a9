// `node dist/bench/profile.js [--n 200] [--skip-checkpoints]`: CPU profiles of the largest costs the benchmark finds,
// ours next to the floor: the dynamic-provider host (NODE_OPTIONS=--cpu-prof, passed by the engine
// to the host it starts) during a fresh preview and during the create, and the program side (a
// fresh process constructing N rooms). Prints where the time goes and writes bench/profile.json;
// the raw .cpuprofile files stay under .tmp/bench/profiles/ (open them in Chrome DevTools).
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { type ProfileSummary, summarizeProfile } from "./cpuprofile";
import { BenchEmulator } from "./emulator";
import { benchStack } from "./engine";
import { moduleLoads } from "./module-load";
import { type Operation, runOperation } from "./operations";
import { type Impl, stackProgram } from "./program";

const ROOT = resolve(__dirname, "../..");
const execFileAsync = promisify(execFile);

/** The largest profile written into `dir` (the host's, not the tiny `node -e` of its launcher). */
function largestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

interface Profiled {
  impl: Impl;
  what: string;
  wallMs: number;
  summary?: ProfileSummary;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "200" },
      // The engine's per-step checkpoints cost minutes at N=500 and do not touch the host.
      "skip-checkpoints": { type: "boolean", default: false },
    },
  });
  const n = Number(values.n);
  const setup: typeof import("../scripts/setup-pulumi.mjs") = await import(
    pathToFileURL(join(ROOT, "scripts", "setup-pulumi.mjs")).href
  );
  const engineBin = await setup.ensureEngine({ root: ROOT });
  const base = join(ROOT, ".tmp", "bench", "profiles");
  rmSync(base, { recursive: true, force: true });
  const emulator = await BenchEmulator.start(join(ROOT, "dist", "emulator", "cli.js"));
  const results: Profiled[] = [];
  try {
    for (const impl of ["ours", "floor"] as const) {
      const bench = await benchStack({
        root: ROOT,
        engineBin,
        workDir: join(ROOT, ".tmp", "bench", `profile-${impl}`),
        project: "video-rooms-bench",
        stackName: `profile-${impl}`,
        program: stackProgram(ROOT, impl, n, () => false),
        config: emulator.stackConfig(),
        env: values["skip-checkpoints"] ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
      });
      try {
        for (const op of ["preview", "create", "upNoChange", "destroy"] as Operation[]) {
          const dir = join(base, `host-${impl}-${op}`);
          mkdirSync(dir, { recursive: true });
          const preload = join(__dirname, "host-preload.js");
          bench.stack.workspace.envVars.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${dir} --require ${preload}`;
          const started = performance.now();
          await runOperation(bench.stack, op, () => {});
          const wallMs = performance.now() - started;
          const file = largestProfile(dir);
          results.push({
            impl,
            what: `host, ${op}`,
            wallMs,
            summary: file ? summarizeProfile(file) : undefined,
          });
        }
      } finally {
        bench.dispose();
      }
    }
  } finally {
    await emulator.close();
  }
  for (const impl of ["ours", "floor"] as const) {
    const dir = join(base, `program-${impl}`);
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    await execFileAsync(
      process.execPath,
      ["--cpu-prof", `--cpu-prof-dir=${dir}`, join(__dirname, "program-side.js"), impl, String(n)],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch(() => undefined); // exit code 1 from the SDK's pending-output check is expected
    const file = largestProfile(dir);
    results.push({
      impl,
      what: "program side",
      wallMs: performance.now() - started,
      summary: file ? summarizeProfile(file) : undefined,
    });
  }

  const loads = moduleLoads(ROOT);
  const report = {
    n,
    date: new Date().toISOString(),
    skipCheckpoints: values["skip-checkpoints"],
    moduleLoads: loads,
    results,
  };
  writeFileSync(join(ROOT, "bench", "profile.json"), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    "Module load in a fresh process after the SDK (median of 5), as the host pays it per operation:\n",
  );
  for (const l of loads) process.stdout.write(`  ${l.module}: ${l.medianMs} ms (${l.runsMs.join(", ")})\n`);
  for (const r of results) {
    const s = r.summary;
    process.stdout.write(`\n${r.impl} ${r.what} (N=${n}): ${(r.wallMs / 1000).toFixed(2)} s wall\n`);
    if (!s) {
      process.stdout.write("  no profile written\n");
      continue;
    }
    const areas = Object.entries(s.byArea)
      .sort((a, b) => b[1] - a[1])
      .map(([a, ms]) => `${a} ${ms}`)
      .join(", ");
    process.stdout.write(`  profile ${s.totalMs.toFixed(0)} ms; self ms by area: ${areas}\n`);
    for (const f of s.topSelf.slice(0, 8))
      process.stdout.write(`    self ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}\n`);
    for (const f of s.topInclusive.slice(0, 8))
      process.stdout.write(`    incl ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
