import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Milliseconds to `require` a module in a fresh Node process that has already loaded the SDK, as the
 * dynamic-provider host has when it first loads a provider: median of `runs` fresh processes. */
export interface ModuleLoad {
  module: string;
  medianMs: number;
  runsMs: number[];
}

const MODULES = [
  "pulumi-video-rooms/dist/provider/hms/provider.js",
  "pulumi-video-rooms/dist/provider/metered/provider.js",
  "pulumi-video-rooms/dist/bench/floor/provider.js",
  "zod",
  "undici",
];

export function moduleLoads(root: string, runs = 5): ModuleLoad[] {
  // Run from a directory under the repository, so the package resolves as in the host.
  const cwd = join(root, ".tmp");
  const script = (module: string) =>
    `require("@pulumi/pulumi");const t=process.hrtime.bigint();require(${JSON.stringify(module)});` +
    "process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";
  return MODULES.map((module) => {
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      runsMs.push(Number(execFileSync(process.execPath, ["-e", script(module)], { cwd, encoding: "utf8" })));
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { module, medianMs: Math.round(sorted[Math.floor(runs / 2)]!), runsMs: runsMs.map(Math.round) };
  });
}
