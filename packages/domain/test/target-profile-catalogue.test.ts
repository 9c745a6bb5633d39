import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import * as Competences from "../src/referential/Competences.ts"
import * as Stage from "../src/referential/Stage.ts"
import * as TargetProfile from "../src/referential/TargetProfile.ts"
import * as Catalogue from "../src/referential/TargetProfileCatalogue.ts"
import * as TargetProfileDefinition from "../src/referential/TargetProfileDefinition.ts"

describe("the shipped target profiles", () => {
  it("are a collège 3e profile and a lycée 2nde profile, every one of them built", () => {
    expect(Catalogue.definitions.map((d) => d.id)).toEqual(["tp-college-3e", "tp-lycee-2nde"])
    expect(Catalogue.profiles.map((p) => p.id)).toEqual(Catalogue.definitions.map((d) => d.id))
    for (const definition of Catalogue.definitions) expect(TargetProfileDefinition.problems(definition)).toEqual([])
    expect(Catalogue.find("tp-lycee-2nde")?.name).toBe("Parcours 2nde — les 16 compétences")
    expect(Catalogue.find("tp-inconnu")).toBeUndefined()
  })

  describe.each(Catalogue.profiles.map((p) => [p.name, p] as const))("%s", (_, profile) => {
    it("covers the 16 competences with skills @tube1..n of known competences, one tube per competence", () => {
      expect(new Set(profile.skills.map((s) => s.competenceId))).toEqual(new Set(Competences.competenceIds))
      for (const skill of profile.skills) {
        expect(Competences.findCompetence(skill.competenceId)).toBeDefined()
        expect(skill.name).toBe(`${skill.tube}${skill.difficulty}`)
        const sameTube = profile.skills.filter((s) => s.tube === skill.tube)
        expect(new Set(sameTube.map((s) => s.competenceId)).size).toBe(1)
        // A tube capped at n holds every difficulty from 1 to n.
        expect(sameTube.map((s) => s.difficulty)).toEqual(sameTube.map((_, i) => i + 1))
      }
      expect(new Set(profile.skills.map((s) => s.id)).size).toBe(profile.skills.length)
    })

    it("has a ladder starting at 0 whose thresholds increase, each stage with a title and a message", () => {
      const stages = profile.stages ?? []
      expect(stages.length).toBeGreaterThanOrEqual(4)
      expect(Stage.thresholdOf(stages[0]!, profile.skills)).toBe(0)
      const thresholds = stages.filter((s) => s.isFirstSkill !== true).map((s) => Stage.thresholdOf(s, profile.skills)!)
      for (let i = 1; i < thresholds.length; i++) expect(thresholds[i]).toBeGreaterThan(thresholds[i - 1]!)
      for (const stage of stages) {
        expect(stage.title.trim()).not.toBe("")
        expect(stage.message.trim()).not.toBe("")
      }
    })

    it("has badges whose criteria name tubes of the profile, within their caps", () => {
      const badges = profile.badges ?? []
      expect(badges.length).toBeGreaterThanOrEqual(2)
      const caps = new Map<string, number>()
      for (const skill of profile.skills) caps.set(skill.tube, Math.max(caps.get(skill.tube) ?? 0, skill.difficulty))
      for (const badge of badges) {
        expect(badge.criteria.length).toBeGreaterThan(0)
        for (const criterion of badge.criteria) {
          expect(criterion.threshold).toBeGreaterThanOrEqual(1)
          expect(criterion.threshold).toBeLessThanOrEqual(100)
          if (criterion.scope === "CappedTubes")
            for (const capped of criterion.cappedTubes) {
              expect(caps.has(capped.tube), `${badge.key} names ${capped.tube}`).toBe(true)
              expect(capped.level).toBeLessThanOrEqual(caps.get(capped.tube)!)
            }
        }
      }
    })

    it("gives the zero stage and no badge to a student who validated nothing, the last stage and every badge to one who validated all", () => {
      const none = TargetProfile.achievements(profile, [])
      expect(none.reachedStage?.reachedStage).toBe(1)
      expect(TargetProfile.acquiredBadges(none)).toEqual([])
      const all = TargetProfile.achievements(
        profile,
        profile.skills.map((s) => s.id)
      )
      expect(all.reachedStage?.reachedStage).toBe(profile.stages?.length)
      expect(TargetProfile.acquiredBadges(all)).toEqual(profile.badges)
    })

    it("reads back from its JSON form (what a back office stores)", () => {
      const definition = Catalogue.definitions.find((d) => d.id === profile.id)
      expect(Result.getOrThrow(TargetProfileDefinition.decodeUnknown(JSON.parse(JSON.stringify(definition))))).toEqual(
        profile
      )
    })
  })

  it("a 3e student who validated levels 1 and 2 everywhere (70 %) is at stage 4 of 5 (3 stars) with the information badge only", () => {
    const profile = Catalogue.find("tp-college-3e")!
    const validated = profile.skills.filter((s) => s.difficulty <= 2).map((s) => s.id)
    const achieved = TargetProfile.achievements(profile, validated)
    expect(achieved.masteryPercentage).toBe(70)
    expect(achieved.reachedStage).toMatchObject({ reachedStage: 4, totalStages: 5 })
    expect(Stage.stars(achieved.reachedStage!)).toBe(3)
    expect(achieved.reachedStage?.stage.title).toBe("Niveau attendu en fin de collège")
    expect(TargetProfile.acquiredBadges(achieved).map((b) => b.key)).toEqual(["PIX_3E_INFORMATION"])
  })
})
