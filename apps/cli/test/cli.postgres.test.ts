import { describe, expect, inject, it } from "vitest"
import * as ExitCode from "../src/ExitCode.ts"
import { scenario } from "./scenario.ts"
import { makeCli } from "./support.ts"

scenario("orga on PostgreSQL (DATABASE_URL, a fresh schema of the test server)", () => ({
  DATABASE_URL: inject("databaseUrl"),
  ORGA_PG_SCHEMA: `orga_cli_${process.pid}_${Date.now()}`
}))

describe("a store that cannot be reached", () => {
  it("a PostgreSQL URL on a closed port: one French sentence, the store-unavailable code", () => {
    const cli = makeCli({ DATABASE_URL: "postgres://orga:orga@127.0.0.1:1/orga" })
    const ran = cli.run("--as", "claire", "organizations", "show", "org-1")
    expect(ran.status).toBe(ExitCode.named("store-unavailable").exitCode)
    expect(ran.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(ran.stderr).toMatch(/^Le stockage est inaccessible/)
  })
})
