/**
 * The audit trail by pages, as a scenario run on every store: an organization's events newest first through the
 * store's scope index (ADR 0041), a page after another by the cursor `next` until null, each event once, none of
 * another organization's nor of an account's sign-up; each actor named from the accounts read model; a new action
 * between two pages lands above the cursor, never in the later pages.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import type * as Views from "../../src/Views.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const admin = Orga.user("claire")
const other = Orga.user("paul")

/**
 * Registers the scenario under `describe(title)`, on the store `given` makes.
 */
export const auditTrail = (
  title: string,
  given: () => {
    readonly layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
    readonly cleanup: () => Promise<void>
  }
) =>
  describe(title, () => {
    let h: Harness
    let orga: Orga.OrgaShape
    let cleanup: () => Promise<void> = async () => {}

    /** Every page of `org` of `limit` entries, following `next`, and the pages' own `next`s. */
    const walk = async (limit: number) => {
      const entries: Array<Views.AuditEntry> = []
      const nexts: Array<string | null> = []
      let before: string | undefined
      while (true) {
        const page = await h.run(orga.auditTrail(admin, "org", { limit, ...(before === undefined ? {} : { before }) }))
        expect(page.entries.length).toBeLessThanOrEqual(limit)
        entries.push(...page.entries)
        nexts.push(page.next)
        if (page.next === null) return { entries, nexts }
        expect(page.entries).toHaveLength(limit)
        expect(page.next).toBe(page.entries[limit - 1]!.position)
        before = page.next
      }
    }

    beforeAll(async () => {
      const store = given()
      cleanup = store.cleanup
      h = harness(store.layer)
      orga = await h.orga()
      for (const [userId, firstName, lastName] of [
        [pixAdmin, "Pix", "ADMIN"],
        ["claire", "Claire", "MARTIN"],
        ["paul", "Paul", "DURAND"],
        ["marc", "Marc", "PETIT"]
      ] as const) {
        await h.run(orga.registerUser({ userId, firstName, lastName, email: `${userId}@test.fr` }))
      }
      for (const [organizationId, first, firstId] of [
        ["org", admin, "claire"],
        ["other", other, "paul"]
      ] as const) {
        await h.run(
          orga.registerOrganization(Orga.user(pixAdmin), {
            organizationId,
            name: `Organisation ${organizationId}`,
            type: "PRO",
            uai: null,
            isManagingStudents: false
          })
        )
        const invitation = await h.run(
          orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: `${firstId}@test.fr` })
        )
        await h.run(orga.acceptInvitation(first, { organizationId, ...invitation }))
      }
      const [sent] = await h.run(
        orga.inviteMembers(admin, { organizationId: "org", emails: ["marc@test.fr"], role: "MEMBER" })
      )
      await h.run(orga.acceptInvitation(Orga.user("marc"), { organizationId: "org", ...sent! }))
      for (const name of ["Campagne 1", "Campagne 2", "Campagne 3"]) {
        await h.run(orga.createCampaign(admin, { organizationId: "org", name, type: "PROFILES_COLLECTION" }))
        await h.run(orga.createCampaign(other, { organizationId: "other", name, type: "PROFILES_COLLECTION" }))
      }
    })
    afterAll(async () => {
      await h?.dispose()
      await cleanup()
    })

    it("answers the organization's events newest first, page after page, each once, the actors named", async () => {
      const whole = await h.run(orga.auditTrail(admin, "org", { limit: 1000 }))
      expect(whole.next).toBeNull()
      const positions = whole.entries.map((entry) => BigInt(entry.position))
      expect(positions).toEqual([...positions].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
      expect(new Set(positions).size).toBe(positions.length)
      const useCases = new Set(whole.entries.map((entry) => entry.useCase))
      for (const useCase of [
        "registerOrganization",
        "inviteFirstAdmin",
        "acceptInvitation",
        "inviteMembers",
        "createCampaign"
      ])
        expect(useCases).toContain(useCase)
      // Nothing of the other organization, nor of the sign-ups (they belong to no organization).
      expect(whole.entries.some((entry) => entry.actorId === "paul")).toBe(false)
      expect(useCases).not.toContain("registerUser")
      expect(whole.entries.filter((entry) => entry.useCase === "createCampaign").length).toBeGreaterThanOrEqual(3)
      for (const entry of whole.entries) {
        if (entry.actorId === "claire") expect(entry.actorName).toBe("Claire MARTIN")
        if (entry.actorId === "marc") expect(entry.actorName).toBe("Marc PETIT")
        if (entry.actorId === null) expect(entry.actorName).toBeNull()
        expect(entry.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      }
      for (const limit of [1, 2, 3, whole.entries.length, whole.entries.length + 1]) {
        const { entries, nexts } = await walk(limit)
        expect(entries).toEqual(whole.entries)
        expect(nexts.at(-1)).toBeNull()
      }
      // The default page: 100 at most.
      expect((await h.run(orga.auditTrail(admin, "org"))).entries).toEqual(whole.entries.slice(0, 100))
    })

    it("puts an action made between two pages above the cursor: the later pages hold none of it", async () => {
      const before = await h.run(orga.auditTrail(admin, "org", { limit: 1000 }))
      const first = await h.run(orga.auditTrail(admin, "org", { limit: 2 }))
      await h.run(
        orga.createCampaign(admin, { organizationId: "org", name: "Campagne 4", type: "PROFILES_COLLECTION" })
      )
      const rest = await h.run(orga.auditTrail(admin, "org", { limit: 1000, before: first.next! }))
      expect([...first.entries, ...rest.entries]).toEqual(before.entries)
      const now = await h.run(orga.auditTrail(admin, "org", { limit: 1000 }))
      expect(now.entries.slice(now.entries.length - before.entries.length)).toEqual(before.entries)
      expect(now.entries[0]).toMatchObject({ useCase: "createCampaign", actorName: "Claire MARTIN" })
      // A cursor below every event, or above the log's head: nothing older, or the newest page.
      expect(await h.run(orga.auditTrail(admin, "org", { before: "1" }))).toEqual({ entries: [], next: null })
      expect(await h.run(orga.auditTrail(admin, "org", { limit: 1000, before: "9".repeat(40) }))).toEqual(now)
    })

    it("refuses a member who is not an administrator, and an administrator of another organization", async () => {
      expect(await h.fail(orga.auditTrail(Orga.user("marc"), "org"))).toMatchObject({
        code: "INSUFFICIENT_PERMISSIONS"
      })
      expect(await h.fail(orga.auditTrail(other, "org", { before: "10" }))).toMatchObject({
        code: "INSUFFICIENT_PERMISSIONS"
      })
    })
  })
