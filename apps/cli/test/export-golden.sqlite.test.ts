/**
 * "Exports write files that match the library's golden CSVs": a SQLite file holding exactly the library's golden
 * scenario (its test fixture's events, written by the library's SQLite store), then `orga export campaign` run as a
 * separate process, into a file and on stdout, compared byte for byte with `packages/orga/test/golden/*.csv`. The
 * scenario's target profile reaches the CLI as a deployment's would: `ORGA_TARGET_PROFILES_FILE`.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as GoldenScenario from "../../../packages/orga/test/support/goldenScenario.ts"
import * as Reports from "../src/commands/reports.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { makeCli, root } from "./support.ts"

const golden = (name: string) => Fs.readFileSync(Path.join(root, "packages/orga/test/golden", name))

/** A folder with the scenario's SQLite file and the target profiles file, and `orga` pointed at them. */
const storeOf = async (appends: ReadonlyArray<GoldenScenario.Append>) => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-golden-"))
  const file = Path.join(dir, "orga.db")
  await Effect.runPromise(Effect.provide(GoldenScenario.write(appends), Sqlite.layer(file)))
  const profiles = Path.join(dir, "profils.json")
  Fs.writeFileSync(profiles, JSON.stringify([GoldenScenario.profileDefinition]))
  return { dir, file, cli: makeCli({ ORGA_SQLITE_FILE: file, ORGA_TARGET_PROFILES_FILE: profiles }) }
}

describe("orga's exports match the library's golden CSVs", () => {
  for (const [title, scenario, file] of [
    ["assessment results", GoldenScenario.assessmentScenario, "assessment-results.csv"],
    ["profiles collection", GoldenScenario.profilesScenario, "profiles-collection.csv"]
  ] as const)
    it(`${title}: the file written and the CSV streamed on stdout are the golden file, byte for byte`, async () => {
      const { dir, cli } = await storeOf(scenario())
      const output = Path.join(dir, "export.csv")
      const written = cli.json(
        Reports.ExportJson,
        "--as",
        GoldenScenario.exporter,
        "export",
        "campaign",
        GoldenScenario.campaignId,
        "--output",
        output
      )
      expect(written.files.map((f) => f.path)).toEqual([output])
      expect(Fs.readFileSync(output).equals(golden(file))).toBe(true)
      const streamed = cli.run("--as", GoldenScenario.exporter, "export", "campaign", GoldenScenario.campaignId)
      expect(streamed.status).toBe(0)
      expect(Buffer.from(streamed.stdout, "utf8").equals(golden(file))).toBe(true)
    })

  it("a target profiles file that cannot be read: one French sentence, the invalid-input code", async () => {
    const { dir, file } = await storeOf(GoldenScenario.profilesScenario())
    const broken = makeCli({ ORGA_SQLITE_FILE: file, ORGA_TARGET_PROFILES_FILE: Path.join(dir, "absent.json") })
    const ran = broken.run("--as", GoldenScenario.exporter, "export", "campaign", GoldenScenario.campaignId)
    expect(ran.status).toBe(ExitCode.named("invalid-input").exitCode)
    expect(ran.stderr).toMatch(
      /^Les profils cibles de .*absent\.json sont illisibles : le fichier n'est pas un JSON lisible\.\n$/
    )
  })
})
