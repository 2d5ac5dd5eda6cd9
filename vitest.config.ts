import { defineConfig } from "vitest/config";

// One run covers unit tests beside the code and the cross-component suites in test/.
export default defineConfig({
  test: {
    include: ["{core,edge,origin-relay,transcoder,infra,test,bench,scripts}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "cdk.out/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
