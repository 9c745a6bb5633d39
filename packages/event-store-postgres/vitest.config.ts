import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "event-store-postgres", include: ["test/**/*.test.ts"] }
})
