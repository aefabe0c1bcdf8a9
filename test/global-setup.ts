import type { TestProject } from "vitest/node";

/**
 * Makes sure the real Pulumi engine is installed before any test runs (building it on first use,
 * with progress on stderr). In CI a failure here fails the run with its reason: the real-engine
 * tests are never skipped.
 */
export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const { ensureEngine } = await import("../scripts/setup-pulumi.mjs");
  const bin = await ensureEngine();
  process.stderr.write(`[global-setup] Pulumi engine at ${bin} (${Date.now() - started} ms)\n`);
  project.provide("engineBin", bin);
}

declare module "vitest" {
  export interface ProvidedContext {
    engineBin: string;
  }
}
