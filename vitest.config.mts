import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Pulumi's closure serializer uses the inspector, which is unavailable in worker threads.
    pool: "forks",
    // At least two files at once, even on 2 cores, where vitest's default is one: a real-engine
    // test spends much of its time waiting on the engine's processes, so two overlap well
    // (measured on 2 cores: 454 s instead of 664-713 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
