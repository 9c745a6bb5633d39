/**
 * The golden scenario's export out of a real SQLite file: its events written to the file, then exported by an
 * instance answering from memory or serving from the read-model tables (one school kept); and the golden files.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { EventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Csv from "../../src/export/Csv.ts"
import * as Orga from "../../src/Orga.ts"
import * as Runtime from "../../src/runtime/Runtime.ts"
import * as Sqlite from "../../src/stores/Sqlite.ts"
import * as TargetProfiles from "../../src/TargetProfiles.ts"
import * as GoldenScenario from "./goldenScenario.ts"
import { sqliteStore, tempSqlite } from "./harness.ts"

/** A golden file's text (`test/golden/<name>`). */
export const golden = (name: string): string => readFileSync(join(import.meta.dirname, "..", "golden", name), "utf8")

/**
 * The CSV the exporter downloads from an instance over `store` (a store layer holding the scenario's events: any
 * adapter, any read-model mode).
 */
export const exportOver = async (store: Layer.Layer<EventStore.EventStore, unknown>): Promise<string> => {
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
}

/** The CSV the exporter downloads once the scenario's events are in a SQLite file. */
export const exportOnSqlite = async (
  appends: ReadonlyArray<GoldenScenario.Append>,
  readModels: "memory" | "tables" = "memory"
): Promise<string> => {
  const file = tempSqlite()
  const store = sqliteStore(file.filename)
  try {
    await Effect.runPromise(Effect.provide(GoldenScenario.write(appends), store))
    return await exportOver(
      readModels === "memory"
        ? store
        : Sqlite.layer(file.filename, { durability: "normal", readModels: "tables", cacheSchools: 1 })
    )
  } finally {
    file.cleanup()
  }
}
