import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { type EngineStack, engineStack, loadPackage } from "../support/engine";

/**
 * What a user reads when a refresh or destroy fails: each resource's error once in the engine's
 * Diagnostics, never repeated under the stack as the provider host's `Error: X: X` log line.
 * One room per stack: after the first failure the engine may not start a sibling's step, so a
 * stack with two failing rooms would make the output depend on scheduling.
 */
const SERVICES = [
  {
    service: "hms",
    shown: /HmsRoom "shown-once-[0-9a-z]{7}": 100ms API .* failed with HTTP 403/,
    once: /HmsRoom "shown-once/g,
  },
  {
    service: "metered",
    shown: /MeteredRoom "shown-once-[0-9a-z]{7}": Metered API .* failed with HTTP 403/,
    once: /MeteredRoom "shown-once/g,
  },
] as const;

describe.each(SERVICES)("error output through the real engine: $service", ({ service, shown, once }) => {
  let emulator: TestEmulator;
  let env: EngineStack;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    env = await engineStack({
      project: `error-output-${service}`,
      program: async () => {
        const { HmsRoom, MeteredRoom } = loadPackage();
        if (service === "hms") new HmsRoom("shown-once", { description: "x" });
        else new MeteredRoom("shown-once", { enableChat: true });
      },
      config: emulator.stackConfig({ maxRetries: 0 }),
    });
    await env.stack.up();
  });

  afterEach(async () => {
    await emulator?.clearFaults();
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
    it(`${command}: one message for the failing resource, none under the stack`, async () => {
      // Every request of the command is refused (maxRetries 0, and a 403 is never retried).
      await emulator.fault({ status: 403, count: 10 });
      // The Automation API's error carries the command's whole output.
      const text = await run().then(
        () => "",
        (err: Error) => err.message,
      );
      const diag = diagnostics(text);
      expect(diag).toMatch(shown);
      expect(diag.match(once)).toHaveLength(1);
      // The host's stderr copy, `Error: <message>: <message>`, never reaches the user.
      expect(text).not.toMatch(/Error: (HmsRoom|MeteredRoom) "[^"]+": [^\n]*: \1 "/);
    });
  }
});
