import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "http",
    include: ["test/**/*.test.ts"],
    // The apps these tests start over the run's one PostgreSQL database (the global setup's `DATABASE_URL`, which
    // child processes inherit) each have a data dir of their own: like instances of one deployment, they share
    // one master key (ADR 0049), a test key. A test that starts instances on a database of its own gives its own.
    env: { ORGA_MASTER_KEY: "2iXgcsy7N7wlJmgulys1N0UXvrEj+vQGObYtjhamHkY=" }
  }
})
