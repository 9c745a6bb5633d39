import { defineConfig } from "vitest/config"

/**
 * One Vitest run for the whole workspace (Vitest 4+ reads `test.projects`; `vitest.workspace.ts` is ignored,
 * see docs/adr/0001-vitest-projects.md). Each package is a project with its own `vitest.config.ts`.
 */
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "test-support/vitest.config.ts",
      "bench/scale/vitest.config.ts"
    ],
    globalSetup: ["./test-support/global-setup.ts"]
  }
})
