import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The OpenFeature provider imports the SDK by its package name, as it will once published.
  resolve: { alias: { "@arena/sdk": fileURLToPath(new URL("./src/sdk/index.ts", import.meta.url)) } },
  test: {
    include: ["src/**/*.test.ts", "packages/*/src/**/*.test.ts", "e2e/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
