import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Competences from "../src/referential/Competences.ts"
import * as Skill from "../src/referential/Skill.ts"
import * as TargetProfile from "../src/referential/TargetProfile.ts"

describe("the Pix referential", () => {
  it("has 16 competences in 5 areas with their official ids and names", () => {
    expect(Competences.competences).toHaveLength(16)
    expect(Competences.areas.map((a) => a.id)).toEqual(["1", "2", "3", "4", "5"])
    expect(Competences.findCompetence("3.4")).toEqual({ id: "3.4", name: "Programmer", areaId: "3" })
    expect(Competences.findCompetence("4.2")?.name).toBe("Protéger les données personnelles et la vie privée")
    expect(Competences.findArea("5")?.name).toBe("Environnement numérique")
    for (const competence of Competences.competences) {
      expect(competence.id.startsWith(`${competence.areaId}.`)).toBe(true)
      expect(Competences.findArea(competence.areaId)).toBeDefined()
    }
  })

  it("caps pix at 40 per competence and 640 in all, 8 pix per level up to level 5", () => {
    expect(Competences.maxPixPerCompetence()).toBe(40)
    expect(Competences.maxPixTotal()).toBe(640)
    expect(Competences.levelFromPix(7)).toBe(0)
    expect(Competences.levelFromPix(8)).toBe(1)
    expect(Competences.levelFromPix(39)).toBe(4)
    expect(Competences.levelFromPix(64)).toBe(5)
    expect(Competences.capPix(-3)).toBe(0)
    expect(Competences.capPix(Number.NaN)).toBe(0)
    // The max level is a setting.
    const later = { maxReachableLevel: 6, pixPerLevel: 8 }
    expect(Competences.levelFromPix(64, later)).toBe(6)
    expect(Competences.maxPixTotal(later)).toBe(768)
  })

  it("is certifiable with level ≥ 1 in at least 5 competences", () => {
    expect(Competences.isCertifiable([1, 1, 1, 1, 1])).toBe(true)
    expect(Competences.isCertifiable([5, 5, 5, 5, 0, 0])).toBe(false)
    fc.assert(
      fc.property(fc.array(fc.nat(8), { maxLength: 16 }), (levels) => {
        expect(Competences.isCertifiable(levels)).toBe(levels.filter((l) => l >= 1).length >= 5)
      }),
      { numRuns: 100 }
    )
  })

  it("reads skills as @tube + difficulty 1..8", () => {
    expect(Result.getOrThrow(Skill.make({ id: "rec1", name: "@rechercherInfo3", competenceId: "1.1" }))).toEqual({
      id: "rec1",
      name: "@rechercherInfo3",
      tube: "@rechercherInfo",
      difficulty: 3,
      competenceId: "1.1"
    })
    for (const name of ["rechercher3", "@rechercher9", "@rechercher0", "@3", "@tube"])
      expect(Result.isFailure(Skill.make({ id: "x", name, competenceId: "1.1" }))).toBe(true)
    const unknown = Skill.make({ id: "x", name: "@tube1", competenceId: "6.1" })
    expect(Result.isFailure(unknown) && unknown.failure.code).toBe("INVALID_SKILL")
  })

  it("computes mastery against a target profile, ignoring skills outside it", () => {
    const skill = (id: string, competenceId: string) =>
      Result.getOrThrow(Skill.make({ id, name: `@${id}1`, competenceId }))
    const profile: TargetProfile.TargetProfile = {
      id: "tp",
      name: "Parcours",
      areKnowledgeElementsResettable: false,
      skills: [skill("a", "1.1"), skill("b", "1.1"), skill("c", "5.2")]
    }
    expect(TargetProfile.mastery(profile, ["a", "c", "zz"])).toEqual({
      validatedSkillsCount: 2,
      targetSkillsCount: 3,
      masteryRate: 2 / 3,
      competences: [
        { id: "1.1", validatedSkillsCount: 1, targetSkillsCount: 2 },
        { id: "5.2", validatedSkillsCount: 1, targetSkillsCount: 1 }
      ],
      areas: [
        { id: "1", validatedSkillsCount: 1, targetSkillsCount: 2 },
        { id: "5", validatedSkillsCount: 1, targetSkillsCount: 1 }
      ]
    })
    expect(TargetProfile.mastery({ ...profile, skills: [] }, ["a"]).masteryRate).toBe(0)
  })
})
