import type { Growth } from "./growth";
import type { SizeResult } from "./measure";
import { LABELS, OPERATIONS } from "./operations";
import type { TargetCheck } from "./targets";

const s = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(2));
const pad = (text: string, width: number) => text.padStart(width);

/** The table for one size: wall time ours/floor, API calls, CPU per process, host peak RSS. */
export function sizeTable(size: SizeResult): string {
  const { n, ops, state } = size;
  const header = [
    "operation".padEnd(21),
    pad("ours s", 7),
    pad("floor s", 8),
    pad("ratio", 6),
    pad("calls R/W", 10),
    pad("/room", 6),
    pad("host CPU s o/f", 15),
    pad("engine CPU s o/f", 17),
    pad("emu CPU s", 10),
    pad("host MiB o/f", 13),
  ].join(" ");
  const lines = [`N=${n} (${Math.ceil(n / 2)} HmsRoom + ${Math.floor(n / 2)} MeteredRoom)`, header];
  for (const op of OPERATIONS) {
    const ours = ops.ours[op];
    const floor = ops.floor[op];
    if (!ours || !floor) continue;
    const mib = (kib: number) => (kib / 1024).toFixed(0);
    lines.push(
      [
        LABELS[op].padEnd(21),
        pad(s(ours.wallMs), 7),
        pad(s(floor.wallMs), 8),
        pad((ours.wallMs / floor.wallMs).toFixed(2), 6),
        pad(`${ours.calls.reads}/${ours.calls.writes}`, 10),
        pad((ours.calls.total / n).toFixed(2), 6),
        pad(`${s(ours.cpuMs.host)}/${s(floor.cpuMs.host)}`, 15),
        pad(`${s(ours.cpuMs.engine)}/${s(floor.cpuMs.engine)}`, 17),
        pad(s(ours.cpuMs.emulator), 10),
        pad(`${mib(ours.hostPeakKiB)}/${mib(floor.hostPeakKiB)}`, 13),
      ].join(" "),
    );
  }
  if (state.ours && state.floor) {
    const bytes = (r: Record<string, number>) =>
      Object.entries(r)
        .map(([type, b]) => `${type.replace("pulumi-nodejs:dynamic/", "")} ${b} B`)
        .join(", ");
    lines.push(
      `__provider per resource: ours ${bytes(state.ours.providerBytes)}; floor ${bytes(state.floor.providerBytes)}`,
      `state per room (stack export): ours ${state.ours.roomBytes} B, floor ${state.floor.roomBytes} B; ` +
        `whole export / N: ours ${state.ours.exportBytesPerRoom} B, floor ${state.floor.exportBytesPerRoom} B`,
      `  a room of ours, compact JSON: ${breakdown(state.ours.breakdown)}; floor: ${breakdown(state.floor.breakdown)}`,
      ...Object.entries(state.ours.outputsBeyondInputs).map(
        ([type, keys]) =>
          `  ${type.replace("pulumi-nodejs:dynamic/", "")} outputs beyond inputs, B in the export: ${breakdown(keys)}`,
      ),
    );
  }
  return lines.join("\n");
}

const breakdown = (b: Record<string, number>) =>
  Object.entries(b)
    .map(([part, n]) => `${part} ${n}`)
    .join(", ");

export function growthTable(lines: Growth[]): string {
  const out = ["Growth with N (least-squares line; marginal = slope between consecutive sizes)"];
  for (const g of lines) {
    const points = g.points.map((p) => `${p.n}: ${p.msPerRoom.toFixed(1)}`).join(", ");
    out.push(
      `${LABELS[g.op].padEnd(21)} ${g.impl.padEnd(5)} ${g.fixedS.toFixed(2)} s + ${g.msPerRoom.toFixed(1)} ms/room; ` +
        `ms/room at ${points}; marginal ${g.marginalMsPerRoom.map((m) => m.toFixed(1)).join(" -> ")} ms/room`,
    );
  }
  return out.join("\n");
}

export function targetTable(checks: TargetCheck[]): string {
  return [
    "Targets",
    ...checks.map(
      (c) => `${c.met ? "met   " : "MISSED"} N=${String(c.n).padEnd(4)} ${c.target.padEnd(38)} ${c.detail}`,
    ),
  ].join("\n");
}
