import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";
import { REPO_ROOT } from "./engine";

const run = promisify(execFile);

/** What one CLI command printed, and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A Pulumi program directory under the repo's `.tmp/` (so the program loads this package from the
 * repo's node_modules), driven by the real CLI as a user runs it: `pulumi` with its Node language
 * host, no Automation API, on a local file backend inside the directory.
 */
export interface ProgramDir {
  dir: string;
  /** Runs `pulumi <args> --non-interactive` there; a non-zero exit is a result, not a throw. */
  pulumi(...args: string[]): Promise<CliResult>;
  dispose(): void;
}

export function programDir(options: {
  /** Project name, also the directory's prefix. */
  project: string;
  /** index.ts */
  program: string;
  /** Added to the CLI's environment (e.g. the emulator's credentials). */
  env?: Record<string, string>;
}): ProgramDir {
  mkdirSync(join(REPO_ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(REPO_ROOT, ".tmp", `${options.project}-`));
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${options.project}\nruntime: nodejs\nmain: index.ts\n`);
  writeFileSync(join(dir, "index.ts"), options.program);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The engine, and Node 22 from the repo's node_modules for the language host and the program.
    PATH: [inject("engineBin"), join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(":"),
    PULUMI_BACKEND_URL: `file://${dir}`,
    PULUMI_HOME: join(dir, ".pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: options.project,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...options.env,
  };
  return {
    dir,
    async pulumi(...args) {
      try {
        const { stdout, stderr } = await run(
          join(inject("engineBin"), "pulumi"),
          [...args, "--non-interactive"],
          {
            cwd: dir,
            env,
            maxBuffer: 16 * 1024 * 1024,
          },
        );
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: unknown; stdout?: string; stderr?: string };
        if (typeof e.code !== "number") throw err;
        return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
      }
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
