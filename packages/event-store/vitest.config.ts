import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "event-store", include: ["test/**/*.test.ts"] }
})
