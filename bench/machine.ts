import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";

export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  pulumiCli: string;
  pulumiSdk: string;
  loadAverageAtStart: number[];
  /** The commit measured, and files under provider/ that differed from it (uncommitted work). */
  commit: string;
  providerUncommitted: string[];
  notes: string[];
}

function git(root: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

export function describeMachine(root: string, engineBin: string): Machine {
  const sdk = JSON.parse(readFileSync(join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  };
  return {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    pulumiCli: execFileSync(join(engineBin, "pulumi"), ["version"], { encoding: "utf8" }).trim(),
    pulumiSdk: sdk.version,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    commit: git(root, ["rev-parse", "HEAD"]),
    providerUncommitted: git(root, ["status", "--porcelain", "--", "provider"]).split("\n").filter(Boolean),
    notes: [],
  };
}
