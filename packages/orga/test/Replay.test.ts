/**
 * The start-up rebuild's fast path (the SQLite store's replay pages, read on a worker thread, folded by
 * `applyPage`) must build the very read models the plain path (`readAll` folded by `apply`) builds, whatever the
 * page size cuts through a stream.
 */
import { SqliteEventStore, SqliteReplay } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as ReplayDigest from "../src/internal/ReplayDigest.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { config, tempSqlite } from "./support/harness.ts"
import { answersOver, foldBothWays, storeOnly } from "./support/replayCheck.ts"

describe("rebuild through the SQLite replay pages", () => {
  const file = tempSqlite()
  beforeAll(async () => {
    // The README's program: an organization, its team, a SIECLE import, a campaign, a participation shared.
    const layer = Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
      Layer.provide(Layer.merge(Sqlite.layer(file.filename, { durability: "normal" }), Runtime.deterministic().layer))
    )
    await Effect.runPromise(program.pipe(Effect.provide(layer)))
  })
  afterAll(() => file.cleanup())

  const fold = (pageSize: number, digest?: URL) =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename: file.filename })
          return yield* foldBothWays(store, SqliteReplay.pages(database, { pageSize, digest }), {
            digested: digest !== undefined
          })
        })
      )
    )

  it.each([1, 3, 7, 10_000])("builds the same read models as readAll (pages of %i)", async (pageSize) => {
    const { plain, fast, rows } = await fold(pageSize)
    expect(rows).toBeGreaterThan(50)
    expect(plain.rosters.size).toBe(1)
    expect(plain.participations).toHaveLength(1)
    expect(fast).toEqual(plain)
  })

  it.each([1, 3, 7])(
    "builds the same read models with shared profiles digested by the reading thread (pages of %i)",
    async (pageSize) => {
      const { plain, fast } = await fold(pageSize, ReplayDigest.module)
      const shared = plain.participations.filter(
        (entry) => (entry[1] as { readonly pixByCompetence?: unknown } | undefined)?.pixByCompetence != null
      )
      expect(shared).toHaveLength(1)
      expect(fast).toEqual(plain)
    }
  )

  it("is what a restarted Orga over Sqlite.layer uses, and it answers as over readAll alone", async () => {
    const { plain } = await fold(10_000)
    const [organizationId] = [...plain.organizations.keys()]
    const [campaignId] = [...plain.campaigns.keys()]
    const fast = await answersOver(Sqlite.layer(file.filename), organizationId!, campaignId!)
    const plainAnswers = await answersOver(storeOnly(Sqlite.layer(file.filename)), organizationId!, campaignId!)
    expect(fast.learners.length).toBe(36)
    expect(fast.results.participationsCount).toBe(1)
    expect(fast).toEqual(plainAnswers)
  })
})
