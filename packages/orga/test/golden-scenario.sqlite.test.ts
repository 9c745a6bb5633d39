/**
 * The golden exports come out of a real store: the golden scenario's events, written to a SQLite file, exported by
 * the library's query, give the golden files byte for byte (the CampaignExport test formats the same rows; the CLI's
 * export test runs `orga` on the same events).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { describe, expect, it } from "vitest"
import * as Csv from "../src/export/Csv.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as TargetProfiles from "../src/TargetProfiles.ts"
import * as GoldenScenario from "./support/goldenScenario.ts"
import { sqliteStore, tempSqlite } from "./support/harness.ts"

const golden = (name: string) => readFileSync(join(import.meta.dirname, "golden", name), "utf8")

const exportOf = async (appends: ReadonlyArray<GoldenScenario.Append>) => {
  const file = tempSqlite()
  const store = sqliteStore(file.filename)
  try {
    await Effect.runPromise(Effect.provide(GoldenScenario.write(appends), store))
    const managed = ManagedRuntime.make(
      Orga.layer({ targetProfiles: [TargetProfiles.sample, GoldenScenario.profile], pixAdminIds: [] }).pipe(
        Layer.provide(Layer.merge(store, Runtime.live))
      )
    )
    try {
      const csv = await managed.runPromise(
        Effect.flatMap(Orga.all, (orga) =>
          orga.exportResults(Orga.user(GoldenScenario.exporter), GoldenScenario.campaignId)
        )
      )
      return Csv.collect(csv.lines)
    } finally {
      await managed.dispose()
    }
  } finally {
    file.cleanup()
  }
}

describe("the golden scenario in a SQLite file", () => {
  it("exports the assessment's golden file", async () => {
    expect(await exportOf(GoldenScenario.assessmentScenario())).toBe(golden("assessment-results.csv"))
  })

  it("exports the profiles collection's golden file", async () => {
    expect(await exportOf(GoldenScenario.profilesScenario())).toBe(golden("profiles-collection.csv"))
  })
})
