import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Places from "../src/places/Places.ts"
import * as Ids from "../src/values/Ids.ts"
import * as Timestamp from "../src/values/Timestamp.ts"

const organizationId = Ids.OrganizationId.make("org-1")
const actorId = Ids.UserId.make("pix-admin")
const now = Timestamp.Timestamp.make("2026-09-14T08:00:00.000Z")
const today = "2026-09-14"

const lot = (lotId: string, count: number, activationDate = "2026-09-01", expirationDate = "2027-08-31") =>
  Places.PlacesLotAdded.make({
    organizationId,
    lotId,
    count,
    category: "T1",
    reference: `REF-${lotId}`,
    activationDate,
    expirationDate,
    actorId,
    occurredAt: now
  })
const limitOn = Places.PlacesLimitSet.make({ organizationId, enabled: true, actorId, occurredAt: now })
const fold = (events: ReadonlyArray<Places.PlacesEvent>) => events.reduce(Places.evolve, Places.initial)

describe("a lot's status (Pix compares its dates with the current instant)", () => {
  const state = fold([lot("a", 10, "2026-09-14", "2026-09-20")])
  const only = state.lots[0]!
  it("is pending before its activation day, active from it, expired from its expiry day", () => {
    expect(Places.status(only, "2026-09-13")).toBe("PENDING")
    expect(Places.status(only, "2026-09-14")).toBe("ACTIVE")
    expect(Places.status(only, "2026-09-19")).toBe("ACTIVE")
    expect(Places.status(only, "2026-09-20")).toBe("EXPIRED")
  })
  it("stops counting once deleted", () => {
    const deleted = Places.evolve(
      state,
      Places.PlacesLotDeleted.make({ organizationId, lotId: "a", actorId, occurredAt: now })
    )
    expect(Places.statistics(deleted, 0, "2026-09-15").total).toBe(0)
    expect(Places.statistics(state, 0, "2026-09-15").total).toBe(10)
  })
})

describe("capacity and places used", () => {
  it("sums the active lots only; available never goes below 0", () => {
    const state = fold([
      lot("a", 10),
      lot("b", 5),
      lot("old", 100, "2025-09-01", "2026-08-31"),
      lot("next", 7, "2026-10-01")
    ])
    expect(Places.statistics(state, 3, today)).toMatchObject({ total: 15, occupied: 3, available: 12, activeLots: 2 })
    expect(Places.statistics(state, 40, today).available).toBe(0)
  })

  const full = (state: Places.Places, occupied: number) =>
    Places.statistics(state, occupied, today).hasReachedMaximumPlacesLimit

  it("a full organization refuses the next student only when the limit is on, at capacity plus 10 %", () => {
    const off = fold([lot("a", 10)])
    expect(full(off, 500)).toBe(false)
    const on = Places.evolve(off, limitOn)
    expect(full(on, 10)).toBe(false)
    expect(full(on, 11)).toBe(true)
  })

  it("with no place used, nobody is refused (Pix's `occupied === 0`), even with no place bought", () => {
    const on = fold([limitOn])
    expect(full(on, 0)).toBe(false)
    expect(full(on, 1)).toBe(true)
  })

  it("property: refused exactly when the limit is on, some place is used and used ≥ capacity × 1.1", () => {
    const lotArb = fc.record({
      count: fc.integer({ min: 1, max: 2000 }),
      activation: fc.integer({ min: -400, max: 400 }),
      length: fc.integer({ min: 1, max: 800 })
    })
    fc.assert(
      fc.property(fc.array(lotArb, { maxLength: 6 }), fc.boolean(), fc.nat(5000), (lots, enabled, occupied) => {
        const day = (offset: number) => new Date(Date.UTC(2026, 8, 14 + offset)).toISOString().slice(0, 10)
        const events: Array<Places.PlacesEvent> = lots.map((l, index) =>
          lot(`l${index}`, l.count, day(l.activation), day(l.activation + l.length))
        )
        if (enabled) events.push(limitOn)
        const state = fold(events)
        const total = lots
          .filter((l) => l.activation <= 0 && l.activation + l.length > 0)
          .reduce((sum, l) => sum + l.count, 0)
        const stats = Places.statistics(state, occupied, today)
        expect(stats.total).toBe(total)
        expect(stats.available).toBe(Math.max(0, total - occupied))
        const refused = enabled && occupied > 0 && occupied * 10 >= total * 11
        expect(stats.hasReachedMaximumPlacesLimit).toBe(refused)
      }),
      { numRuns: 300 }
    )
  })
})

describe("the back office's lot form (Pix Admin's messages)", () => {
  const good = {
    count: 30,
    category: "T2",
    reference: " DEVIS-42 ",
    activationDate: "2026-09-01",
    expirationDate: "2027-08-31"
  }
  const refusal = (input: Partial<typeof good> | Record<string, unknown>) => {
    const decided = Places.addLot(Places.initial, {
      organizationId,
      lotId: "l1",
      input: { ...good, ...input } as Places.LotInput,
      actorId,
      now
    })
    return Result.isFailure(decided) ? { code: decided.failure.code, message: decided.failure.message } : undefined
  }

  it("records a good lot with its reference trimmed", () => {
    const decided = Result.getOrThrow(
      Places.addLot(Places.initial, { organizationId, lotId: "l1", input: good, actorId, now })
    )
    expect(decided).toEqual(
      [lot("l1", 30, "2026-09-01", "2027-08-31")].map((e) => ({ ...e, category: "T2", reference: "DEVIS-42" }))
    )
  })

  it.each([
    [{ count: 0 }, "INVALID_PLACES_COUNT", "Le nombre de places doit être un nombre sans virgule supérieur à 0."],
    [{ count: 2.5 }, "INVALID_PLACES_COUNT", "Le nombre de places doit être un nombre sans virgule supérieur à 0."],
    [{ category: "T4" }, "PLACES_CATEGORY_REQUIRED", "La catégorie est obligatoire."],
    [{ reference: "  " }, "PLACES_REFERENCE_REQUIRED", "La référence est obligatoire."],
    [{ activationDate: "" }, "PLACES_DATES_REQUIRED", "Les dates d'activation et d'expiration sont obligatoires."],
    [{ activationDate: "01/09/2026" }, "INVALID_PLACES_DATE_FORMAT", "Le format de La date n'est pas correct."],
    [{ expirationDate: "2027-02-30" }, "INVALID_PLACES_DATE_FORMAT", "Le format de La date n'est pas correct."],
    [{ activationDate: "2014-09-01" }, "PLACES_ACTIVATION_DATE_TOO_OLD", "La date d'activation est trop ancienne."],
    [
      { expirationDate: "2026-09-01" },
      "PLACES_EXPIRATION_BEFORE_ACTIVATION",
      "La date d'expiration doit être postérieure à la date d'activation."
    ]
  ])("refuses %j with %s: %s", (input, code, message) => {
    expect(refusal(input)).toEqual({ code, message })
  })

  it("refuses a lot id already used, and the deletion of an unknown or deleted lot", () => {
    const state = fold([lot("l1", 10)])
    expect(Result.isFailure(Places.addLot(state, { organizationId, lotId: "l1", input: good, actorId, now }))).toBe(
      true
    )
    const deleted = Places.deleteLot(state, { organizationId, lotId: "l1", actorId, now })
    expect(Result.isSuccess(deleted)).toBe(true)
    const after = fold([lot("l1", 10), ...Result.getOrThrow(deleted)])
    const again = Places.deleteLot(after, { organizationId, lotId: "l1", actorId, now })
    expect(Result.isFailure(again) && again.failure.code).toBe("PLACES_LOT_NOT_FOUND")
  })

  it("switching the limit to what it is records nothing", () => {
    expect(Places.setLimit(Places.initial, { organizationId, enabled: false, actorId, now })).toEqual([])
    expect(Places.setLimit(Places.initial, { organizationId, enabled: true, actorId, now })).toHaveLength(1)
  })
})
