import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "orga", include: ["test/**/*.test.ts"] }
})
