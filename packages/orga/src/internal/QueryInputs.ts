/**
 * The queries' arguments checked at the door, like the use cases' inputs: ids bounded as the domain's, filters
 * and options shaped and bounded (`auditTrail`'s page size, `whyRefused`'s typed names), each refusal an
 * `InvalidInput` in French before any read. The queries themselves live in their modules; this wraps them, so the
 * checks stay in one place beside `Inputs`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { OrgaShape } from "../Orga.ts"
import { Ids } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"

const organizationId = Inputs.decode(Ids.OrganizationId)
const campaignId = Inputs.decode(Ids.CampaignId)

/**
 * The same service, with every query's arguments decoded before it runs.
 *
 * @category combinators
 * @since 0.1.0
 */
export const guard = (shape: OrgaShape): OrgaShape => ({
  ...shape,
  organization: (actor, id) => Effect.andThen(organizationId(id), shape.organization(actor, id)),
  members: (actor, id) => Effect.andThen(organizationId(id), shape.members(actor, id)),
  invitations: (actor, id) => Effect.andThen(organizationId(id), shape.invitations(actor, id)),
  learners: (actor, id, filter) =>
    Effect.andThen(
      Effect.all([organizationId(id), Inputs.decode(Inputs.LearnersFilter)(filter)]),
      shape.learners(actor, id, filter)
    ),
  divisions: (actor, id) => Effect.andThen(organizationId(id), shape.divisions(actor, id)),
  importHistory: (actor, id) => Effect.andThen(organizationId(id), shape.importHistory(actor, id)),
  whyRefused: (actor, id, typed) =>
    Effect.andThen(
      Effect.all([organizationId(id), Inputs.decode(Inputs.TypedIdentity)(typed)]),
      shape.whyRefused(actor, id, typed)
    ),
  campaigns: (actor, id, filter) =>
    Effect.andThen(
      Effect.all([organizationId(id), Inputs.decode(Inputs.CampaignsFilter)(filter)]),
      shape.campaigns(actor, id, filter)
    ),
  campaignResults: (actor, id, filter) =>
    Effect.andThen(
      Effect.all([campaignId(id), Inputs.decode(Inputs.ResultsFilter)(filter)]),
      shape.campaignResults(actor, id, filter)
    ),
  resultsByDivision: (actor, id) => Effect.andThen(campaignId(id), shape.resultsByDivision(actor, id)),
  certificability: (actor, id) => Effect.andThen(organizationId(id), shape.certificability(actor, id)),
  exportResults: (actor, id, options) =>
    Effect.andThen(
      Effect.all([campaignId(id), Inputs.decode(Inputs.ResultsFilter)(options)]),
      shape.exportResults(actor, id, options)
    ),
  exportResultsStream: (actor, id, options) =>
    Stream.unwrap(
      Effect.as(
        Effect.all([campaignId(id), Inputs.decode(Inputs.ResultsFilter)(options)]),
        shape.exportResultsStream(actor, id, options)
      )
    ),
  auditTrail: (actor, id, options) =>
    Effect.andThen(
      Effect.all([organizationId(id), Inputs.decode(Inputs.AuditTrailOptions)(options)]),
      shape.auditTrail(actor, id, options)
    ),
  organizationForAdmin: (actor, id) => Effect.andThen(organizationId(id), shape.organizationForAdmin(actor, id)),
  places: (actor, id) => Effect.andThen(organizationId(id), shape.places(actor, id)),
  learnersPage: (actor, id, filter) =>
    Effect.andThen(
      Effect.all([organizationId(id), Inputs.decode(Inputs.LearnersPageFilter)(filter)]),
      shape.learnersPage(actor, id, filter)
    )
})
