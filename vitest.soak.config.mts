import { defineConfig } from "vitest/config";

/**
 * `npm run test:soak`: the reliability suite with long-running parameters (the default run keeps
 * them small enough for `npm test`): 1000 rooms under load with 10% 503s, a SIGKILL in the middle
 * of 200 creates, and 20000 generated inputs per property.
 */
export default defineConfig({
  test: {
    // Pulumi's closure serializer uses the inspector, which is unavailable in worker threads.
    pool: "forks",
    include: ["test/reliability/**/*.test.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    globalSetup: ["test/global-setup.ts"],
    env: {
      RELIABILITY_LOAD_PER_SERVICE: "500",
      RELIABILITY_LOAD_FAIL_RATE: "0.1",
      RELIABILITY_INTERRUPT_PER_SERVICE: "100",
      PROPERTY_RUNS: "20000",
    },
  },
});
