import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/engine";

describe("README property tables", () => {
  it("are the ones the properties' entries give (npm run docs:props)", () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "dist/scripts/gen-props.js"), "--check"], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("up to date");
    expect(run.status).toBe(0);
  });
});
