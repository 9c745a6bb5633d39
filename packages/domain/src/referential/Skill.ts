/**
 * Skills (acquis): `@tube` + difficulty 1..8, each belonging to one competence through its tube.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as DomainError from "../DomainError.ts"
import * as Competences from "./Competences.ts"

/**
 * A skill of the referential, e.g. `@rechercherInfo3` of competence 1.1.
 *
 * @since 0.1.0
 */
export interface Skill {
  readonly id: string
  /** `@tube` + difficulty, e.g. `@rechercherInfo3`. */
  readonly name: string
  readonly tube: string
  readonly difficulty: number
  readonly competenceId: string
}

const skillName = /^@([A-Za-z][A-Za-z0-9_]*?)([1-8])$/

/**
 * Splits a skill name into its tube and difficulty; `undefined` when the name is not `@tube` + 1..8.
 *
 * @since 0.1.0
 */
export const parseName = (name: string): { readonly tube: string; readonly difficulty: number } | undefined => {
  const match = skillName.exec(name)
  if (match === null) return undefined
  return { tube: `@${match[1]}`, difficulty: Number(match[2]) }
}

/**
 * A skill whose name is not `@tube` + 1..8, or whose competence the referential does not have.
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidSkill = (name: string, competenceId: string) =>
  DomainError.make(
    "InvalidInput",
    "INVALID_SKILL",
    `L'acquis ${name} n'est pas valide : son nom doit être @tube1 à @tube8 et sa compétence exister dans le référentiel.`,
    { name, competenceId }
  )

/**
 * Builds a skill from its id, name and competence; refuses a malformed name or an unknown competence
 * (`INVALID_SKILL`, one message for both).
 *
 * @since 0.1.0
 */
export const make = (input: {
  readonly id: string
  readonly name: string
  readonly competenceId: string
}): Result.Result<Skill, DomainError.DomainError> => {
  const parsed = parseName(input.name)
  if (parsed === undefined || Competences.findCompetence(input.competenceId) === undefined)
    return Result.fail(invalidSkill(input.name, input.competenceId))
  return Result.succeed({ ...input, ...parsed })
}
