import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** User + system CPU time of a process in ms, from /proc/<pid>/stat; undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** VmHWM (peak resident set) and VmRSS of a process, in KiB. */
export function processMemoryKiB(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { hwm: kib("VmHWM"), rss: kib("VmRSS") };
  } catch {
    return undefined;
  }
}

/** What a process under a stack's directory is. */
export type ProcessKind = "engine" | "host";

function classify(pid: number, workDir: string): ProcessKind | undefined {
  try {
    if (readlinkSync(`/proc/${pid}/cwd`) !== workDir) return undefined;
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (argv.some((arg) => arg.includes("/cmd/dynamic-provider"))) return "host";
    if (argv[0]?.endsWith("/pulumi")) return "engine";
  } catch {
    // Gone, or not ours to read.
  }
  return undefined;
}

export interface ProcessUsage {
  /** CPU ms of every process of this kind seen during the operation. */
  cpuMs: number;
  /** Highest VmHWM seen, KiB. */
  peakKiB: number;
  processes: number;
}

/**
 * Samples, every `intervalMs`, the Pulumi CLI and the dynamic-provider host of one stack (found in
 * /proc by their cwd, the stack's directory, so other users' engines on the machine never count):
 * their CPU time and the host's peak resident set (VmHWM). A process's last interval before it
 * exits is lost, so CPU times are slight underestimates (by at most `intervalMs` of CPU each).
 */
export class ProcessSampler {
  /** Classification per pid; a pid seen as foreign is looked at again for 2 s (it may exec yet). */
  private readonly known = new Map<number, { kind: ProcessKind | null; since: number }>();
  private readonly seen = new Map<number, { kind: ProcessKind; cpuMs: number; peakKiB: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly workDir: string,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.sample();
  }

  stop(): Record<ProcessKind, ProcessUsage> {
    clearInterval(this.timer);
    this.sample();
    const usage: Record<ProcessKind, ProcessUsage> = {
      engine: { cpuMs: 0, peakKiB: 0, processes: 0 },
      host: { cpuMs: 0, peakKiB: 0, processes: 0 },
    };
    for (const entry of this.seen.values()) {
      const u = usage[entry.kind];
      u.cpuMs += entry.cpuMs;
      u.peakKiB = Math.max(u.peakKiB, entry.peakKiB);
      u.processes++;
    }
    return usage;
  }

  private sample(): void {
    for (const name of readdirSync("/proc")) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const now = Date.now();
      let known = this.known.get(pid);
      if (!known || (known.kind === null && now - known.since < 2000)) {
        known = { kind: classify(pid, this.workDir) ?? null, since: known?.since ?? now };
        this.known.set(pid, known);
      }
      const kind = known.kind;
      if (kind === null) continue;
      const cpu = processCpuMs(pid);
      const memory = processMemoryKiB(pid);
      if (cpu === undefined) continue;
      const entry = this.seen.get(pid) ?? { kind, cpuMs: 0, peakKiB: 0 };
      entry.cpuMs = Math.max(entry.cpuMs, cpu);
      entry.peakKiB = Math.max(entry.peakKiB, memory?.hwm ?? 0);
      this.seen.set(pid, entry);
    }
  }
}
