import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "siecle", include: ["test/**/*.test.ts"] }
})
