/**
 * The two-process acceptance scenario of bursts and races (issue 11), run on a given store: the parent seeds the
 * log, then two child processes, each with its own Orga (own connection, own read models), run their shares at
 * the same instant. Used by `bursts.sqlite.test.ts` and `bursts.postgres.test.ts`.
 */
import { join } from "node:path"
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { expectClaims, organizationId, type Seeded, seed, tally } from "./burst.ts"
import { type Harness, harness } from "./harness.ts"
import { inChildren, type Outcome, type Where } from "./processes.ts"

const user = Orga.user

/** The store of one run: the children's address of it, the parent's layer, a directory for files. */
export interface Target {
  readonly where: Where
  readonly layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
  readonly dir: string
  readonly cleanup: () => Promise<void>
}

export const twoProcesses = (title: string, target: () => Target) =>
  describe(title, () => {
    let t: Target
    let h: Harness
    let orga: Orga.OrgaShape
    let seeded: Seeded
    const seededFile = () => join(t.dir, "seeded.json")
    const both = (outcomes: ReadonlyArray<ReadonlyArray<Outcome>>) => outcomes.flat()
    const log = () =>
      Effect.runPromise(
        Effect.scoped(
          Effect.provide(
            Effect.flatMap(EventStore.EventStore, (store: EventStore.EventStoreShape) =>
              store.readAll({ after: 0n, maxCount: 1_000_000 })
            ),
            t.layer
          )
        )
      )

    beforeAll(async () => {
      t = target()
      h = harness(t.layer)
      orga = await h.orga()
      seeded = await seed(h, { students: 450, invitations: 40 })
    }, 120_000)
    afterAll(async () => {
      await h.dispose()
      await t.cleanup()
    })

    const linked = async () =>
      (await h.run(orga.learners(user("admin"), organizationId))).filter((learner) => learner.isLinkedToAccount).length

    it("30 and then 300 students join at once from two processes: every one gets his participation", async () => {
      const thirty = await inChildren(t.where, seeded, seededFile(), [
        { workload: "join", from: 0, to: 30, step: 2 },
        { workload: "join", from: 1, to: 30, step: 2 }
      ])
      expect(tally(both(thirty))).toEqual({ ok: 30 })
      const burst = await inChildren(t.where, seeded, seededFile(), [
        { workload: "join", from: 30, to: 330, step: 2 },
        { workload: "join", from: 31, to: 330, step: 2 }
      ])
      expect(tally(both(burst))).toEqual({ ok: 300 })
      expect(await linked()).toBe(330)
      expect((await h.run(orga.campaignResults(user("admin"), seeded.campaignId))).participationsCount).toBe(330)
    }, 120_000)

    it("40 invitations each accepted from two processes at once: each accepted exactly once", async () => {
      const share = { workload: "accept", from: 0, to: 40, step: 1 } as const
      const outcomes = both(await inChildren(t.where, seeded, seededFile(), [share, share]))
      const accepted = outcomes.filter((o) => o.outcome === "ok").map((o) => o.i)
      expect(accepted.length).toBe(40)
      expect(new Set(accepted).size).toBe(40)
      // The second acceptance of each is the domain's typed refusal, never a conflict that outlasted the retries.
      expect(outcomes.filter((o) => o.outcome === "CONCURRENT_UPDATE" || o.outcome.startsWith("DEFECT"))).toEqual([])
      expect((await h.run(orga.members(user("admin"), organizationId))).length).toBe(41)
      const ids = new Set(seeded.invitations.map((i) => i.invitationId))
      const accepts = (await log()).filter(
        (e) => e.type === "InvitationAccepted" && ids.has((e.data as { invitationId: string }).invitationId)
      )
      expect(accepts.length).toBe(40)
      expect(new Set(accepts.map((e) => (e.data as { invitationId: string }).invitationId)).size).toBe(40)
    }, 60_000)

    it("60 learners each claimed by two accounts from two processes: 60 links, 60 typed refusals", async () => {
      const outcomes = await inChildren(t.where, seeded, seededFile(), [
        { workload: "join", from: 330, to: 390, step: 1 },
        { workload: "claim", from: 330, to: 390, step: 1 }
      ])
      expectClaims(both(outcomes), 60)
      expect(await linked()).toBe(390)
    }, 60_000)

    it("archive vs join across processes: no join is recorded after the archive", async () => {
      const [archived, joined] = await inChildren(t.where, seeded, seededFile(), [
        // The archive lands once 10 of the 60 joins (one at a time) are in: the others race it.
        { workload: "archive", from: 0, to: 1, step: 1, after: 400 },
        { workload: "join", from: 390, to: 450, step: 1, concurrency: 1 }
      ])
      expect(tally(joined!).ok).toBeGreaterThanOrEqual(10)
      expect(tally(archived!)).toEqual({ ok: 1 })
      const refused = Object.keys(tally(joined!)).filter((o) => o !== "ok")
      expect(refused.filter((o) => o === "CONCURRENT_UPDATE" || o.startsWith("DEFECT"))).toEqual([])
      const events = await log()
      const archive = events.find(
        (e) => e.type === "CampaignArchived" && (e.data as { campaignId: string }).campaignId === seeded.campaignId
      )!
      const late = events.filter(
        (e) =>
          e.type === "ParticipationStarted" &&
          (e.data as { campaignId: string }).campaignId === seeded.campaignId &&
          e.globalPosition > archive.globalPosition
      )
      expect(late).toEqual([])
      // Every join answered `ok` is in the log (330 + 60 before), and no other.
      const joins = joined!.filter((o) => o.outcome === "ok").length
      const started = events.filter(
        (e) => e.type === "ParticipationStarted" && (e.data as { campaignId: string }).campaignId === seeded.campaignId
      )
      expect(started.length).toBe(390 + joins)
      expect((await h.run(orga.campaignResults(user("admin"), seeded.campaignId))).participationsCount).toBe(
        390 + joins
      )
    }, 60_000)

    it("remove member vs create campaign across processes: no campaign after its creator's removal", async () => {
      const [removed, created] = await inChildren(t.where, seeded, seededFile(), [
        // The removal lands once 5 of the 100 creations (one at a time) are in: the others race it.
        { workload: "remove", from: 0, to: 1, step: 1, after: 5 },
        { workload: "create", from: 0, to: 100, step: 1, concurrency: 1 }
      ])
      expect(tally(created!).ok).toBeGreaterThanOrEqual(5)
      expect(tally(removed!)).toEqual({ ok: 1 })
      expect(Object.keys(tally(created!)).filter((o) => o === "CONCURRENT_UPDATE" || o.startsWith("DEFECT"))).toEqual(
        []
      )
      const events = await log()
      const removal = events.find((e) => e.type === "MemberRemoved" && (e.data as { userId: string }).userId === "t0")!
      const late = events.filter(
        (e) =>
          e.type === "CampaignCreated" &&
          (e.data as { creatorId: string }).creatorId === "t0" &&
          e.globalPosition > removal.globalPosition
      )
      expect(late).toEqual([])
    }, 60_000)
  })
