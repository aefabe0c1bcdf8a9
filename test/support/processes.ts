import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/** A process as /proc shows it (Linux only: the suite's engine runs there). */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  exe: string;
  cmdline: string[];
}

function info(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) is in parentheses and may hold spaces: parse after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    let exe = "";
    try {
      exe = readlinkSync(`/proc/${pid}/exe`);
    } catch {
      // Exited, or a zombie.
    }
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    return { pid, ppid, exe, cmdline };
  } catch {
    return undefined;
  }
}

function all(): ProcessInfo[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => info(Number(d)))
    .filter((p): p is ProcessInfo => p !== undefined);
}

/** Every live descendant of `pid` (children, their children, ...). */
export function descendantsOf(pid: number): ProcessInfo[] {
  const procs = all();
  const out: ProcessInfo[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const p of procs) {
      if (p.ppid === parent) {
        out.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return out;
}

/** The descendant of this process running the `pulumi` CLI with `subcommand` (exactly one, or throws). */
export function engineProcess(subcommand: string): ProcessInfo {
  const found = descendantsOf(process.pid).filter(
    (p) => basename(p.exe) === "pulumi" && p.cmdline[1] === subcommand,
  );
  if (found.length !== 1) {
    throw new Error(`expected one \`pulumi ${subcommand}\` child process, found ${found.length}`);
  }
  return found[0]!;
}

/** Whether the process still exists (and is not a zombie waiting to be reaped). */
export function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
