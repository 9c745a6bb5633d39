/**
 * Target profiles (profils cibles, "parcours"): a named set of skills, each with its competence. An ASSESSMENT
 * campaign uses exactly one; mastery rates are computed against its skills.
 *
 * @since 0.1.0
 */
import * as Badge from "./Badge.ts"
import * as Competences from "./Competences.ts"
import type { Skill } from "./Skill.ts"
import * as Stage from "./Stage.ts"

/**
 * A target profile and its skills.
 *
 * @since 0.1.0
 */
export interface TargetProfile {
  readonly id: string
  readonly name: string
  readonly skills: ReadonlyArray<Skill>
  /** Whether a participant may reset his knowledge to retake a campaign (Pix's `areKnowledgeElementsResettable`). */
  readonly areKnowledgeElementsResettable: boolean
  /** What the profile assesses, for whoever picks it (optional: older profiles have none). */
  readonly description?: string | undefined
  /** The stages (paliers), in ladder order; none when absent. See {@link Stage}. */
  readonly stages?: ReadonlyArray<Stage.Stage> | undefined
  /** The badges (résultats thématiques); none when absent. See {@link Badge}. */
  readonly badges?: ReadonlyArray<Badge.Badge> | undefined
}

/**
 * Validated and target skill counts for one competence or area.
 *
 * @since 0.1.0
 */
export interface MasteryCount {
  readonly id: string
  readonly validatedSkillsCount: number
  readonly targetSkillsCount: number
}

/**
 * Mastery of a set of validated skill ids against a target profile: overall, per competence and per area
 * (competences and areas without target skills are left out).
 *
 * @since 0.1.0
 */
export interface Mastery {
  readonly validatedSkillsCount: number
  readonly targetSkillsCount: number
  /** validated / target, 0 when the profile has no skill. */
  readonly masteryRate: number
  readonly competences: ReadonlyArray<MasteryCount>
  readonly areas: ReadonlyArray<MasteryCount>
}

/**
 * A ratio that never divides by zero.
 *
 * @since 0.1.0
 */
export const rate = (validated: number, target: number): number => (target === 0 ? 0 : validated / target)

/**
 * Computes the mastery of the validated skills within the target profile's skills (ids outside the profile
 * are ignored: they say nothing about this profile).
 *
 * @since 0.1.0
 */
export const mastery = (profile: TargetProfile, validatedSkillIds: Iterable<string>): Mastery => {
  const validated = new Set(validatedSkillIds)
  const perCompetence = new Map<string, { validated: number; target: number }>()
  let validatedCount = 0
  for (const skill of profile.skills) {
    const entry = perCompetence.get(skill.competenceId) ?? { validated: 0, target: 0 }
    entry.target++
    if (validated.has(skill.id)) {
      entry.validated++
      validatedCount++
    }
    perCompetence.set(skill.competenceId, entry)
  }
  const competenceCounts: Array<MasteryCount> = []
  const perArea = new Map<string, { validated: number; target: number }>()
  for (const competence of Competences.competences) {
    const entry = perCompetence.get(competence.id)
    if (entry === undefined) continue
    competenceCounts.push({
      id: competence.id,
      validatedSkillsCount: entry.validated,
      targetSkillsCount: entry.target
    })
    const area = perArea.get(competence.areaId) ?? { validated: 0, target: 0 }
    area.validated += entry.validated
    area.target += entry.target
    perArea.set(competence.areaId, area)
  }
  const areaCounts = Competences.areas.flatMap((area) => {
    const entry = perArea.get(area.id)
    return entry === undefined
      ? []
      : [{ id: area.id, validatedSkillsCount: entry.validated, targetSkillsCount: entry.target }]
  })
  return {
    validatedSkillsCount: validatedCount,
    targetSkillsCount: profile.skills.length,
    masteryRate: rate(validatedCount, profile.skills.length),
    competences: competenceCounts,
    areas: areaCounts
  }
}

/**
 * What a participant earned against a target profile: Pix's rounded mastery percentage, the stage reached and
 * every badge with whether it was acquired.
 *
 * @category models
 * @since 0.2.0
 */
export interface Achievements {
  readonly validatedSkillsCount: number
  /** validated × 100 / target, rounded (the value stages and badges are compared with). */
  readonly masteryPercentage: number
  /** `undefined` when the profile has no stage. */
  readonly reachedStage: Stage.ReachedStage | undefined
  /** Every badge of the profile, in its order. */
  readonly badges: ReadonlyArray<Badge.BadgeResult>
}

/**
 * Prepares the evaluation of a target profile's stages and badges (ladder thresholds and criteria's skills
 * computed once), for evaluating every participant of a campaign with one profile.
 *
 * @category constructors
 * @since 0.2.0
 */
export const evaluator = (profile: TargetProfile): ((validatedSkillIds: Iterable<string>) => Achievements) => {
  const ladder = Stage.rungs(profile.stages ?? [], profile.skills)
  const badges = (profile.badges ?? []).map((badge) => Badge.evaluator(badge, profile.skills))
  const skillIds = profile.skills.map((skill) => skill.id)
  return (validatedSkillIds) => {
    const validated =
      validatedSkillIds instanceof Set ? (validatedSkillIds as ReadonlySet<string>) : new Set(validatedSkillIds)
    let validatedSkillsCount = 0
    for (const id of skillIds) if (validated.has(id)) validatedSkillsCount++
    const masteryPercentage = Stage.masteryPercentage(validatedSkillsCount, skillIds.length)
    return {
      validatedSkillsCount,
      masteryPercentage,
      reachedStage: Stage.reachedOn(ladder, validatedSkillsCount, masteryPercentage),
      badges: badges.map((evaluate) => evaluate(validated))
    }
  }
}

/**
 * Evaluates the stages and badges of a target profile for the validated skill ids of an assessment outcome
 * (ids outside the profile are ignored; tested-but-failed skills count as not validated).
 *
 * @category getters
 * @since 0.2.0
 */
export const achievements = (profile: TargetProfile, validatedSkillIds: Iterable<string>): Achievements =>
  evaluator(profile)(validatedSkillIds)

/**
 * The badges acquired, in the profile's order.
 *
 * @category getters
 * @since 0.2.0
 */
export const acquiredBadges = (achieved: Achievements): ReadonlyArray<Badge.Badge> =>
  achieved.badges.filter((result) => result.acquired).map((result) => result.badge)
