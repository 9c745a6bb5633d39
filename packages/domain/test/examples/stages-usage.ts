import { Badge, French, Stage, TargetProfile, TargetProfileCatalogue, TargetProfileDefinition } from "@orga/domain"
import * as Result from "effect/Result"

// A 3e student's result against the shipped 3e profile: mastery, stage, badges, as a result page and the
// assessment export say them; then a back office definition refused for a missing zero stage.
export const stagesUsage = (): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const profile = TargetProfileCatalogue.find("tp-college-3e")
  if (profile === undefined) return ["no 3e profile"]
  const stages = profile.stages ?? []
  const badges = profile.badges ?? []
  lines.push(
    `${profile.name} : ${French.count(profile.skills.length, "acquis", "acquis")}, ${French.count(stages.length, "palier")}, ${French.count(badges.length, "résultat thématique", "résultats thématiques")}`
  )

  // The outcome of the test arrives as validated skill ids; here every skill up to difficulty 2.
  const validated = profile.skills.filter((skill) => skill.difficulty <= 2).map((skill) => skill.id)
  const achieved = TargetProfile.achievements(profile, validated)
  const reached = achieved.reachedStage
  if (reached !== undefined) {
    lines.push(`Léa : ${French.percent(achieved.masteryPercentage / 100)}, « ${reached.stage.title} »`)
    lines.push(`${Stage.exportHeader(reached.totalStages)} : ${Stage.stars(reached)}`)
  }
  for (const result of achieved.badges)
    lines.push(`${Badge.exportHeader(result.badge)} : ${French.yesNo(result.acquired)}`)

  // A back office sends a ladder without its zero stage: refused, with the rule in French.
  const refused = TargetProfileDefinition.decodeUnknown({
    id: "tp-6e",
    name: "Parcours de rentrée 6e",
    areKnowledgeElementsResettable: false,
    tubes: [{ tube: "@rechercherInfo", competenceId: "1.1", level: 2 }],
    stages: [{ id: "p1", threshold: 50, title: "La moitié", message: "Vous avez validé la moitié du parcours." }],
    badges: []
  })
  if (Result.isFailure(refused)) lines.push(`refusé : ${refused.failure.code} (${refused.failure.message})`)
  lines.push(`profil envoyé le ${French.dateTime("2026-12-10T13:05:00.000Z")}, année ${French.schoolYear("2026")}`)
  return lines
}
