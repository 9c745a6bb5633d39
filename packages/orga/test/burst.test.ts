/**
 * A class joining at once, in one process on a SQLite file: 30 and then 300 students of one school join one
 * campaign in the same instant and all get their participation; 40 teachers accept their invitations at once;
 * 60 learners each claimed by two accounts at once give exactly 60 links and 60 typed refusals. Commands that
 * conflict on a stream queue behind each other in the write path (ADR 0038); before the one write path, 8 of 30
 * joins landed, the others failing with an English "kept changing" error.
 */
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import { expectClaims, organizationId, runWorkload, type Seeded, seed, tally } from "./support/burst.ts"
import { type Harness, harness, sqliteStore, tempSqlite } from "./support/harness.ts"

const user = Orga.user

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

describe("bursts in one process on SQLite", () => {
  const file = tempSqlite()
  let h: Harness
  let orga: Orga.OrgaShape
  let seeded: Seeded
  beforeAll(async () => {
    h = harness(sqliteStore(file.filename))
    orga = await h.orga()
    seeded = await seed(h, { students: 390, invitations: 40 })
  }, 120_000)
  afterAll(async () => {
    await h.dispose()
    file.cleanup()
  })

  const linked = async () =>
    (await h.run(orga.learners(user("admin"), organizationId))).filter((learner) => learner.isLinkedToAccount).length

  it("30 and then 300 students join at once: every one gets his participation", async () => {
    expect(tally(await h.run(runWorkload(orga, seeded, "join", range(0, 30))))).toEqual({ ok: 30 })
    expect(tally(await h.run(runWorkload(orga, seeded, "join", range(30, 330))))).toEqual({ ok: 300 })
    expect(await linked()).toBe(330)
    const results = await h.run(orga.campaignResults(user("admin"), seeded.campaignId))
    expect(results.participationsCount).toBe(330)
  }, 120_000)

  it("40 teachers accept their invitations at once: all are members", async () => {
    expect(tally(await h.run(runWorkload(orga, seeded, "accept", range(0, 40))))).toEqual({ ok: 40 })
    const members = await h.run(orga.members(user("admin"), organizationId))
    expect(members.length).toBe(41)
  }, 60_000)

  it("60 learners each claimed by two accounts at once: 60 links, 60 typed refusals", async () => {
    // The student and a rival account, each typing the student's name, all at once.
    const [own, rivals] = await h.run(
      Effect.all(
        [runWorkload(orga, seeded, "join", range(330, 390)), runWorkload(orga, seeded, "claim", range(330, 390))],
        {
          concurrency: 2
        }
      )
    )
    expectClaims([...own, ...rivals], 60)
    expect(await linked()).toBe(390)
  }, 60_000)
})
