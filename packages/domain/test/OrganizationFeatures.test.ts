/**
 * Organization features as Pix Admin sets them: the last setting of a feature wins, setting a feature to the
 * state it has records nothing, and multiple sendings of assessments follow `MULTIPLE_SENDING_ASSESSMENT`.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as OrganizationFeatures from "../src/organization/OrganizationFeatures.ts"

const set = (enabled: OrganizationFeatures.Enabled, feature: OrganizationFeatures.Feature, on: boolean) =>
  OrganizationFeatures.decide(enabled, {
    organizationId: "org-1",
    feature,
    enabled: on,
    actorId: "pix-admin",
    now: "2026-09-14T08:00:00.000Z"
  })

describe("organization features", () => {
  it("an organization starts with no feature: no multiple sendings of assessments", () => {
    expect(OrganizationFeatures.allowsMultipleSendingAssessment(OrganizationFeatures.projection.initialState)).toBe(
      false
    )
  })

  it("turning MULTIPLE_SENDING_ASSESSMENT on allows them, turning it off withdraws them", () => {
    const on = set(new Set(), "MULTIPLE_SENDING_ASSESSMENT", true)
    expect(on).toMatchObject([
      { _tag: "OrganizationFeatureSet", feature: "MULTIPLE_SENDING_ASSESSMENT", enabled: true }
    ])
    const enabled = OrganizationFeatures.projection.evolve(new Set(), on[0]!)
    expect(OrganizationFeatures.allowsMultipleSendingAssessment(enabled)).toBe(true)
    expect(set(enabled, "MULTIPLE_SENDING_ASSESSMENT", true)).toEqual([])
    const off = set(enabled, "MULTIPLE_SENDING_ASSESSMENT", false)
    expect(
      OrganizationFeatures.allowsMultipleSendingAssessment(OrganizationFeatures.projection.evolve(enabled, off[0]!))
    ).toBe(false)
  })

  it("after any sequence of settings, a feature is on iff its last setting turned it on", () => {
    const feature = fc.constantFrom(...OrganizationFeatures.features)
    fc.assert(
      fc.property(fc.array(fc.tuple(feature, fc.boolean()), { maxLength: 30 }), (settings) => {
        let enabled: OrganizationFeatures.Enabled = OrganizationFeatures.projection.initialState
        for (const [name, on] of settings)
          for (const event of set(enabled, name, on)) enabled = OrganizationFeatures.projection.evolve(enabled, event)
        for (const name of OrganizationFeatures.features) {
          const last = settings.findLast(([candidate]) => candidate === name)
          expect(enabled.has(name)).toBe(last?.[1] ?? false)
        }
      })
    )
  })
})
