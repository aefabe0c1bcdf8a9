import { join, resolve } from "node:path";
import {
  type ConfigMap,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";

/**
 * A stack on a local file backend in `workDir`, run by the Pulumi CLI in `engineBin` with an
 * inline program. Inline, because no Node language host can be built here: @pulumi/pulumi then
 * serves the program to the CLI itself (README, "Engine used by the tests and demo").
 * `workDir` must be inside the repository: the engine starts the dynamic-provider host there, and
 * the host resolves the package from the nearest node_modules.
 */
export async function localStack(options: {
  root: string;
  engineBin: string;
  workDir: string;
  projectName: string;
  stackName: string;
  program: PulumiFn;
  config: ConfigMap;
}): Promise<Stack> {
  const { root, engineBin, workDir, projectName } = options;
  const backend = `file://${workDir}`;
  const pulumiHome = join(workDir, ".pulumi-home");
  const envVars = {
    // A throwaway stack: the passphrase only guards secrets that live as long as this run.
    PULUMI_CONFIG_PASSPHRASE: "video-rooms-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_HOME: pulumiHome,
    PULUMI_BACKEND_URL: backend,
    // The engine starts the dynamic-provider host with the `node` on PATH: Node 22 from npm.
    PATH: [engineBin, join(root, "node_modules", ".bin"), process.env.PATH ?? ""].join(":"),
  };
  const pulumiCommand = await PulumiCommand.get({ root: resolve(engineBin, ".."), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName, program: options.program },
    {
      workDir,
      pulumiCommand,
      pulumiHome,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: backend } },
      envVars,
    },
  );
  await stack.setAllConfig(options.config);
  return stack;
}
