/**
 * Test support: an Orga over a given store layer with a deterministic runtime, run through a managed runtime.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Orga from "../../src/Orga.ts"
import * as Runtime from "../../src/runtime/Runtime.ts"
import * as Sqlite from "../../src/stores/Sqlite.ts"
import * as TablesVersion from "../../src/TablesVersion.ts"
import * as TargetProfiles from "../../src/TargetProfiles.ts"

export const pixAdmin = "pix-admin"

export const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [pixAdmin] }

export interface Harness {
  readonly run: <A, E>(effect: Effect.Effect<A, E, Orga.Services>) => Promise<A>
  readonly fail: <A, E>(effect: Effect.Effect<A, E, Orga.Services>) => Promise<E>
  readonly orga: () => Promise<Orga.OrgaShape>
  readonly clock: Runtime.TestClock
  readonly dispose: () => Promise<void>
}

export const harness = (
  store: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>,
  options: { readonly start?: string; readonly idPrefix?: string } = {}
): Harness => {
  const runtime = Runtime.deterministic({
    start: options.start ?? "2026-09-14T08:00:00.000Z",
    idPrefix: options.idPrefix ?? "id"
  })
  const layer = Orga.layer(config).pipe(Layer.provide(Layer.merge(store, runtime.layer)))
  const managed = ManagedRuntime.make(layer)
  const run = <A, E>(effect: Effect.Effect<A, E, Orga.Services>) => managed.runPromise(effect)
  const fail = async <A, E>(effect: Effect.Effect<A, E, Orga.Services>): Promise<E> => {
    const exit = await managed.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
    const error = exit.cause.reasons.find((reason) => reason._tag === "Fail")
    if (error === undefined) throw new Error(`expected a typed failure, got ${String(exit.cause)}`)
    return (error as unknown as { error: E }).error
  }
  return {
    run,
    fail,
    orga: () =>
      run(
        Effect.gen(function* () {
          return yield* Orga.all
        })
      ),
    clock: runtime.clock,
    dispose: () => managed.dispose()
  }
}

export const tempSqlite = (): { readonly filename: string; readonly cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "orga-test-"))
  return { filename: join(dir, "orga.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const sqliteStore = (filename: string) => Sqlite.layer(filename, { durability: "normal" })

/**
 * Waits until the read-model tables' leader of a SQLite file has folded the whole log (it runs beside the use
 * cases), and answers the log's head then.
 */
export const tablesSettled = async (filename: string): Promise<number> => {
  for (let tries = 0; tries < 600; tries++) {
    const connection = new DatabaseSync(filename)
    try {
      const head = connection.prepare("SELECT coalesce(max(global_position), 0) AS p FROM events").get()?.p
      const at = connection
        .prepare("SELECT position AS p FROM projection_checkpoints WHERE name = ?")
        .get(TablesVersion.nameOf(TablesVersion.version))?.p
      if (at !== undefined && Number(at) >= Number(head)) return Number(head)
    } finally {
      connection.close()
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error("the read-model tables did not reach the log's head")
}
