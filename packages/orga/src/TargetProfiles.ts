/**
 * A small catalogue of target profiles, for demos, tests and benchmarks (a real deployment passes the
 * target profiles Pix offers to its organizations).
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import { Skill, type TargetProfile, TargetProfileCatalogue, type TargetProfileDefinition } from "./internal/Domain.ts"

const skill = (id: string, name: string, competenceId: string) => {
  const made = Skill.make({ id, name, competenceId })
  if (Result.isFailure(made)) throw new Error(`bad skill ${name}`)
  return made.success
}

/**
 * "Parcours 2nde / 3e" sample: 12 skills over 4 competences of 3 areas.
 *
 * @since 0.1.0
 */
export const sample: TargetProfile.TargetProfile = {
  id: "tp-socle",
  name: "Parcours socle numérique",
  areKnowledgeElementsResettable: false,
  skills: [
    skill("sk-1", "@rechercherInfo1", "1.1"),
    skill("sk-2", "@rechercherInfo2", "1.1"),
    skill("sk-3", "@rechercherInfo3", "1.1"),
    skill("sk-4", "@fichiers1", "1.2"),
    skill("sk-5", "@fichiers2", "1.2"),
    skill("sk-6", "@messagerie1", "2.1"),
    skill("sk-7", "@messagerie2", "2.1"),
    skill("sk-8", "@messagerie3", "2.1"),
    skill("sk-9", "@algo1", "3.4"),
    skill("sk-10", "@algo2", "3.4"),
    skill("sk-11", "@algo3", "3.4"),
    skill("sk-12", "@algo4", "3.4")
  ]
}

/**
 * The realistic profiles Orga ships as data, over the 16 competences, each with stages and badges: "Parcours 3e —
 * les 16 compétences" (`tp-college-3e`) and "Parcours 2nde" (`tp-lycee-2nde`). A deployment creates them with
 * `BackOffice.createTargetProfile` and attaches them to its organizations (the demo seed does).
 *
 * @since 0.2.0
 */
export const catalogue: ReadonlyArray<TargetProfileDefinition.Definition> = TargetProfileCatalogue.definitions
