import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  type ConfigMap,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";

const execFileAsync = promisify(execFile);

/** A stack the real CLI runs, with the environment it runs in. */
export interface LocalStack {
  stack: Stack;
  /** The stack's directory: the engine and the dynamic-provider host run with it as their cwd. */
  workDir: string;
  /** The CLI's environment (backend, passphrase, PATH with the engine and Node 22). */
  env: Record<string, string>;
  /** Runs the CLI itself in the stack's directory (e.g. `stack export`, without --show-secrets). */
  cli(args: string[]): Promise<string>;
  /** The same, with everything the command printed: stdout and stderr (for secret scans). */
  run(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Deletes the stack's directory (state, Pulumi home). */
  dispose(): void;
}

/**
 * A stack on a local file backend in `workDir`, driven by the Pulumi CLI in `engineBin` through
 * the Automation API with an inline program: used by the demo, the tests and the benchmarks.
 * `workDir` must be inside the repository: the engine starts the dynamic-provider host there, and
 * the host loads the package from the nearest node_modules, as in a user's program.
 */
export async function localStack(options: {
  root: string;
  engineBin: string;
  workDir: string;
  project: string;
  stackName: string;
  program: PulumiFn;
  /** Encrypts this throwaway stack's secrets. */
  passphrase: string;
  config?: ConfigMap;
  /** Added to the CLI's environment (e.g. NODE_OPTIONS for profiling the provider host). */
  env?: Record<string, string>;
}): Promise<LocalStack> {
  const { root, engineBin, workDir, project, stackName } = options;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const backend = `file://${workDir}`;
  const env: Record<string, string> = {
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_HOME: join(workDir, ".pulumi-home"),
    PULUMI_BACKEND_URL: backend,
    // The engine starts the dynamic-provider host with the `node` on PATH: Node 22 from npm.
    PATH: [engineBin, join(root, "node_modules", ".bin"), process.env.PATH ?? ""].join(":"),
    ...options.env,
  };
  const pulumiCommand = await PulumiCommand.get({ root: resolve(engineBin, ".."), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: project, program: options.program },
    {
      workDir,
      pulumiCommand,
      pulumiHome: env.PULUMI_HOME,
      projectSettings: { name: project, runtime: "nodejs", backend: { url: backend } },
      envVars: env,
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  const run = (args: string[]) =>
    execFileAsync(join(engineBin, "pulumi"), [...args, "--stack", stackName, "--non-interactive"], {
      cwd: workDir,
      env: { ...process.env, ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
  return {
    stack,
    workDir,
    env,
    run,
    async cli(args) {
      return (await run(args)).stdout;
    },
    dispose() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
