/**
 * Participations: a student joins a campaign by its code (linked to his learner by reconciliation where the school manages its students), records his assessment's outcome, and shares his results or profile.
 *
 * One of the front door's services: `Orga.layer(config)` provides it with the others over one set of read models
 * and one write path; an app takes the services it uses.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CommandOptions, OrgaActor, OrgaError, TypedIdentity } from "./Orga.ts"
import type * as Views from "./Views.ts"

/**
 * The use cases and queries of this service.
 *
 * @category models
 * @since 0.1.0
 */
export interface ParticipationsShape {
  /**
   * Joins a campaign by its code. Where the school manages its students, the account is first linked to a learner:
   * by INE when the student was linked in another school (§5.4.1, nothing to type), else by the identity he typed.
   */
  readonly joinCampaign: (
    actor: OrgaActor,
    input: Partial<TypedIdentity> & {
      readonly code: string
      readonly participantExternalId?: string | null
      /**
       * A retake that resets the participant's knowledge (§5.2 step 8: the profile allows it, the campaign has
       * multiple sendings, 4 days since sharing). Joining a campaign of multiple sendings again, after sharing, is
       * the re-send of a profile or the retake of an assessment.
       */
      readonly isReset?: boolean
    },
    options?: CommandOptions
  ) => Effect.Effect<
    { readonly participationId: string; readonly learnerId: string; readonly campaignId: string },
    OrgaError
  >
  readonly recordAssessmentOutcome: (
    actor: OrgaActor,
    input: {
      readonly participationId: string
      readonly validatedSkillIds: ReadonlyArray<string>
      readonly testedSkillIds: ReadonlyArray<string>
    },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly shareResults: (
    actor: OrgaActor,
    input: { readonly participationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly shareProfile: (
    actor: OrgaActor,
    input: { readonly participationId: string; readonly pixByCompetence: Readonly<Record<string, number>> },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  /** The actor's own participations in any organization, oldest first (Pix App's "Mes parcours"). */
  readonly myParticipations: (actor: OrgaActor) => Effect.Effect<ReadonlyArray<Views.MyParticipation>, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Participations extends Context.Service<Participations, ParticipationsShape>()(
  "@orga/orga/Participations"
) {}
