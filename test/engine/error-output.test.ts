import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { type EngineStack, engineStack, loadPackage } from "../support/engine";

/**
 * What a user reads when a refresh or destroy fails: each resource's error once in the engine's
 * Diagnostics, never repeated under the stack as the provider host's `Error: X: X` log line.
 */
describe("error output through the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    env = await engineStack({
      project: "error-output",
      program: async () => {
        const { HmsRoom, MeteredRoom } = loadPackage();
        new HmsRoom("shown-once", { description: "x" });
        new MeteredRoom("shown-once", { enableChat: true });
      },
      config: emulator.stackConfig({ maxRetries: 0 }),
    });
    await env.stack.up();
  });

  afterAll(async () => {
    await env?.dispose();
    await emulator?.close();
  });

  /** The Diagnostics section of a failed command's output. */
  const diagnostics = (text: string) => text.slice(text.indexOf("Diagnostics:"), text.indexOf("Resources:"));

  for (const [command, run] of [
    ["refresh", () => env.stack.refresh()],
    ["destroy", () => env.stack.destroy()],
  ] as const) {
    it(`${command}: one message per failing resource, none under the stack`, async () => {
      await emulator.fault({ status: 403, count: 2 });
      // The Automation API's error carries the command's whole output.
      const text = await run().then(
        () => "",
        (err: Error) => err.message,
      );
      const diag = diagnostics(text);
      expect(diag).toMatch(/HmsRoom "shown-once-[0-9a-z]{7}": 100ms API .* failed with HTTP 403/);
      expect(diag).toMatch(/MeteredRoom "shown-once-[0-9a-z]{7}": Metered API .* failed with HTTP 403/);
      expect(diag.match(/HmsRoom "shown-once/g)).toHaveLength(1);
      expect(diag.match(/MeteredRoom "shown-once/g)).toHaveLength(1);
      // The host's stderr copy, `Error: <message>: <message>`, never reaches the user.
      expect(text).not.toMatch(/Error: (HmsRoom|MeteredRoom) "[^"]+": [^\n]*: \1 "/);
    });
  }
});
