/**
 * The golden exports come out of a real store: the golden scenario's events, written to a SQLite file, exported by
 * the library's query, give the golden files byte for byte (the CampaignExport test formats the same rows; the CLI's
 * export test runs `orga` on the same events).
 */
import { describe, expect, it } from "vitest"
import { exportOnSqlite as exportOf, golden } from "./support/goldenExport.ts"
import * as GoldenScenario from "./support/goldenScenario.ts"

describe("the golden scenario in a SQLite file", () => {
  it("exports the assessment's golden file", async () => {
    expect(await exportOf(GoldenScenario.assessmentScenario())).toBe(golden("assessment-results.csv"))
  })

  it("exports the profiles collection's golden file", async () => {
    expect(await exportOf(GoldenScenario.profilesScenario())).toBe(golden("profiles-collection.csv"))
  })
})
