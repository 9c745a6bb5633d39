/**
 * The shredded start-up rebuild over SQLite's reading thread: sealed values opened by the reading thread
 * (`ReplayOpen`), by the fold before parsing (`digestPageHere`), or by the shredder on parsed data, in any split,
 * through the native addon (`SealedNative`, when built) or `node:crypto` (`ORGA_NATIVE_OPEN=0`), build the read
 * models the plain path builds; an erased learner reads as erased whichever thread meets it, and
 * a forged value is refused (TAMPERED), never decrypted.
 */
import { DatabaseSync } from "node:sqlite"
import { type EventStoreError, SealedText, ShreddedStore, Shredding } from "@orga/event-store"
import * as SealedNative from "@orga/event-store/sealed-native"
import { SqliteEventStore, SqliteKeyStore, SqliteReplay } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as ReplayOpen from "../src/internal/ReplayOpen.ts"
import * as Orga from "../src/Orga.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { config, tempSqlite } from "./support/harness.ts"
import { foldBothWays } from "./support/replayCheck.ts"

/** Where the sealed values are opened: the reading thread, the fold's text, or both (split page by page). */
type Split = "reader" | "fold" | "both"

/** How: a page's values in one native call, or `node:crypto` value by value (the fallback). */
type Path = "native" | "node:crypto"

// Both paths, always: `pnpm install` builds the addon, and a missing one fails the native path's runs here
// instead of leaving the fallback tested alone.
const paths: ReadonlyArray<Path> = ["native", "node:crypto"]

/** The addon's text opening, or a failure that says how to build it. */
const nativeOpening = (): SealedNative.TextOpening => {
  const opening = SealedNative.loadedTextOpening
  if (opening === undefined)
    throw new Error(
      `the native opener is not built (${SealedNative.loadFailure}): pnpm --filter @orga/event-store build:native`
    )
  return opening
}

const optionsOf = (split: Split, snapshot: SealedText.KeySnapshot, pageSize: number, path: Path) => ({
  pageSize,
  ahead: 2,
  ...(split === "fold" ? {} : { digest: ReplayOpen.module, digestData: snapshot }),
  ...(split === "reader"
    ? {}
    : {
        digestPageHere: SealedText.pageOpener(snapshot, path === "native" ? nativeOpening() : undefined)
      })
})

/** Runs with the reading thread's opener chosen: a worker reads `ORGA_NATIVE_OPEN` when it starts. */
const onPath = async <A>(path: Path, run: () => Promise<A>): Promise<A> => {
  const before = process.env.ORGA_NATIVE_OPEN
  if (path === "node:crypto") process.env.ORGA_NATIVE_OPEN = "0"
  try {
    return await run()
  } finally {
    if (before === undefined) delete process.env.ORGA_NATIVE_OPEN
    else process.env.ORGA_NATIVE_OPEN = before
  }
}

describe("the shredded rebuild over the SQLite reading thread", () => {
  const file = tempSqlite()
  let erased = ""
  beforeAll(async () => {
    const layer = Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
      Layer.provide(Layer.merge(Sqlite.layer(file.filename, { durability: "normal" }), Runtime.deterministic().layer))
    )
    await Effect.runPromise(program.pipe(Effect.provide(layer)))
    // One learner's key destroyed: the rebuild must read it as erased on whichever thread meets it.
    const connection = new DatabaseSync(file.filename)
    try {
      const row = connection
        .prepare("SELECT subject FROM personal_data_keys WHERE subject LIKE 'learner:%' ORDER BY subject LIMIT 1")
        .get() as { subject: string }
      erased = row.subject
    } finally {
      connection.close()
    }
    await Effect.runPromise(Effect.scoped(Effect.flatMap(shredderOf(), ({ shredder }) => shredder.erase(erased))))
  })
  afterAll(() => file.cleanup())

  const shredderOf = () =>
    Effect.gen(function* () {
      const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename: file.filename })
      const keyStore = yield* SqliteKeyStore.make(database.connection)
      const shredder = yield* PersonalData.shredder({}, `${file.filename}.master-key`, keyStore)
      return { store, database, shredder }
    })

  const fold = (split: Split, pageSize: number, path: Path) =>
    onPath(path, () =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const { store, database, shredder } = yield* shredderOf()
            const pages = (after: bigint) =>
              ShreddedStore.openPages(
                SqliteReplay.pages(database, optionsOf(split, shredder.keySnapshot(), pageSize, path))(after),
                shredder
              )
            return yield* foldBothWays(ShreddedStore.wrap(store, shredder), pages, { digested: true })
          })
        )
      )
    )

  it.each(
    paths.flatMap((path) =>
      (
        [
          ["reader", 3],
          ["fold", 3],
          ["both", 3],
          ["both", 1],
          ["both", 7]
        ] as const
      ).map(([split, pageSize]) => [split, pageSize, path] as const)
    )
  )("builds the read models of the plain path, opened by the %s (pages of %i, %s)", async (split, pageSize, path) => {
    const { plain, fast, rows } = await fold(split, pageSize, path)
    expect(rows).toBeGreaterThan(50)
    expect(fast).toEqual(plain)
    const learners = [...plain.rosters.values()].flatMap((roster) => [
      ...(
        roster as { readonly learners: ReadonlyMap<string, { readonly record: { readonly firstName: string } }> }
      ).learners.values()
    ])
    expect(learners.length).toBe(36)
    expect(learners.filter((learner) => learner.record.firstName === "Élève")).toHaveLength(1)
  })

  it("refuses a forged sealed value (TAMPERED) whichever thread meets it", async () => {
    // Another learner's sealed value, one ciphertext character changed.
    const connection = new DatabaseSync(file.filename)
    try {
      const row = connection
        .prepare(
          'SELECT global_position, data FROM events WHERE data LIKE \'%"$personal":["learner:%\' AND data NOT LIKE ? ORDER BY global_position DESC LIMIT 1'
        )
        .get(`%${erased}%`) as { global_position: number; data: string }
      const data = JSON.parse(row.data) as { $personal: [string, string] }
      const [subject, value] = data.$personal
      const forged = `${value.slice(0, 20)}${value[20] === "A" ? "B" : "A"}${value.slice(21)}`
      connection
        .prepare("UPDATE events SET data = ? WHERE global_position = ?")
        .run(JSON.stringify({ ...data, $personal: [subject, forged] }), row.global_position)
    } finally {
      connection.close()
    }
    for (const path of paths)
      for (const split of ["reader", "fold", "both"] as const) {
        const error = await onPath(path, () =>
          Effect.runPromise(
            Effect.scoped(
              Effect.gen(function* () {
                const { database, shredder } = yield* shredderOf()
                return yield* Effect.flip(
                  Stream.runDrain(
                    ShreddedStore.openPages(
                      SqliteReplay.pages(database, optionsOf(split, shredder.keySnapshot(), 3, path))(0n),
                      shredder
                    )
                  )
                )
              })
            )
          )
        )
        const cause = (error as EventStoreError.EventStoreError).cause
        expect(cause).toBeInstanceOf(Shredding.ShreddingError)
        expect((cause as Shredding.ShreddingError).code).toBe("TAMPERED")
      }
  })
})
