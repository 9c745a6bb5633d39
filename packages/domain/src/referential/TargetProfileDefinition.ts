/**
 * The data form of a target profile, as a back office writes it and a catalogue ships it: capped tubes per
 * competence (Pix defines a profile by its tubes and a level cap on each), stages and badges. `decodeUnknown`
 * reads untrusted JSON, `build` checks every rule and derives the skills, so a profile in use is always valid.
 *
 * A tube `@rechercherInfo` capped at level 3 gives the skills `@rechercherInfo1`, `@rechercherInfo2` and
 * `@rechercherInfo3`; a skill's id is its name, which is unique in the Pix referential.
 *
 * @since 0.2.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as DomainError from "../DomainError.ts"
import * as Badge from "./Badge.ts"
import * as Competences from "./Competences.ts"
import * as Skill from "./Skill.ts"
import * as Stage from "./Stage.ts"
import type { TargetProfile } from "./TargetProfile.ts"

const CappedTube = Schema.Struct({ tube: Schema.String, level: Schema.Number })

const Criterion = Schema.Union([
  Schema.Struct({ scope: Schema.Literal("CampaignParticipation"), threshold: Schema.Number }),
  Schema.Struct({
    scope: Schema.Literal("CappedTubes"),
    threshold: Schema.Number,
    name: Schema.optionalKey(Schema.String),
    cappedTubes: Schema.Array(CappedTube)
  })
])

/**
 * A stage as data (see {@link Stage.Stage}).
 *
 * @category schemas
 * @since 0.2.0
 */
export const StageDefinition = Schema.Struct({
  id: Schema.String,
  title: Schema.String,
  message: Schema.String,
  prescriberTitle: Schema.optionalKey(Schema.String),
  prescriberDescription: Schema.optionalKey(Schema.String),
  threshold: Schema.optionalKey(Schema.Number),
  level: Schema.optionalKey(Schema.Number),
  isFirstSkill: Schema.optionalKey(Schema.Boolean)
})

/**
 * A badge as data (see {@link Badge.Badge}).
 *
 * @category schemas
 * @since 0.2.0
 */
export const BadgeDefinition = Schema.Struct({
  id: Schema.String,
  key: Schema.String,
  title: Schema.String,
  message: Schema.String,
  altMessage: Schema.String,
  isCertifiable: Schema.Boolean,
  isAlwaysVisible: Schema.Boolean,
  criteria: Schema.Array(Criterion)
})

/**
 * A tube of the profile, its competence and its level cap (1..8).
 *
 * @category schemas
 * @since 0.2.0
 */
export const TubeDefinition = Schema.Struct({ tube: Schema.String, competenceId: Schema.String, level: Schema.Number })

/**
 * A target profile as data.
 *
 * @category schemas
 * @since 0.2.0
 */
export const Definition = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  areKnowledgeElementsResettable: Schema.Boolean,
  tubes: Schema.Array(TubeDefinition),
  stages: Schema.Array(StageDefinition),
  badges: Schema.Array(BadgeDefinition)
})

/**
 * A target profile as data, decoded.
 *
 * @category models
 * @since 0.2.0
 */
export type Definition = typeof Definition.Type

// The one factory of `INVALID_TARGET_PROFILE`: the first problem is the message, every problem is in `meta`.
const invalid = (problems: ReadonlyArray<string>, meta: Readonly<Record<string, unknown>>): DomainError.DomainError =>
  DomainError.make("InvalidInput", "INVALID_TARGET_PROFILE", problems[0] ?? "Le profil cible est invalide.", {
    ...meta,
    problems
  })

/**
 * The skills of a tube list: difficulties 1..level of each tube (tubes with a bad name, competence or level are
 * left out; {@link problems} reports them).
 *
 * @category getters
 * @since 0.2.0
 */
export const skillsOf = (tubes: Definition["tubes"]): ReadonlyArray<Skill.Skill> =>
  tubes.flatMap((tube) =>
    Number.isInteger(tube.level)
      ? Array.from({ length: Math.max(0, Math.min(tube.level, Competences.frameworkMaxLevel)) }, (_, i) =>
          Skill.make({ id: `${tube.tube}${i + 1}`, name: `${tube.tube}${i + 1}`, competenceId: tube.competenceId })
        ).flatMap((made) => (Result.isSuccess(made) ? [made.success] : []))
      : []
  )

/**
 * Every problem of a definition, in French (empty when valid): a name, at least one tube, each tube well named
 * (`@` + letters), of a known competence, capped at 1..8 and listed once, then the stages' and badges' rules.
 *
 * @category guards
 * @since 0.2.0
 */
export const problems = (definition: Definition): ReadonlyArray<string> => {
  const found: Array<string> = []
  if (definition.id.trim() === "") found.push("Le profil cible doit avoir un identifiant.")
  if (definition.name.trim() === "") found.push("Le profil cible doit avoir un nom.")
  if (definition.tubes.length === 0) found.push("Le profil cible doit avoir au moins un sujet.")
  const seen = new Set<string>()
  for (const tube of definition.tubes) {
    if (Skill.parseName(`${tube.tube}1`)?.tube !== tube.tube)
      found.push(`Le sujet ${tube.tube} n'est pas au format @sujet.`)
    if (Competences.findCompetence(tube.competenceId) === undefined)
      found.push(`La compétence ${tube.competenceId} du sujet ${tube.tube} n'existe pas.`)
    if (!Number.isInteger(tube.level) || tube.level < 1 || tube.level > Competences.frameworkMaxLevel)
      found.push(`Le niveau du sujet ${tube.tube} est un nombre entier de 1 à ${Competences.frameworkMaxLevel}.`)
    if (seen.has(tube.tube)) found.push(`Le sujet ${tube.tube} est présent plusieurs fois.`)
    seen.add(tube.tube)
  }
  const skills = skillsOf(definition.tubes)
  return [...found, ...Stage.problems(definition.stages, skills), ...Badge.problems(definition.badges, skills)]
}

/**
 * Builds a target profile from its definition: its skills, its stages in ladder order, its badges; refuses an
 * invalid definition with `INVALID_TARGET_PROFILE` (the first problem as message, all of them in
 * `meta.problems`).
 *
 * @category constructors
 * @since 0.2.0
 */
export const build = (definition: Definition): Result.Result<TargetProfile, DomainError.DomainError> => {
  const found = problems(definition)
  if (found.length > 0) return Result.fail(invalid(found, { targetProfileId: definition.id }))
  const skills = skillsOf(definition.tubes)
  return Result.succeed({
    id: definition.id,
    name: definition.name,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    areKnowledgeElementsResettable: definition.areKnowledgeElementsResettable,
    skills,
    stages: Stage.ladder(definition.stages, skills),
    badges: definition.badges
  })
}

/**
 * Reads a target profile from untrusted data (a back office form, a JSON file): the shape first
 * (`INVALID_TARGET_PROFILE` "Le profil cible n'est pas au bon format." with the schema's explanation in
 * `meta.issue`), then {@link build}'s rules.
 *
 * @category constructors
 * @since 0.2.0
 */
export const decodeUnknown = (input: unknown): Result.Result<TargetProfile, DomainError.DomainError> => {
  const decoded = Schema.decodeUnknownResult(Definition)(input)
  if (Result.isFailure(decoded))
    return Result.fail(invalid(["Le profil cible n'est pas au bon format."], { issue: decoded.failure.message }))
  return build(decoded.success)
}
