import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  type ConfigMap,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { inject } from "vitest";

const execFileAsync = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, "../..");

/**
 * The package as a user's program loads it: by name, from node_modules (linked to this repo),
 * compiled. The dynamic-provider closure must be serialized from the CommonJS build, never from
 * TS source transformed by the test runner (pulumi-dynamic.md §3.3).
 */
export function loadPackage(): typeof import("../../provider/index") {
  return createRequire(join(REPO_ROOT, "package.json"))("pulumi-video-rooms");
}

export interface EngineStack {
  stack: Stack;
  workDir: string;
  /** Runs the CLI itself in the stack's dir (e.g. `stack export` without --show-secrets). */
  cli(args: string[]): Promise<string>;
  /** Everything the engine printed, across operations, for assertions and secret scans. */
  output: string[];
  dispose(): Promise<void>;
}

/**
 * A stack driven by the real Pulumi CLI (built by scripts/setup-pulumi.mjs) through the
 * Automation API with an inline program, on a local file backend in a temp dir under the repo
 * (so the dynamic-provider host, started in that dir, resolves our node_modules).
 */
export async function engineStack(options: {
  project: string;
  stack?: string;
  program: PulumiFn;
  config?: ConfigMap;
  env?: Record<string, string>;
}): Promise<EngineStack> {
  const bin = inject("engineBin");
  const base = join(REPO_ROOT, ".tmp", "stacks");
  mkdirSync(base, { recursive: true });
  const workDir = mkdtempSync(join(base, `${options.project}-`));
  const pulumiCommand = await PulumiCommand.get({ root: resolve(bin, ".."), skipVersionCheck: true });
  const envVars: Record<string, string> = {
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_HOME: join(workDir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${workDir}`,
    // The engine starts the dynamic-provider host with the `node` on PATH: Node 22 from npm.
    PATH: [bin, join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(":"),
    ...options.env,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stack ?? "test", projectName: options.project, program: options.program },
    {
      workDir,
      pulumiCommand,
      pulumiHome: envVars.PULUMI_HOME,
      projectSettings: { name: options.project, runtime: "nodejs", backend: { url: `file://${workDir}` } },
      envVars,
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  const output: string[] = [];
  const stackName = options.stack ?? "test";
  return {
    stack,
    workDir,
    output,
    async cli(args) {
      const { stdout } = await execFileAsync(
        join(bin, "pulumi"),
        [...args, "--stack", stackName, "--non-interactive"],
        {
          cwd: workDir,
          env: { ...process.env, ...envVars },
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      return stdout;
    },
    async dispose() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Collects engine output into `sink` (and echoes it when VERBOSE_ENGINE is set). */
export function collect(sink: string[]) {
  return (text: string) => {
    sink.push(text);
    if (process.env.VERBOSE_ENGINE) process.stdout.write(text);
  };
}
