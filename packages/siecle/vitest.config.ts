import { defineProject } from "vitest/config"

export default defineProject({
  // Property runs over hundreds of files and the hostile corpus take seconds on a shared, loaded machine (tag
  // swaps took 0.8 s alone and 6 s with eight other sessions running): a generous limit, as speed is measured
  // by bench/siecle, not asserted here.
  test: { name: "siecle", include: ["test/**/*.test.ts"], testTimeout: 60_000 }
})
