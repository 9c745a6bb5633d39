/**
 * Badges (résultats thématiques) of a target profile: a title the participant earns when every criterion of
 * the badge holds, shown in Pix Orga's results and exported as "{badge} obtenu (O/N)".
 *
 * Pix's rules, followed here: a criterion is either on the whole campaign (`CampaignParticipation`: the mastery
 * percentage of all the target skills) or on capped tubes (`CappedTubes`: the target skills of the listed
 * tubes whose difficulty is at most the tube's cap, pooled). A criterion holds when that mastery percentage
 * (rounded to the nearest integer) is at least its threshold; a badge is acquired iff all its criteria hold.
 * A badge may be certifiable (it opens a complementary certification in Pix) and always visible (shown even
 * when not acquired).
 *
 * @since 0.2.0
 */
import * as Competences from "./Competences.ts"
import type { Skill } from "./Skill.ts"
import { masteryPercentage } from "./Stage.ts"

/**
 * A tube capped at a level: the tube's skills of difficulty 1..level count.
 *
 * @category models
 * @since 0.2.0
 */
export interface CappedTube {
  /** The tube, as skills name it: `@rechercherInfo`. */
  readonly tube: string
  readonly level: number
}

/**
 * One criterion of a badge.
 *
 * @category models
 * @since 0.2.0
 */
export type Criterion =
  | { readonly scope: "CampaignParticipation"; readonly threshold: number }
  | {
      readonly scope: "CappedTubes"
      readonly threshold: number
      /** Shown to the teacher, e.g. "Compétence 1.1". */
      readonly name?: string
      readonly cappedTubes: ReadonlyArray<CappedTube>
    }

/**
 * A badge and its criteria.
 *
 * @category models
 * @since 0.2.0
 */
export interface Badge {
  readonly id: string
  /** A stable key (Pix's `key`), e.g. `PIX_3E_INFO`. */
  readonly key: string
  /** The name people read, and the export's "{title} obtenu (O/N)" column. */
  readonly title: string
  readonly message: string
  /** The image's alternative text (Pix's `altMessage`). */
  readonly altMessage: string
  readonly isCertifiable: boolean
  readonly isAlwaysVisible: boolean
  readonly criteria: ReadonlyArray<Criterion>
}

/**
 * Whether a badge was acquired, and how far each criterion went.
 *
 * @category models
 * @since 0.2.0
 */
export interface BadgeResult {
  readonly badge: Badge
  readonly acquired: boolean
  /** The mastery percentage of each criterion's skills, in the badge's order. */
  readonly criteria: ReadonlyArray<{ readonly criterion: Criterion; readonly masteryPercentage: number }>
}

/**
 * The target skills a criterion counts.
 *
 * @category getters
 * @since 0.2.0
 */
export const skillsOf = (criterion: Criterion, skills: ReadonlyArray<Skill>): ReadonlyArray<Skill> => {
  if (criterion.scope === "CampaignParticipation") return skills
  return skills.filter((skill) =>
    criterion.cappedTubes.some((capped) => capped.tube === skill.tube && skill.difficulty <= capped.level)
  )
}

/**
 * A criterion on one competence: every tube of the competence in the profile, at its highest difficulty (how a
 * "résultat thématique" on a competence is written with Pix's capped tubes).
 *
 * @category constructors
 * @since 0.2.0
 */
export const onCompetence = (competenceId: string, threshold: number, skills: ReadonlyArray<Skill>): Criterion => {
  const caps = new Map<string, number>()
  for (const skill of skills)
    if (skill.competenceId === competenceId) caps.set(skill.tube, Math.max(caps.get(skill.tube) ?? 0, skill.difficulty))
  return {
    scope: "CappedTubes",
    threshold,
    name: `${competenceId} ${Competences.findCompetence(competenceId)?.name ?? ""}`.trim(),
    cappedTubes: [...caps].map(([tube, level]) => ({ tube, level }))
  }
}

/**
 * Prepares the evaluation of one badge against a profile's skills (each criterion's skill ids computed once), for
 * evaluating many participants.
 *
 * @category constructors
 * @since 0.2.0
 */
export const evaluator = (
  badge: Badge,
  skills: ReadonlyArray<Skill>
): ((validated: ReadonlySet<string>) => BadgeResult) => {
  const counted = badge.criteria.map((criterion) => ({
    criterion,
    ids: skillsOf(criterion, skills).map((skill) => skill.id)
  }))
  return (validated) => {
    const criteria = counted.map(({ criterion, ids }) => {
      let validatedCount = 0
      for (const id of ids) if (validated.has(id)) validatedCount++
      return { criterion, masteryPercentage: masteryPercentage(validatedCount, ids.length) }
    })
    return {
      badge,
      acquired: criteria.length > 0 && criteria.every((c) => c.masteryPercentage >= c.criterion.threshold),
      criteria
    }
  }
}

/**
 * Evaluates one badge against the validated skill ids (ids outside the profile are ignored).
 *
 * @category getters
 * @since 0.2.0
 */
export const evaluate = (badge: Badge, skills: ReadonlyArray<Skill>, validated: ReadonlySet<string>): BadgeResult =>
  evaluator(badge, skills)(validated)

/**
 * The export's column header for a badge: "{title} obtenu (O/N)".
 *
 * @category getters
 * @since 0.2.0
 */
export const exportHeader = (badge: Badge): string => `${badge.title} obtenu (O/N)`

const isIntegerIn = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max

/**
 * The problems of a profile's badges, in French (empty when valid): distinct ids and keys, a title, a message
 * and an alternative text, at least one criterion, integer thresholds 1..100, capped tubes that exist in the
 * profile with a cap between 1 and the tube's highest difficulty.
 *
 * @category guards
 * @since 0.2.0
 */
export const problems = (badges: ReadonlyArray<Badge>, skills: ReadonlyArray<Skill>): ReadonlyArray<string> => {
  const found: Array<string> = []
  const ids = new Set<string>()
  const keys = new Set<string>()
  const tubeLevels = new Map<string, number>()
  for (const skill of skills) tubeLevels.set(skill.tube, Math.max(tubeLevels.get(skill.tube) ?? 0, skill.difficulty))
  for (const badge of badges) {
    const label = badge.title.trim() === "" ? badge.id : badge.title
    if (badge.id.trim() === "") found.push("Chaque résultat thématique doit avoir un identifiant.")
    else if (ids.has(badge.id))
      found.push(`L'identifiant de résultat thématique ${badge.id} est utilisé plusieurs fois.`)
    ids.add(badge.id)
    if (badge.key.trim() === "") found.push(`Le résultat thématique ${label} doit avoir une clé.`)
    else if (keys.has(badge.key)) found.push(`La clé ${badge.key} est utilisée par plusieurs résultats thématiques.`)
    keys.add(badge.key)
    if (badge.title.trim() === "") found.push(`Le résultat thématique ${badge.id} doit avoir un titre.`)
    if (badge.message.trim() === "" || badge.altMessage.trim() === "")
      found.push(`Le résultat thématique ${label} doit avoir un message et un texte alternatif.`)
    if (badge.criteria.length === 0) found.push(`Le résultat thématique ${label} doit avoir au moins un critère.`)
    for (const criterion of badge.criteria) {
      if (!isIntegerIn(criterion.threshold, 1, 100))
        found.push(`Le seuil d'un critère du résultat thématique ${label} est un nombre entier de 1 à 100.`)
      if (criterion.scope !== "CappedTubes") continue
      if (criterion.cappedTubes.length === 0)
        found.push(`Un critère du résultat thématique ${label} porte sur au moins un sujet.`)
      for (const capped of criterion.cappedTubes) {
        const highest = tubeLevels.get(capped.tube)
        if (highest === undefined)
          found.push(`Le sujet ${capped.tube} du résultat thématique ${label} n'est pas dans le profil cible.`)
        else if (!isIntegerIn(capped.level, 1, highest))
          found.push(
            `Le niveau du sujet ${capped.tube} du résultat thématique ${label} est un nombre entier de 1 à ${highest}.`
          )
      }
    }
  }
  return found
}
