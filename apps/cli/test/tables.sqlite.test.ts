import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { TablesVersion } from "@orga/orga"
import { describe, expect, it } from "vitest"
import * as Operations from "../src/commands/operations.ts"
import * as Tables from "../src/commands/tables.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { makeCli } from "./support.ts"

const register = (cli: ReturnType<typeof makeCli>, id: string) =>
  cli.run("users", "register", "--id", id, "--first-name", "P", "--last-name", "Q", "--email", `${id}@college.fr`)
    .status

// The code's version: a fresh store starts at it.
const v = TablesVersion.version

describe("tables rebuild and tables status (SQLite)", () => {
  it("rebuilds into the next version beside the live one, switches, and verify finds the new table equal to the log", () => {
    const cli = makeCli({ ORGA_READ_MODEL_TABLES: "on" })
    expect(register(cli, "pix")).toBe(0)
    expect(register(cli, "paul")).toBe(0)
    // verify waits for the leader to reach the head, so the status below is at the head.
    expect(cli.json(Operations.VerifyJson, "--as", "pix", "verify").tables?.checkpoint).toBe("4")
    const before = cli.json(Tables.TablesStatusJson, "--as", "pix", "tables", "status")
    expect(before).toEqual({ live: v, checkpoint: "4", head: "4", upToDate: true, building: null })
    expect(cli.run("--as", "pix", "tables", "status").stdout).toContain(
      `Tables des modèles de lecture : version ${v} en service, à la position 4 sur 4 (à jour).\nAucune reconstruction en cours.`
    )
    const rebuilt = cli.json(Tables.TablesRebuildJson, "--as", "pix", "tables", "rebuild")
    expect(rebuilt).toEqual({ from: v, to: v + 1, checkpoint: "4" })
    const database = new DatabaseSync(Path.join(cli.dir, "data", "orga.db"), { readOnly: true })
    expect(
      database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_orga%' ").all()
    ).toEqual([{ name: `rm_orga_read_models_v${v + 1}` }])
    database.close()
    expect(register(cli, "jeanne")).toBe(0)
    const verified = cli.json(Operations.VerifyJson, "--as", "pix", "verify")
    expect(verified.tables).toMatchObject({ differing: [], checkpoint: "6" })
    const text = cli.run("--as", "pix", "tables", "rebuild")
    expect(text.status).toBe(0)
    expect(text.stdout).toContain(
      `Tables des modèles de lecture reconstruites jusqu'à la position 6 et basculées sur la version ${v + 2} (l'ancienne version ${v + 1} est effacée).`
    )
    expect(cli.json(Tables.TablesStatusJson, "--as", "pix", "tables", "status")).toMatchObject({
      live: v + 2,
      upToDate: true
    })
  })

  it("refuses a version not above the live one, and without the tables on, in French, changing nothing", () => {
    const cli = makeCli({ ORGA_READ_MODEL_TABLES: "on" })
    expect(register(cli, "pix")).toBe(0)
    const refused = cli.run("--as", "pix", "tables", "rebuild", "--to", String(v))
    expect(refused.status).toBe(ExitCode.named("invalid-input").exitCode)
    expect(refused.stderr).toContain(`La version ${v} n'est pas au-dessus de la version en service (${v})`)
    expect(cli.json(Tables.TablesStatusJson, "--as", "pix", "tables", "status").live).toBe(v)
    expect(cli.run("--as", "pix", "tables", "rebuild", "--to", "deux").status).toBe(ExitCode.named("usage").exitCode)
    const off = makeCli({ ORGA_READ_MODEL_TABLES: "off" })
    expect(register(off, "pix")).toBe(0)
    const notOn = off.run("--as", "pix", "tables", "status")
    expect(notOn.status).toBe(ExitCode.named("invalid-input").exitCode)
    expect(notOn.stderr).toContain("Les tables des modèles de lecture ne sont pas activées")
    expect(cli.run("--as", "paul", "tables", "status").status).toBe(ExitCode.named("forbidden").exitCode)
  })

  it("writes the progress in French, with grouped thousands and a whole percentage", () => {
    expect(Tables.progressLine({ checkpoint: 1_234_567n, head: 4_140_088n })).toBe(
      "Reconstruction des tables des modèles de lecture : 1\u202f234\u202f567 / 4\u202f140\u202f088 événements (29 %)"
    )
    expect(Tables.progressLine({ checkpoint: 0n, head: 0n })).toContain("(100 %)")
  })
})
