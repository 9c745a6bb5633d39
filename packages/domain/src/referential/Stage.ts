/**
 * Stages (paliers) of a target profile: a ladder of mastery thresholds, each with a title and a message, that
 * tells a participant and his teacher how far he went ("palier 3 sur 5", shown as stars).
 *
 * Pix's rules, followed here: a ladder always starts with the zero stage (threshold 0, or level 0); every stage
 * is defined either by a threshold (0..100, a percentage of the target skills) or by a level (0..8: the share
 * of target skills whose difficulty is at most that level), never a mix; one optional "first skill" stage sits
 * right after the zero stage and is reached as soon as one target skill is validated. The reached stage is the
 * highest stage whose threshold is at most the participant's mastery percentage (validated target skills × 100
 * / target skills, rounded to the nearest integer); with no validated skill it is the zero stage. Stage numbers
 * are 1-based (`reachedStage` of `totalStages`); Pix shows `reachedStage − 1` stars out of `totalStages − 1`,
 * and its export's "Palier obtenu (/{stages-1})" column holds `reachedStage − 1`.
 *
 * @since 0.2.0
 */
import type { Skill } from "./Skill.ts"

/**
 * One stage of a target profile's ladder.
 *
 * @category models
 * @since 0.2.0
 */
export interface Stage {
  readonly id: string
  /** What the participant reads, e.g. "Vous avez atteint le palier 2". */
  readonly title: string
  readonly message: string
  /** What the teacher reads in Pix Orga (Pix's `prescriberTitle`), when different. */
  readonly prescriberTitle?: string
  readonly prescriberDescription?: string
  /** A percentage of the target skills, 0..100 (a threshold stage). */
  readonly threshold?: number
  /** A level 0..8 (a level stage): converted to a threshold against the profile's skills. */
  readonly level?: number
  /** The "first skill" stage (premier acquis): reached with one validated target skill; no threshold, no level. */
  readonly isFirstSkill?: boolean
}

/**
 * The stage a participant reached, with its 1-based number and the ladder's length.
 *
 * @category models
 * @since 0.2.0
 */
export interface ReachedStage {
  readonly stage: Stage
  /** 1-based: the zero stage is stage 1. */
  readonly reachedStage: number
  readonly totalStages: number
}

/**
 * Pix's mastery percentage: validated × 100 / total rounded to the nearest integer (0 without any skill), the
 * value compared with stage and badge thresholds.
 *
 * @category getters
 * @since 0.2.0
 */
export const masteryPercentage = (validatedCount: number, totalCount: number): number =>
  totalCount <= 0 ? 0 : Math.round((validatedCount * 100) / totalCount)

/**
 * Whether a stage is the zero stage (threshold 0 or level 0).
 *
 * @category guards
 * @since 0.2.0
 */
export const isZeroStage = (stage: Stage): boolean => stage.threshold === 0 || stage.level === 0

/**
 * The threshold of a stage against the profile's skills: its own threshold, or for a level stage the share of
 * skills of difficulty at most that level (Pix converts level stages this way); the first-skill stage has none.
 *
 * @category getters
 * @since 0.2.0
 */
export const thresholdOf = (stage: Stage, skills: ReadonlyArray<Skill>): number | undefined => {
  if (stage.isFirstSkill === true) return undefined
  if (stage.threshold !== undefined) return stage.threshold
  if (stage.level === undefined) return undefined
  if (stage.level === 0) return 0
  if (skills.length === 0) return 100
  return masteryPercentage(skills.filter((skill) => skill.difficulty <= stage.level!).length, skills.length)
}

/**
 * The ladder in Pix's order: by threshold (level stages converted first), the first-skill stage right after the
 * zero stage. Ties keep their given order.
 *
 * @category combinators
 * @since 0.2.0
 */
export const ladder = (stages: ReadonlyArray<Stage>, skills: ReadonlyArray<Skill>): ReadonlyArray<Stage> => {
  const regular = stages
    .filter((stage) => stage.isFirstSkill !== true)
    .map((stage, index) => ({ stage, index, threshold: thresholdOf(stage, skills) ?? 0 }))
    .sort((a, b) => a.threshold - b.threshold || a.index - b.index)
    .map(({ stage }) => stage)
  const firstSkill = stages.find((stage) => stage.isFirstSkill === true)
  return firstSkill === undefined || regular.length === 0 ? regular : [regular[0]!, firstSkill, ...regular.slice(1)]
}

/**
 * A stage of a ladder with its threshold against the profile's skills (`undefined` for the first-skill stage),
 * computed once so that evaluating many participants does not convert levels again.
 *
 * @category models
 * @since 0.2.0
 */
export interface Rung {
  readonly stage: Stage
  readonly threshold: number | undefined
}

/**
 * The ladder of a profile with each stage's threshold, in ladder order.
 *
 * @category constructors
 * @since 0.2.0
 */
export const rungs = (stages: ReadonlyArray<Stage>, skills: ReadonlyArray<Skill>): ReadonlyArray<Rung> =>
  ladder(stages, skills).map((stage) => ({ stage, threshold: thresholdOf(stage, skills) }))

/**
 * The stage reached on a prepared ladder with `validatedCount` validated target skills and Pix's rounded
 * mastery percentage; `undefined` on an empty ladder.
 *
 * @category getters
 * @since 0.2.0
 */
export const reachedOn = (
  ladder: ReadonlyArray<Rung>,
  validatedCount: number,
  percentage: number
): ReachedStage | undefined => {
  if (ladder.length === 0) return undefined
  let index = 0
  if (validatedCount > 0)
    ladder.forEach((rung, i) => {
      if (rung.stage.isFirstSkill === true || (rung.threshold !== undefined && rung.threshold <= percentage)) index = i
    })
  return { stage: ladder[index]!.stage, reachedStage: index + 1, totalStages: ladder.length }
}

/**
 * The stage reached with `validatedCount` validated target skills out of the profile's skills; `undefined`
 * when the profile has no stage.
 *
 * @category getters
 * @since 0.2.0
 */
export const reached = (
  stages: ReadonlyArray<Stage>,
  skills: ReadonlyArray<Skill>,
  validatedCount: number
): ReachedStage | undefined =>
  reachedOn(rungs(stages, skills), validatedCount, masteryPercentage(validatedCount, skills.length))

/**
 * What Pix writes in the export's "Palier obtenu" column and shows as stars: the reached stage number minus one
 * (the zero stage gives no star).
 *
 * @category getters
 * @since 0.2.0
 */
export const stars = (reachedStage: ReachedStage): number => reachedStage.reachedStage - 1

/**
 * The export's column header for a ladder of `totalStages` stages: "Palier obtenu (/{stages-1})".
 *
 * @category getters
 * @since 0.2.0
 */
export const exportHeader = (totalStages: number): string => `Palier obtenu (/${totalStages - 1})`

const isIntegerIn = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max

/**
 * The problems of a ladder, in French, for whoever defines a target profile (empty when the ladder is valid;
 * an empty ladder is valid: the profile has no stage). The same checks as Pix Admin: a zero stage, at most one
 * first-skill stage and without value, a threshold or a level on every other stage and never both kinds,
 * distinct values, a title and a message on each, thresholds within 0..100 and levels within 0..the profile's
 * highest skill difficulty.
 *
 * @category guards
 * @since 0.2.0
 */
export const problems = (stages: ReadonlyArray<Stage>, skills: ReadonlyArray<Skill>): ReadonlyArray<string> => {
  if (stages.length === 0) return []
  const found: Array<string> = []
  const ids = new Set<string>()
  for (const stage of stages) {
    if (stage.id.trim() === "") found.push("Chaque palier doit avoir un identifiant.")
    else if (ids.has(stage.id)) found.push(`L'identifiant de palier ${stage.id} est utilisé plusieurs fois.`)
    ids.add(stage.id)
  }
  if (!stages.some(isZeroStage)) found.push("Le palier zéro (seuil 0 ou niveau 0) est obligatoire.")
  const firstSkills = stages.filter((stage) => stage.isFirstSkill === true)
  if (firstSkills.length > 1) found.push("Un profil cible a au plus un palier « premier acquis ».")
  if (firstSkills.some((stage) => stage.threshold !== undefined || stage.level !== undefined))
    found.push("Le palier « premier acquis » n'a ni seuil ni niveau.")
  const regular = stages.filter((stage) => stage.isFirstSkill !== true)
  if (regular.some((stage) => stage.threshold === undefined && stage.level === undefined))
    found.push("Chaque palier doit avoir un seuil ou un niveau.")
  if (regular.some((stage) => stage.threshold !== undefined && stage.level !== undefined))
    found.push("Un palier a un seuil ou un niveau, pas les deux.")
  const thresholds = regular.flatMap((stage) => (stage.threshold === undefined ? [] : [stage.threshold]))
  const levels = regular.flatMap((stage) => (stage.level === undefined ? [] : [stage.level]))
  if (thresholds.length > 0 && levels.length > 0)
    found.push("Les paliers d'un profil cible sont tous définis par un seuil ou tous par un niveau.")
  const values = [...thresholds, ...levels]
  if (new Set(values).size !== values.length) found.push("Deux paliers ne peuvent pas avoir le même seuil ou niveau.")
  if (stages.some((stage) => stage.title.trim() === "" || stage.message.trim() === ""))
    found.push("Chaque palier doit avoir un titre et un message.")
  if (thresholds.some((threshold) => !isIntegerIn(threshold, 0, 100)))
    found.push("Le seuil d'un palier est un nombre entier de 0 à 100.")
  const maxLevel = skills.reduce((max, skill) => Math.max(max, skill.difficulty), 0)
  if (levels.some((level) => !isIntegerIn(level, 0, maxLevel)))
    found.push(`Le niveau d'un palier est un nombre entier de 0 à ${maxLevel}, le niveau le plus haut du profil cible.`)
  return found
}
