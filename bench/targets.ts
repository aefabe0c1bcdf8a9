import type { SizeResult } from "./measure";
import { changedCount } from "./rooms";

/** One target of issue #9 / product.md §7 at one size: met or not, and the numbers behind it. */
export interface TargetCheck {
  n: number;
  target: string;
  met: boolean;
  detail: string;
}

const KB = 1024;
const fixed = (ms: number) => (ms / 1000).toFixed(2);

/** Evaluates the targets on what one size measured (operations not measured are left out). */
export function checkTargets(size: SizeResult): TargetCheck[] {
  const { n, ops, state } = size;
  const checks: TargetCheck[] = [];
  const add = (target: string, met: boolean, detail: string) => checks.push({ n, target, met, detail });

  for (const op of ["preview", "previewNoChange", "upNoChange"] as const) {
    const ours = ops.ours[op];
    const floor = ops.floor[op];
    if (!ours || !floor) continue;
    const ratio = ours.wallMs / floor.wallMs;
    add(
      `${op} <= 1.15x floor`,
      ratio <= 1.15,
      `${fixed(ours.wallMs)} s / ${fixed(floor.wallMs)} s = ${ratio.toFixed(2)}x`,
    );
  }
  const create = ops.ours.create;
  const floorCreate = ops.floor.create;
  if (create && floorCreate) {
    const budget = 1.15 * floorCreate.wallMs + create.cpuMs.emulator;
    add(
      "create <= 1.15x floor + emulator time",
      create.wallMs <= budget,
      `${fixed(create.wallMs)} s vs 1.15 x ${fixed(floorCreate.wallMs)} s + ${fixed(create.cpuMs.emulator)} s emulator CPU = ${fixed(budget)} s`,
    );
    add(
      "create <= 2 calls per room",
      create.calls.total <= 2 * n,
      `${create.calls.total} calls for ${n} rooms (${(create.calls.total / n).toFixed(2)}/room)`,
    );
  }
  for (const op of ["preview", "previewNoChange"] as const) {
    const m = ops.ours[op];
    if (m) add(`${op}: 0 API calls`, m.calls.total === 0, `${m.calls.total} calls`);
  }
  const unchanged = ops.ours.upNoChange;
  if (unchanged)
    add(
      "unchanged up: 0 writes",
      unchanged.calls.writes === 0,
      `${unchanged.calls.writes} writes, ${unchanged.calls.reads} reads`,
    );
  const update = ops.ours.update10;
  if (update) {
    const edited = changedCount(n);
    add(
      "one-field update <= 2 calls per room",
      update.calls.total <= 2 * edited,
      `${update.calls.total} calls for ${edited} edited rooms`,
    );
  }
  const refresh = ops.ours.refresh;
  if (refresh) {
    add(
      "refresh: 1 read per room",
      refresh.calls.reads === n && refresh.calls.writes === 0,
      `${refresh.calls.reads} reads, ${refresh.calls.writes} writes for ${n} rooms`,
    );
  }
  if (state.ours) {
    const biggest = Math.max(...Object.values(state.ours.providerBytes));
    add("__provider < 1 KB", biggest < KB, `${biggest} B per resource`);
    add(
      "state per room < 4 KB",
      state.ours.roomBytes < 4 * KB,
      `${state.ours.roomBytes} B/room in the export (floor ${state.floor?.roomBytes ?? "?"} B; ` +
        `whole export / N ${state.ours.exportBytesPerRoom} B)`,
    );
  }
  return checks;
}
