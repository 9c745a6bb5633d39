import { defineProject } from "vitest/config"

// Only the smoke test of the generator (2 schools × 20 students into SQLite); the benchmark is `pnpm bench scale`.
export default defineProject({
  test: { name: "bench-scale", include: ["test/**/*.test.ts"] }
})
