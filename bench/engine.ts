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

export interface BenchStack {
  stack: Stack;
  /** The stack's directory: the engine and the dynamic-provider host run with it as their cwd. */
  workDir: string;
  /** Runs the CLI itself in the stack's directory (e.g. `stack export`, without --show-secrets). */
  cli(args: string[]): Promise<string>;
  dispose(): void;
}

/**
 * A stack on a local file backend in `workDir` (which must be under the repository, so the
 * dynamic-provider host resolves our node_modules), driven through the Automation API with an
 * inline program by the real CLI in `engineBin`. `env` is added to the CLI's environment (e.g.
 * NODE_OPTIONS for profiling the provider host).
 */
export async function benchStack(options: {
  root: string;
  engineBin: string;
  workDir: string;
  project: string;
  stackName: string;
  program: PulumiFn;
  config: ConfigMap;
  env?: Record<string, string>;
}): Promise<BenchStack> {
  const { root, engineBin, workDir, project, stackName } = options;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const backend = `file://${workDir}`;
  const envVars: Record<string, string> = {
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
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
      pulumiHome: envVars.PULUMI_HOME,
      projectSettings: { name: project, runtime: "nodejs", backend: { url: backend } },
      envVars,
    },
  );
  await stack.setAllConfig(options.config);
  return {
    stack,
    workDir,
    async cli(args) {
      const { stdout } = await execFileAsync(
        join(engineBin, "pulumi"),
        [...args, "--stack", stackName, "--non-interactive"],
        { cwd: workDir, env: { ...process.env, ...envVars }, maxBuffer: 256 * 1024 * 1024 },
      );
      return stdout;
    },
    dispose() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
