import { join } from "node:path";
import { type CallCount, countCalls } from "./calls";
import type { BenchEmulator } from "./emulator";
import { type BenchStack, benchStack } from "./engine";
import { checkChanges, OPERATIONS, type Operation, runOperation } from "./operations";
import { ProcessSampler, type ProcessUsage } from "./proc";
import { type Impl, stackProgram } from "./program";
import { changedCount } from "./rooms";
import { type StateSize, stateSize } from "./state";

/** One operation on one stack. */
export interface OpMeasure {
  wallMs: number;
  calls: CallCount;
  /** CPU ms by process: the Pulumi CLI, the dynamic-provider host, this process (the inline
   * program and the Automation API's language host), the emulator. */
  cpuMs: { engine: number; host: number; runner: number; emulator: number };
  /** Highest VmHWM of the dynamic-provider host during the operation, KiB. */
  hostPeakKiB: number;
  changes: Record<string, number>;
}

export interface SizeResult {
  n: number;
  rounds: number;
  /** Per operation: the median over rounds (wall and CPU element-wise; calls of the round with the
   * most; peak RSS the highest), with every round's wall time in `wallSamplesMs`. */
  ops: Record<Impl, Partial<Record<Operation, OpMeasure & { wallSamplesMs: number[] }>>>;
  state: Record<Impl, StateSize>;
}

export interface MeasureContext {
  root: string;
  engineBin: string;
  emulator: BenchEmulator;
  /** Operations to time at this size (all by default). */
  ops?: readonly Operation[];
  /** Full create-to-destroy sequences to run (each on fresh stacks and a reset emulator). */
  rounds: number;
  /** Added to the CLI's environment (and so the provider host's). */
  env?: Record<string, string>;
  log(line: string): void;
}

/**
 * Both stacks of N rooms (ours and the floor) through every operation, one operation at a time and
 * alternating which goes first (by operation and by round), so a burst of load from other users of
 * the machine lands on both; the whole sequence `rounds` times, reporting medians.
 */
export async function measureSize(ctx: MeasureContext, n: number): Promise<SizeResult> {
  const samples: Record<Impl, Partial<Record<Operation, OpMeasure[]>>> = { ours: {}, floor: {} };
  const state = {} as SizeResult["state"];
  for (let round = 0; round < ctx.rounds; round++) {
    await measureRound(
      ctx,
      n,
      round,
      (impl, op, m) => {
        samples[impl][op] = [...(samples[impl][op] ?? []), m];
      },
      round === 0 ? state : undefined,
    );
  }
  const ops: SizeResult["ops"] = { ours: {}, floor: {} };
  for (const impl of ["ours", "floor"] as const) {
    for (const [op, list] of Object.entries(samples[impl]) as [Operation, OpMeasure[]][]) {
      ops[impl][op] = aggregate(list);
    }
  }
  return { n, rounds: ctx.rounds, ops, state };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function aggregate(list: OpMeasure[]): OpMeasure & { wallSamplesMs: number[] } {
  const most = list.reduce((a, b) => (b.calls.total > a.calls.total ? b : a));
  const cpu = (key: keyof OpMeasure["cpuMs"]) => median(list.map((m) => m.cpuMs[key]));
  return {
    wallMs: median(list.map((m) => m.wallMs)),
    wallSamplesMs: list.map((m) => Math.round(m.wallMs)),
    calls: most.calls,
    cpuMs: { engine: cpu("engine"), host: cpu("host"), runner: cpu("runner"), emulator: cpu("emulator") },
    hostPeakKiB: Math.max(...list.map((m) => m.hostPeakKiB)),
    changes: most.changes,
  };
}

async function measureRound(
  ctx: MeasureContext,
  n: number,
  round: number,
  record: (impl: Impl, op: Operation, m: OpMeasure) => void,
  state: SizeResult["state"] | undefined,
): Promise<void> {
  const { emulator } = ctx;
  // HmsRoom's destroy only disables rooms: a fresh emulator keeps every round's creates alike.
  await emulator.reset();
  const edited = { ours: false, floor: false };
  const stacks = {} as Record<Impl, BenchStack>;
  for (const impl of ["ours", "floor"] as const) {
    stacks[impl] = await benchStack({
      root: ctx.root,
      engineBin: ctx.engineBin,
      workDir: join(ctx.root, ".tmp", "bench", `${impl}-${n}`),
      project: "video-rooms-bench",
      stackName: `${impl}-${n}`,
      program: stackProgram(ctx.root, impl, n, () => edited[impl]),
      config: emulator.stackConfig(),
      env: ctx.env,
    });
  }
  const wanted = new Set(ctx.ops ?? OPERATIONS);
  try {
    for (const [index, op] of OPERATIONS.entries()) {
      // Skipped when not wanted, except the create every later operation needs.
      if (!wanted.has(op) && !(op === "create" && OPERATIONS.slice(index).some((o) => wanted.has(o))))
        continue;
      const order: Impl[] = (index + n + round) % 2 === 0 ? ["ours", "floor"] : ["floor", "ours"];
      for (const impl of order) {
        const measure = await measureOperation(ctx, stacks[impl], op, () => {
          edited[impl] = true;
        });
        const problem = checkChanges(op, measure.changes, n, changedCount(n));
        if (problem) throw new Error(`${impl}, N=${n}: ${problem}`);
        if (wanted.has(op)) record(impl, op, measure);
        ctx.log(
          `  N=${n} round ${round + 1} ${impl.padEnd(5)} ${op.padEnd(15)} ${(measure.wallMs / 1000).toFixed(2)} s, ` +
            `${measure.calls.total} calls (${measure.calls.writes} writes)`,
        );
        if (op === "create" && state) state[impl] = stateSize(await stacks[impl].cli(["stack", "export"]), n);
      }
    }
  } finally {
    for (const stack of Object.values(stacks)) stack.dispose();
  }
}

async function measureOperation(
  ctx: MeasureContext,
  bench: BenchStack,
  op: Operation,
  edit: () => void,
): Promise<OpMeasure> {
  await ctx.emulator.clearRequests();
  const sampler = new ProcessSampler(bench.workDir);
  const emulatorCpu = ctx.emulator.cpuMs();
  const runnerCpu = process.cpuUsage();
  sampler.start();
  const started = performance.now();
  const changes = await runOperation(bench.stack, op, edit);
  const wallMs = performance.now() - started;
  const usage: Record<string, ProcessUsage> = sampler.stop();
  const runner = process.cpuUsage(runnerCpu);
  const calls = countCalls(await ctx.emulator.requests());
  return {
    wallMs,
    calls,
    cpuMs: {
      engine: usage.engine!.cpuMs,
      host: usage.host!.cpuMs,
      runner: (runner.user + runner.system) / 1000,
      emulator: ctx.emulator.cpuMs() - emulatorCpu,
    },
    hostPeakKiB: usage.host!.peakKiB,
    changes,
  };
}

/**
 * One unrecorded preview of a 2-room stack on each implementation: loads the SDK's closure
 * serializer into this process (about half a second, once) and warms the file cache for the
 * engine and the provider host, so the first measured operation does not pay for them.
 */
export async function warmUp(ctx: MeasureContext): Promise<void> {
  for (const impl of ["ours", "floor"] as const) {
    const bench = await benchStack({
      root: ctx.root,
      engineBin: ctx.engineBin,
      workDir: join(ctx.root, ".tmp", "bench", `warm-up-${impl}`),
      project: "video-rooms-bench",
      stackName: `warm-up-${impl}`,
      program: stackProgram(ctx.root, impl, 2, () => false),
      config: ctx.emulator.stackConfig(),
    });
    try {
      await runOperation(bench.stack, "preview", () => {});
    } finally {
      bench.dispose();
    }
  }
}
