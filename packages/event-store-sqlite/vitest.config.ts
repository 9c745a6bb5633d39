import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "event-store-sqlite", include: ["test/**/*.test.ts"] }
})
