import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProgramDir, programDir } from "../support/program-dir";

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
  let program: ProgramDir;
  /** The command's stdout; a failing command fails the test with what it printed. */
  const pulumi = async (...args: string[]) => {
    const { code, stdout, stderr } = await program.pulumi(...args);
    expect(code, `pulumi ${args.join(" ")}:\n${stdout}${stderr}`).toBe(0);
    return stdout;
  };

  beforeAll(() => {
    program = programDir({ project: "smoke", program: PROGRAM });
  });
  afterAll(() => program?.dispose());

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
