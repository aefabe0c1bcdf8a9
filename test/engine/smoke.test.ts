import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../support/engine";

const run = promisify(execFile);

// A minimal dynamic resource whose provider reports the Node version it runs under.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "smoke-1", outs: { ...inputs, hostNode: process.version } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.size !== news.size };
  },
  async read(id, props) {
    return { id, props };
  },
};

class Thing extends pulumi.dynamic.Resource {
  declare readonly hostNode: pulumi.Output<string>;
  constructor(name: string) {
    super(provider, name, { size: 3, hostNode: undefined });
  }
}

export const hostNode = new Thing("thing").hostNode;
`;

/**
 * The whole chain with no Automation API: the Pulumi CLI built by setup:pulumi, its Node language
 * host, the dynamic-provider plugin and Node 22, on a program directory as a user runs it.
 */
describe("real-engine smoke test on a program directory", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = async (...args: string[]) => {
    const { stdout } = await run(join(inject("engineBin"), "pulumi"), [...args, "--non-interactive"], {
      cwd: dir,
      env,
    });
    return stdout;
  };

  beforeAll(() => {
    mkdirSync(join(REPO_ROOT, ".tmp"), { recursive: true });
    dir = mkdtempSync(join(REPO_ROOT, ".tmp", "smoke-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: smoke\nruntime: nodejs\nmain: index.ts\n");
    writeFileSync(join(dir, "index.ts"), PROGRAM);
    env = {
      ...process.env,
      PATH: [inject("engineBin"), join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(":"),
      PULUMI_BACKEND_URL: `file://${dir}`,
      PULUMI_HOME: join(dir, ".pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "smoke",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes a dynamic resource through up, preview, refresh and destroy", async () => {
    await pulumi("stack", "init", "smoke");
    const up = await pulumi("up", "--yes");
    process.stdout.write(`[smoke] ${up.slice(up.indexOf("Outputs:")).trim()}\n`);
    expect(up).toMatch(/\+ 2 created/);
    expect(up).toMatch(/hostNode: "v22\./);
    expect(await pulumi("preview", "--expect-no-changes")).toMatch(/2 unchanged/);
    expect(await pulumi("refresh", "--yes", "--expect-no-changes")).toMatch(/2 unchanged/);
    expect(await pulumi("destroy", "--yes")).toMatch(/- 2 deleted/);
    expect(await pulumi("version")).toMatch(/^v3\.\d+\.\d+/);
  });
});
