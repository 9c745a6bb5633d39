/**
 * The retention rule reads like docs/retention.md: a learner disabled in school year Y is kept through school year
 * Y + N and erased from Y + N + 1; a user is erased after more than D days without activity.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Retention } from "../src/index.ts"

const day = 86_400_000
const instant = fc.date({ min: new Date("2000-01-01"), max: new Date("2090-01-01"), noInvalidDate: true })

describe("Retention", () => {
  it("starts a school year on 1 September", () => {
    expect(Retention.schoolYearOf("2026-08-31T23:59:59.000Z")).toBe(2025)
    expect(Retention.schoolYearOf("2026-09-01T00:00:00.000Z")).toBe(2026)
    expect(Retention.schoolYearOf("2027-06-30T12:00:00.000Z")).toBe(2026)
  })

  it("keeps a learner disabled in year Y through year Y + N, and erases it from Y + N + 1", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 15 }), (disabledAt, n, later) => {
        const updatedAt = disabledAt.toISOString()
        const year = Retention.schoolYearOf(updatedAt)
        const now = `${year + later}-10-01T00:00:00.000Z`
        const expired = Retention.learnerExpired({ isDisabled: true, updatedAt }, now, { disabledSchoolYears: n })
        expect(expired).toBe(later > n)
        expect(Retention.learnerExpired({ isDisabled: false, updatedAt }, now, { disabledSchoolYears: n })).toBe(false)
      })
    )
  })

  it("erases a user after more than D days without activity, not on day D", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 5000 }), (last, days) => {
        const lastActivity = last.toISOString()
        const at = (offset: number) => new Date(last.getTime() + offset).toISOString()
        expect(Retention.userExpired(lastActivity, at(days * day), { inactiveDays: days })).toBe(false)
        expect(Retention.userExpired(lastActivity, at(days * day + 1), { inactiveDays: days })).toBe(true)
      })
    )
  })
})
