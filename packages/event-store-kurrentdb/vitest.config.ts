import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "event-store-kurrentdb", include: ["test/**/*.test.ts"] }
})
