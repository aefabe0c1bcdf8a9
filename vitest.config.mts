import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Pulumi's closure serializer uses the inspector, which is unavailable in worker threads.
    pool: "forks",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
