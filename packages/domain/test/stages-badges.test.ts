import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Badge from "../src/referential/Badge.ts"
import * as Competences from "../src/referential/Competences.ts"
import * as Stage from "../src/referential/Stage.ts"
import * as TargetProfile from "../src/referential/TargetProfile.ts"
import * as TargetProfileDefinition from "../src/referential/TargetProfileDefinition.ts"

type Definition = TargetProfileDefinition.Definition
const runs = { numRuns: 200 }

const stage = (id: string, value: Partial<Stage.Stage>): Definition["stages"][number] => ({
  id,
  title: `Palier ${id}`,
  message: `Message du palier ${id}`,
  ...value
})

const badge = (id: string, criteria: Definition["badges"][number]["criteria"]): Definition["badges"][number] => ({
  id,
  key: id.toUpperCase(),
  title: `Badge ${id}`,
  message: `Bravo pour ${id}`,
  altMessage: `Résultat thématique ${id}`,
  isCertifiable: false,
  isAlwaysVisible: false,
  criteria
})

const definition = (overrides: Partial<Definition> = {}): Definition => ({
  id: "tp",
  name: "Parcours",
  areKnowledgeElementsResettable: false,
  tubes: [{ tube: "@chercher", competenceId: "1.1", level: 5 }],
  stages: [],
  badges: [],
  ...overrides
})

const build = (d: Definition): TargetProfile.TargetProfile => Result.getOrThrow(TargetProfileDefinition.build(d))

const problemsOf = (d: Definition): ReadonlyArray<string> => {
  const built = TargetProfileDefinition.build(d)
  if (Result.isSuccess(built)) return []
  expect(built.failure.code).toBe("INVALID_TARGET_PROFILE")
  expect(built.failure._tag).toBe("InvalidInput")
  const problems = built.failure.meta.problems as ReadonlyArray<string>
  expect(built.failure.message).toBe(problems[0])
  return problems
}

// Ten skills @chercher1..5 and @trier1..5, for examples that read as percentages.
const tenSkills = definition({
  tubes: [
    { tube: "@chercher", competenceId: "1.1", level: 5 },
    { tube: "@trier", competenceId: "1.3", level: 5 }
  ]
})
const firstSkills = (profile: TargetProfile.TargetProfile, n: number) => profile.skills.slice(0, n).map((s) => s.id)

describe("stages (paliers): the reached stage", () => {
  const profile = build({
    ...tenSkills,
    stages: [stage("s70", { threshold: 70 }), stage("s0", { threshold: 0 }), stage("s30", { threshold: 30 })]
  })
  const reachedWith = (n: number) => TargetProfile.achievements(profile, firstSkills(profile, n)).reachedStage

  it("is the highest stage whose threshold is at most the mastery percentage; the ladder is sorted", () => {
    expect(profile.stages?.map((s) => s.id)).toEqual(["s0", "s30", "s70"])
    expect(reachedWith(0)).toMatchObject({ reachedStage: 1, totalStages: 3, stage: { id: "s0" } })
    expect(reachedWith(2)?.stage.id).toBe("s0")
    expect(reachedWith(3)?.stage.id).toBe("s30")
    expect(reachedWith(6)?.stage.id).toBe("s30")
    expect(reachedWith(7)?.stage.id).toBe("s70")
    expect(reachedWith(10)).toMatchObject({ reachedStage: 3, stage: { id: "s70" } })
  })

  it("compares Pix's rounded percentage: 2 skills of 3 are 67 %, enough for a threshold of 67", () => {
    const three = build(
      definition({
        tubes: [{ tube: "@chercher", competenceId: "1.1", level: 3 }],
        stages: [stage("zero", { threshold: 0 }), stage("deux-tiers", { threshold: 67 })]
      })
    )
    expect(Stage.masteryPercentage(2, 3)).toBe(67)
    expect(TargetProfile.achievements(three, firstSkills(three, 2)).reachedStage?.stage.id).toBe("deux-tiers")
  })

  it("is written as stars and in the export as the reached stage minus one, out of stages minus one", () => {
    const reached = reachedWith(7)!
    expect(Stage.stars(reached)).toBe(2)
    expect(Stage.exportHeader(reached.totalStages)).toBe("Palier obtenu (/2)")
  })

  it("reaches the first-skill stage with one validated skill, even when the percentage rounds to 0", () => {
    const big = build(
      definition({
        tubes: Array.from({ length: 30 }, (_, i) => ({
          tube: `@sujet${"abcdefghijklmnopqrstuvwxyzABCD"[i]}`,
          competenceId: "2.1",
          level: 8
        })),
        stages: [
          stage("zero", { threshold: 0 }),
          stage("premier", { isFirstSkill: true }),
          stage("moitie", { threshold: 50 })
        ]
      })
    )
    expect(big.skills).toHaveLength(240)
    expect(big.stages?.map((s) => s.id)).toEqual(["zero", "premier", "moitie"])
    expect(TargetProfile.achievements(big, []).reachedStage?.stage.id).toBe("zero")
    const one = TargetProfile.achievements(big, firstSkills(big, 1))
    expect(one.masteryPercentage).toBe(0)
    expect(one.reachedStage).toMatchObject({ reachedStage: 2, stage: { id: "premier" } })
    expect(TargetProfile.achievements(big, firstSkills(big, 120)).reachedStage?.stage.id).toBe("moitie")
  })

  it("converts a level stage to the share of skills of difficulty at most that level", () => {
    const levels = build(
      definition({
        tubes: [
          { tube: "@chercher", competenceId: "1.1", level: 4 },
          { tube: "@trier", competenceId: "1.3", level: 2 }
        ],
        stages: [stage("n0", { level: 0 }), stage("n2", { level: 2 }), stage("n4", { level: 4 })]
      })
    )
    // 6 skills; difficulty ≤ 2: @chercher1, @chercher2, @trier1, @trier2 → 4 / 6 = 67 %.
    expect(levels.stages?.map((s) => Stage.thresholdOf(s, levels.skills))).toEqual([0, 67, 100])
    const validated = ["@chercher1", "@chercher2", "@trier1", "@trier2"]
    expect(TargetProfile.achievements(levels, validated).reachedStage?.stage.id).toBe("n2")
  })

  it("is undefined for a profile without stages; skills outside the profile are ignored", () => {
    const none = build(tenSkills)
    const achieved = TargetProfile.achievements(none, ["@chercher1", "@ailleurs1"])
    expect(achieved.reachedStage).toBeUndefined()
    expect(achieved.validatedSkillsCount).toBe(1)
    expect(achieved.masteryPercentage).toBe(10)
  })
})

describe("badges (résultats thématiques)", () => {
  const profile = build({
    ...tenSkills,
    badges: [
      badge("global", [{ scope: "CampaignParticipation", threshold: 50 }]),
      badge("chercher-3", [
        { scope: "CampaignParticipation", threshold: 20 },
        { scope: "CappedTubes", threshold: 100, cappedTubes: [{ tube: "@chercher", level: 3 }] }
      ])
    ]
  })
  const acquired = (validated: ReadonlyArray<string>) =>
    TargetProfile.acquiredBadges(TargetProfile.achievements(profile, validated)).map((b) => b.id)

  it("are acquired when every criterion holds", () => {
    expect(acquired([])).toEqual([])
    expect(acquired(["@chercher1", "@chercher2", "@chercher3"])).toEqual(["chercher-3"])
    expect(acquired(["@chercher1", "@chercher2", "@trier1", "@trier2", "@trier3"])).toEqual(["global"])
    expect(acquired(["@chercher1", "@chercher2", "@chercher3", "@trier1", "@trier2"])).toEqual(["global", "chercher-3"])
  })

  it("count, on capped tubes, the tube's skills up to the cap only", () => {
    const criterion: Badge.Criterion = {
      scope: "CappedTubes",
      threshold: 60,
      cappedTubes: [
        { tube: "@chercher", level: 1 },
        { tube: "@trier", level: 4 }
      ]
    }
    expect(Badge.skillsOf(criterion, profile.skills).map((s) => s.id)).toEqual([
      "@chercher1",
      "@trier1",
      "@trier2",
      "@trier3",
      "@trier4"
    ])
  })

  it("report each criterion's percentage and name their export column", () => {
    const result = TargetProfile.achievements(profile, ["@chercher1", "@chercher2"]).badges[1]!
    expect(result.criteria.map((c) => c.masteryPercentage)).toEqual([20, 67])
    expect(result.acquired).toBe(false)
    expect(Badge.exportHeader(result.badge)).toBe("Badge chercher-3 obtenu (O/N)")
  })

  it("on a competence: every tube of the competence at its highest difficulty", () => {
    const criterion = Badge.onCompetence("1.3", 80, profile.skills)
    expect(criterion).toEqual({
      scope: "CappedTubes",
      threshold: 80,
      name: "1.3 Traiter des données",
      cappedTubes: [{ tube: "@trier", level: 5 }]
    })
    const withIt = build({ ...tenSkills, badges: [badge("donnees", [criterion])] })
    expect(TargetProfile.acquiredBadges(TargetProfile.achievements(withIt, firstSkills(withIt, 9)))).toHaveLength(1)
    expect(TargetProfile.acquiredBadges(TargetProfile.achievements(withIt, firstSkills(withIt, 8)))).toHaveLength(0)
  })
})

describe("a target profile definition is refused with every problem, in French", () => {
  it("accepts a valid definition", () => expect(problemsOf(tenSkills)).toEqual([]))

  it.each<[string, Partial<Definition>, string]>([
    ["no name", { name: " " }, "Le profil cible doit avoir un nom."],
    ["no tube", { tubes: [] }, "Le profil cible doit avoir au moins un sujet."],
    [
      "a tube without @",
      { tubes: [{ tube: "chercher", competenceId: "1.1", level: 2 }] },
      "Le sujet chercher n'est pas au format @sujet."
    ],
    [
      "an unknown competence",
      { tubes: [{ tube: "@chercher", competenceId: "6.1", level: 2 }] },
      "La compétence 6.1 du sujet @chercher n'existe pas."
    ],
    [
      "a level above 8",
      { tubes: [{ tube: "@chercher", competenceId: "1.1", level: 9 }] },
      "Le niveau du sujet @chercher est un nombre entier de 1 à 8."
    ],
    [
      "a tube twice",
      {
        tubes: [
          { tube: "@chercher", competenceId: "1.1", level: 2 },
          { tube: "@chercher", competenceId: "1.1", level: 3 }
        ]
      },
      "Le sujet @chercher est présent plusieurs fois."
    ],
    [
      "no zero stage",
      { stages: [stage("a", { threshold: 10 })] },
      "Le palier zéro (seuil 0 ou niveau 0) est obligatoire."
    ],
    [
      "two first-skill stages",
      {
        stages: [stage("z", { threshold: 0 }), stage("a", { isFirstSkill: true }), stage("b", { isFirstSkill: true })]
      },
      "Un profil cible a au plus un palier « premier acquis »."
    ],
    [
      "a first-skill stage with a threshold",
      { stages: [stage("z", { threshold: 0 }), stage("a", { isFirstSkill: true, threshold: 5 })] },
      "Le palier « premier acquis » n'a ni seuil ni niveau."
    ],
    [
      "a stage without value",
      { stages: [stage("z", { threshold: 0 }), stage("a", {})] },
      "Chaque palier doit avoir un seuil ou un niveau."
    ],
    [
      "thresholds and levels mixed",
      { stages: [stage("z", { threshold: 0 }), stage("a", { level: 2 })] },
      "Les paliers d'un profil cible sont tous définis par un seuil ou tous par un niveau."
    ],
    [
      "two stages at one threshold",
      { stages: [stage("z", { threshold: 0 }), stage("a", { threshold: 50 }), stage("b", { threshold: 50 })] },
      "Deux paliers ne peuvent pas avoir le même seuil ou niveau."
    ],
    [
      "a stage without message",
      { stages: [{ ...stage("z", { threshold: 0 }), message: "" }] },
      "Chaque palier doit avoir un titre et un message."
    ],
    [
      "a threshold above 100",
      { stages: [stage("z", { threshold: 0 }), stage("a", { threshold: 101 })] },
      "Le seuil d'un palier est un nombre entier de 0 à 100."
    ],
    [
      "a level above the profile's highest",
      { stages: [stage("z", { level: 0 }), stage("a", { level: 6 })] },
      "Le niveau d'un palier est un nombre entier de 0 à 5, le niveau le plus haut du profil cible."
    ],
    [
      "a stage id twice",
      { stages: [stage("z", { threshold: 0 }), stage("z", { threshold: 40 })] },
      "L'identifiant de palier z est utilisé plusieurs fois."
    ],
    [
      "a badge without criterion",
      { badges: [badge("b", [])] },
      "Le résultat thématique Badge b doit avoir au moins un critère."
    ],
    [
      "a badge threshold of 0",
      { badges: [badge("b", [{ scope: "CampaignParticipation", threshold: 0 }])] },
      "Le seuil d'un critère du résultat thématique Badge b est un nombre entier de 1 à 100."
    ],
    [
      "a badge on a tube outside the profile",
      {
        badges: [badge("b", [{ scope: "CappedTubes", threshold: 50, cappedTubes: [{ tube: "@ailleurs", level: 1 }] }])]
      },
      "Le sujet @ailleurs du résultat thématique Badge b n'est pas dans le profil cible."
    ],
    [
      "a badge capping a tube above its level",
      {
        badges: [badge("b", [{ scope: "CappedTubes", threshold: 50, cappedTubes: [{ tube: "@chercher", level: 6 }] }])]
      },
      "Le niveau du sujet @chercher du résultat thématique Badge b est un nombre entier de 1 à 5."
    ],
    [
      "a badge on no tube",
      { badges: [badge("b", [{ scope: "CappedTubes", threshold: 50, cappedTubes: [] }])] },
      "Un critère du résultat thématique Badge b porte sur au moins un sujet."
    ],
    [
      "two badges with one key",
      {
        badges: [
          badge("b", [{ scope: "CampaignParticipation", threshold: 50 }]),
          { ...badge("c", [{ scope: "CampaignParticipation", threshold: 50 }]), key: "B" }
        ]
      },
      "La clé B est utilisée par plusieurs résultats thématiques."
    ],
    [
      "a badge without alternative text",
      { badges: [{ ...badge("b", [{ scope: "CampaignParticipation", threshold: 50 }]), altMessage: "" }] },
      "Le résultat thématique Badge b doit avoir un message et un texte alternatif."
    ]
  ])("%s", (_, overrides, message) => {
    const input = definition(overrides)
    const before = JSON.stringify(input)
    expect(problemsOf(input)).toContain(message)
    expect(JSON.stringify(input)).toBe(before)
  })

  it("reads untrusted data: a wrong shape is refused before the rules", () => {
    for (const input of [
      null,
      42,
      { id: "tp" },
      { ...tenSkills, tubes: [{ tube: "@a", competenceId: "1.1", level: "3" }] }
    ]) {
      const decoded = TargetProfileDefinition.decodeUnknown(input)
      expect(Result.isFailure(decoded) && decoded.failure.code).toBe("INVALID_TARGET_PROFILE")
      expect(Result.isFailure(decoded) && decoded.failure.message).toBe("Le profil cible n'est pas au bon format.")
    }
    const decoded = TargetProfileDefinition.decodeUnknown(JSON.parse(JSON.stringify({ ...tenSkills, name: "" })))
    expect(Result.isFailure(decoded) && decoded.failure.message).toBe("Le profil cible doit avoir un nom.")
    expect(Result.getOrThrow(TargetProfileDefinition.decodeUnknown(JSON.parse(JSON.stringify(tenSkills))))).toEqual(
      build(tenSkills)
    )
  })
})

// Random valid definitions: tubes over random competences, a threshold or a level ladder (with or without a
// first-skill stage) and badges on the whole profile or on random capped tubes.
const letters = "abcdefghij"
const definitionArbitrary: fc.Arbitrary<Definition> = fc
  .array(
    fc.record({ competenceId: fc.constantFrom(...Competences.competenceIds), level: fc.integer({ min: 1, max: 8 }) }),
    {
      minLength: 1,
      maxLength: 6
    }
  )
  .chain((rawTubes) => {
    const tubes = rawTubes.map((tube, i) => ({ tube: `@sujet${letters[i]}`, ...tube }))
    const maxLevel = Math.max(...tubes.map((t) => t.level))
    const ladder = fc.oneof(
      fc
        .uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 5 })
        .map((thresholds) => [0, ...thresholds].map((threshold) => stage(`t${threshold}`, { threshold }))),
      fc
        .uniqueArray(fc.integer({ min: 1, max: maxLevel }), { maxLength: 4 })
        .map((levels) => [0, ...levels].map((level) => stage(`n${level}`, { level }))),
      fc.constant([])
    )
    const criterion = fc.oneof(
      fc.integer({ min: 1, max: 100 }).map((threshold) => ({ scope: "CampaignParticipation" as const, threshold })),
      fc.record({
        scope: fc.constant("CappedTubes" as const),
        threshold: fc.integer({ min: 1, max: 100 }),
        cappedTubes: fc
          .subarray(tubes, { minLength: 1 })
          .chain((chosen) =>
            fc.tuple(
              ...chosen.map((t) => fc.integer({ min: 1, max: t.level }).map((level) => ({ tube: t.tube, level })))
            )
          )
      })
    )
    const badges = fc
      .array(fc.array(criterion, { minLength: 1, maxLength: 3 }), { maxLength: 3 })
      .map((list) => list.map((criteria, i) => badge(`b${i}`, criteria)))
    return fc.record({ stages: ladder, firstSkill: fc.boolean(), badges }).map(({ stages, firstSkill, badges }) =>
      definition({
        tubes,
        stages: firstSkill && stages.length > 0 ? [...stages, stage("premier", { isFirstSkill: true })] : stages,
        badges
      })
    )
  })

// A profile and two validated sets, the second containing the first.
const scenario = definitionArbitrary.chain((d) => {
  const profile = build(d)
  const ids = profile.skills.map((s) => s.id)
  return fc
    .tuple(fc.subarray(ids), fc.subarray(ids))
    .map(([some, more]) => ({ definition: d, profile, some, more: [...new Set([...some, ...more])] }))
})

describe("stages and badges, for any valid profile (properties)", () => {
  it("every generated definition is valid (the generator is honest)", () => {
    fc.assert(
      fc.property(definitionArbitrary, (d) => {
        expect(TargetProfileDefinition.problems(d)).toEqual([])
      }),
      runs
    )
  })

  it("the first stage is always reached, with no validated skill it is the zero stage, never beyond the last", () => {
    fc.assert(
      fc.property(scenario, ({ profile, some }) => {
        const none = TargetProfile.achievements(profile, []).reachedStage
        const reached = TargetProfile.achievements(profile, some).reachedStage
        if ((profile.stages ?? []).length === 0) {
          expect(reached).toBeUndefined()
          return
        }
        expect(none?.reachedStage).toBe(1)
        expect(Stage.isZeroStage(none!.stage)).toBe(true)
        expect(profile.stages?.[0]).toBe(none?.stage)
        expect(reached!.reachedStage).toBeGreaterThanOrEqual(1)
        expect(reached!.reachedStage).toBeLessThanOrEqual(reached!.totalStages)
        expect(reached!.totalStages).toBe(profile.stages?.length)
      }),
      runs
    )
  })

  it("the reached stage is the number of stages acquired the way Pix acquires them (zero, first skill, thresholds)", () => {
    fc.assert(
      fc.property(scenario, ({ profile, some }) => {
        const achieved = TargetProfile.achievements(profile, some)
        const acquired = (profile.stages ?? []).filter((s) =>
          Stage.isZeroStage(s)
            ? true
            : s.isFirstSkill === true
              ? achieved.validatedSkillsCount >= 1
              : Stage.thresholdOf(s, profile.skills)! <= achieved.masteryPercentage
        ).length
        expect(achieved.reachedStage?.reachedStage ?? 0).toBe(acquired)
      }),
      runs
    )
  })

  it("the ladder's thresholds never decrease, and level stages' thresholds grow with the level", () => {
    fc.assert(
      fc.property(definitionArbitrary, (d) => {
        const profile = build(d)
        const thresholds = (profile.stages ?? []).flatMap((s) => {
          const t = Stage.thresholdOf(s, profile.skills)
          return t === undefined ? [] : [t]
        })
        expect(thresholds).toEqual([...thresholds].sort((a, b) => a - b))
      }),
      runs
    )
  })

  it("a badge is acquired iff every criterion holds on its own skills", () => {
    fc.assert(
      fc.property(scenario, ({ definition: d, profile, some }) => {
        const validated = new Set(some)
        const skillIds = profile.skills.map((s) => s.id)
        const percentage = (ids: ReadonlyArray<string>) =>
          ids.length === 0 ? 0 : Math.round((ids.filter((id) => validated.has(id)).length * 100) / ids.length)
        const holds = (criterion: Badge.Criterion) => {
          if (criterion.scope === "CampaignParticipation") return percentage(skillIds) >= criterion.threshold
          const ids = criterion.cappedTubes.flatMap((c) =>
            Array.from({ length: c.level }, (_, i) => `${c.tube}${i + 1}`)
          )
          return percentage(ids) >= criterion.threshold
        }
        const results = TargetProfile.achievements(profile, some).badges
        expect(results.map((r) => r.badge.id)).toEqual(d.badges.map((b) => b.id))
        for (const result of results) expect(result.acquired).toBe(result.badge.criteria.every(holds))
      }),
      runs
    )
  })

  it("validating more skills never loses a stage or a badge", () => {
    fc.assert(
      fc.property(scenario, ({ profile, some, more }) => {
        const before = TargetProfile.achievements(profile, some)
        const after = TargetProfile.achievements(profile, more)
        expect(after.masteryPercentage).toBeGreaterThanOrEqual(before.masteryPercentage)
        expect(after.reachedStage?.reachedStage ?? 0).toBeGreaterThanOrEqual(before.reachedStage?.reachedStage ?? 0)
        for (const badge of TargetProfile.acquiredBadges(before))
          expect(TargetProfile.acquiredBadges(after)).toContain(badge)
      }),
      runs
    )
  })

  it("one prepared evaluator serves every participant of a campaign, whatever the order", () => {
    fc.assert(
      fc.property(scenario, ({ profile, some, more }) => {
        const evaluate = TargetProfile.evaluator(profile)
        const first = evaluate(more)
        expect(evaluate(new Set(some))).toEqual(TargetProfile.achievements(profile, some))
        expect(evaluate(more)).toEqual(first)
      }),
      runs
    )
  })

  it("skill ids outside the profile change nothing", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.string().map((s) => `@ailleurs${s}`)), ({ profile, some }, outside) => {
        expect(TargetProfile.achievements(profile, [...some, ...outside])).toEqual(
          TargetProfile.achievements(profile, some)
        )
      }),
      runs
    )
  })
})
