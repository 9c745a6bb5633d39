import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { TablesVersion } from "@orga/orga"
import { describe, expect, it } from "vitest"
import * as Operations from "../src/commands/operations.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { scenario } from "./scenario.ts"
import { main, makeCli, node } from "./support.ts"

scenario("orga on the SQLite file ./data/orga.db", () => ({}))

describe("SQLite backup and restore", () => {
  it("backs up a consistent copy and restores it; a file that is not a backup changes nothing", () => {
    const cli = makeCli()
    expect(
      cli.run(
        "users",
        "register",
        "--id",
        "pix",
        "--first-name",
        "Pix",
        "--last-name",
        "Admin",
        "--email",
        "admin@pix.fr"
      ).status
    ).toBe(0)
    const backup = Path.join(cli.dir, "sauvegarde.db")
    const copied = cli.json(Operations.CopyJson, "--as", "pix", "backup", backup)
    expect(copied.sizeBytes).toBeGreaterThan(0)
    const database = new DatabaseSync(backup, { readOnly: true })
    expect(database.prepare("SELECT count(*) AS n FROM events").get()).toEqual({ n: 2 })
    database.close()
    expect(cli.run("--as", "pix", "backup", backup).status).toBe(ExitCode.named("invalid-input").exitCode)
    expect(
      cli.run(
        "users",
        "register",
        "--id",
        "paul",
        "--first-name",
        "Paul",
        "--last-name",
        "Durand",
        "--email",
        "paul@college.fr"
      ).status
    ).toBe(0)
    expect(cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events).toBe(4)
    const notBackup = Path.join(cli.dir, "notes.txt")
    Fs.writeFileSync(notBackup, "pas une base")
    const refused = cli.run("--as", "pix", "restore", notBackup)
    expect(refused.status).toBe(ExitCode.named("invalid-input").exitCode)
    expect(cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events).toBe(4)
    cli.json(Operations.CopyJson, "--as", "pix", "restore", backup)
    expect(cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events).toBe(2)
  })
})

describe("a SQLite store that cannot be opened", () => {
  it("a file under a plain file: one French sentence, the store-unavailable code, nothing written", () => {
    const cli = makeCli()
    const blocker = Path.join(cli.dir, "bloque")
    Fs.writeFileSync(blocker, "")
    const ran = makeCli({ ORGA_SQLITE_FILE: Path.join(blocker, "data", "orga.db") }).run(
      "--as",
      "claire",
      "organizations",
      "list"
    )
    expect(ran.status).toBe(ExitCode.named("store-unavailable").exitCode)
    expect(ran.stderr).toBe(
      `Le stockage est inaccessible : impossible de créer le dossier ${Path.join(blocker, "data")}.\n`
    )
    expect(Fs.readFileSync(blocker, "utf8")).toBe("")
  })
})

describe("orga batch and restore", () => {
  it("restore is refused inside a batch, whose store stays open: the conflict code, the batch stops, nothing replaced", () => {
    const cli = makeCli()
    expect(
      cli.run(
        ...[
          "users",
          "register",
          "--id",
          "pix",
          "--first-name",
          "Pix",
          "--last-name",
          "Admin",
          "--email",
          "admin@pix.fr"
        ]
      ).status
    ).toBe(0)
    const backup = Path.join(cli.dir, "sauvegarde.db")
    expect(cli.run("--as", "pix", "backup", backup).status).toBe(0)
    expect(
      cli.run(
        ...[
          "users",
          "register",
          "--id",
          "paul",
          "--first-name",
          "Paul",
          "--last-name",
          "Durand",
          "--email",
          "paul@college.fr"
        ]
      ).status
    ).toBe(0)
    const ran = spawnSync(node, [main, "--as", "pix", "batch"], {
      cwd: cli.dir,
      env: cli.env,
      input: `restore ${backup}\nstore stats\n`,
      encoding: "utf8"
    })
    expect(ran.status).toBe(ExitCode.named("conflict").exitCode)
    expect(ran.stderr).toBe(
      "La restauration ne se fait pas dans orga batch, dont le stockage reste ouvert : lancez orga restore seul, application arrêtée.\n" +
        `orga batch : arrêt à la ligne 1 (restore ${backup}).\n`
    )
    expect(ran.stdout).toBe("")
    expect(cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events).toBe(4)
    const nested = spawnSync(node, [main, "batch"], { cwd: cli.dir, env: cli.env, input: "batch\n", encoding: "utf8" })
    expect(nested.status).toBe(ExitCode.named("invalid-input").exitCode)
    expect(nested.stderr.split("\n")[0]).toBe("orga batch ne peut pas lancer orga batch.")
  })
})

// Two accounts registered through the CLI: four events in the log.
const registerPixAndPaul = (cli: ReturnType<typeof makeCli>) => {
  for (const [id, first, last] of [
    ["pix", "Pix", "Admin"],
    ["paul", "Paul", "Durand"]
  ] as const)
    expect(
      cli.run(
        "users",
        "register",
        "--id",
        id,
        "--first-name",
        first,
        "--last-name",
        last,
        "--email",
        `${id}@college.fr`
      ).status
    ).toBe(0)
}

describe("verify with the read-model tables on (ORGA_READ_MODEL_TABLES=on)", () => {
  it("finds the tables equal to the log, then names a partition changed behind the leader's back (exit code 6)", () => {
    const cli = makeCli({ ORGA_READ_MODEL_TABLES: "on" })
    registerPixAndPaul(cli)
    const verified = cli.json(Operations.VerifyJson, "--as", "pix", "verify")
    expect(verified.tables?.differing).toEqual([])
    expect(verified.tables?.rows).toBeGreaterThan(2)
    expect(verified.tables?.checkpoint).toBe("4")
    expect(cli.run("--as", "pix", "verify").stdout).toContain("Tables des modèles de lecture : conformes au journal")
    const database = new DatabaseSync(Path.join(cli.dir, "data", "orga.db"))
    // The live version's table (a fresh file starts at the code's version).
    const table = `rm_${TablesVersion.nameOf(TablesVersion.version)}`
    const paul = database.prepare(`SELECT state FROM ${table} WHERE key = 'user:pix'`).get() as {
      state: Uint8Array
    }
    database.prepare(`UPDATE ${table} SET state = ? WHERE key = 'user:paul'`).run(paul.state)
    database.close()
    const differing = cli.run("--as", "pix", "verify")
    expect(differing.status).toBe(ExitCode.named("conflict").exitCode)
    expect(differing.stdout).toContain("Tables des modèles de lecture : 1 partition(s) diffèrent du journal :")
    expect(differing.stdout).toContain("  - user:paul")
  })
})

describe("verify with the instances serving from the tables (ORGA_READ_MODELS=tables)", () => {
  it("still folds the whole log in memory on both sides, and finds the tables equal to it", () => {
    const cli = makeCli({ ORGA_READ_MODELS: "tables" })
    registerPixAndPaul(cli)
    const verified = cli.json(Operations.VerifyJson, "--as", "pix", "verify")
    // Both sides folded the log themselves (an instance serving from the tables answers its checkpoint instead).
    expect(verified.live.snapshotPosition ?? null).toBeNull()
    expect(verified.scratch.snapshotPosition ?? null).toBeNull()
    expect(verified.live.events).toBe(4)
    expect(verified.differences).toEqual([])
    expect(verified.tables?.differing).toEqual([])
    expect(verified.tables?.checkpoint).toBe("4")
  })
})
