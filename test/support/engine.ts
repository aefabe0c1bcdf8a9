import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation";
import { inject } from "vitest";
import { type LocalStack, localStack } from "../../scripts/engine/local-stack";

export const REPO_ROOT = resolve(__dirname, "../..");

/**
 * The package as a user's program loads it: by name, from node_modules (installed there from this
 * repo by scripts/link-self.mjs), compiled. The dynamic-provider closure must be serialized from
 * the CommonJS build, never from TS source transformed by the test runner (pulumi-dynamic.md §3.3).
 */
export function loadPackage(): typeof import("../../provider/index") {
  return createRequire(join(REPO_ROOT, "package.json"))("pulumi-video-rooms");
}

export interface EngineStack extends Pick<LocalStack, "stack" | "workDir" | "cli" | "run"> {
  /** Everything the engine printed, across operations, for assertions and secret scans. */
  output: string[];
  dispose(): Promise<void>;
}

let stacks = 0;

/**
 * A stack driven by the real Pulumi CLI (built by scripts/setup-pulumi.mjs) through the
 * Automation API with an inline program, on a local file backend in a dir under the repo.
 */
export async function engineStack(options: {
  project: string;
  stack?: string;
  program: PulumiFn;
  config?: ConfigMap;
  env?: Record<string, string>;
}): Promise<EngineStack> {
  const base = join(REPO_ROOT, ".tmp", "stacks");
  mkdirSync(base, { recursive: true });
  const local = await localStack({
    root: REPO_ROOT,
    engineBin: inject("engineBin"),
    workDir: join(base, `${options.project}-${process.pid}-${++stacks}`),
    project: options.project,
    stackName: options.stack ?? "test",
    program: options.program,
    passphrase: "test-passphrase",
    config: options.config,
    env: options.env,
  });
  return { ...local, output: [], dispose: async () => local.dispose() };
}

/** Collects engine output into `sink` (and echoes it when VERBOSE_ENGINE is set). */
export function collect(sink: string[]) {
  return (text: string) => {
    sink.push(text);
    if (process.env.VERBOSE_ENGINE) process.stdout.write(text);
  };
}
