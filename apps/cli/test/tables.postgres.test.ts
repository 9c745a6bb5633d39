import { TablesVersion } from "@orga/orga"
import { describe, expect, inject, it } from "vitest"
import * as Operations from "../src/commands/operations.ts"
import * as Tables from "../src/commands/tables.ts"
import { makeCli } from "./support.ts"

// The code's version: a fresh store starts at it.
const v = TablesVersion.version

describe("tables rebuild and tables status (PostgreSQL)", () => {
  it("rebuilds into the next version beside the live one, switches, and verify finds the new table equal to the log", () => {
    const cli = makeCli({
      DATABASE_URL: inject("databaseUrl"),
      ORGA_PG_SCHEMA: `orga_cli_tables_${process.pid}_${Date.now()}`,
      ORGA_READ_MODEL_TABLES: "on"
    })
    for (const id of ["pix", "paul"])
      expect(
        cli.run("users", "register", "--id", id, "--first-name", "P", "--last-name", "Q", "--email", `${id}@c.fr`)
          .status
      ).toBe(0)
    // verify waits for the leader to reach the head, so the status below is at the head.
    expect(cli.json(Operations.VerifyJson, "--as", "pix", "verify").tables?.checkpoint).toBe("4")
    expect(cli.json(Tables.TablesStatusJson, "--as", "pix", "tables", "status")).toEqual({
      live: v,
      checkpoint: "4",
      head: "4",
      upToDate: true,
      building: null
    })
    expect(cli.json(Tables.TablesRebuildJson, "--as", "pix", "tables", "rebuild")).toEqual({
      from: v,
      to: v + 1,
      checkpoint: "4"
    })
    expect(cli.run("--as", "pix", "tables", "status").stdout).toContain(
      `Tables des modèles de lecture : version ${v + 1} en service, à la position 4 sur 4 (à jour).`
    )
    expect(cli.json(Operations.VerifyJson, "--as", "pix", "verify").tables).toMatchObject({
      differing: [],
      checkpoint: "4"
    })
  })
})
