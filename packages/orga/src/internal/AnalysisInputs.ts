/**
 * The analysis queries' arguments checked at the door, as `QueryInputs` checks the others: ids bounded as the
 * domain's, a class name bounded, and a results page whose number and size are whole and in range (a refusal
 * says which, in French, before any read).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { type AnalysisShape, maxPageSize } from "../Analysis.ts"
import { DomainError, Ids } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"

const optional = Schema.optional

/**
 * The options of `campaignAnalysis`: one class, or none for the whole campaign.
 *
 * @category schemas
 * @since 0.2.0
 */
export const AnalysisOptions = Schema.UndefinedOr(Schema.Struct({ division: optional(Inputs.Label(64)) }))

/**
 * The query of `resultsPage`: page from 1, size from 1 to `maxPageSize`, a bounded search, statuses and classes.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ResultsQuery = Schema.UndefinedOr(
  Schema.Struct({
    page: optional(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 })))),
    size: optional(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: maxPageSize })))),
    search: optional(Inputs.Label(255)),
    statuses: optional(
      Schema.Array(Schema.Literals(["STARTED", "TO_SHARE", "SHARED"])).pipe(Schema.check(Schema.isMaxLength(3)))
    ),
    divisions: optional(Schema.Array(Inputs.Label(64)).pipe(Schema.check(Schema.isMaxLength(1000))))
  })
)

// Pix's words for a bad page, rather than the generic "field is invalid".
const pageMessages: Record<string, string> = {
  page: "Le numéro de page doit être un nombre entier supérieur ou égal à 1.",
  size: `La taille de page doit être un nombre entier entre 1 et ${maxPageSize}.`,
  statuses: "Le statut demandé est inconnu : STARTED, TO_SHARE ou SHARED sont attendus.",
  search: "La recherche doit faire au plus 255 caractères, sans caractère de contrôle."
}

const decodeQuery = (query: unknown) =>
  Effect.mapError(Inputs.decode(ResultsQuery)(query), (error) => {
    const field = typeof error.meta.field === "string" ? error.meta.field : ""
    const message = pageMessages[field]
    return message === undefined ? error : DomainError.make("InvalidInput", "INVALID_INPUT", message, error.meta)
  })

const campaignId = Inputs.decode(Ids.CampaignId)
const participationId = Inputs.decode(Ids.ParticipationId)

/**
 * The same service, with every query's arguments decoded before it runs.
 *
 * @category combinators
 * @since 0.2.0
 */
export const guard = (shape: AnalysisShape): AnalysisShape => ({
  campaignAnalysis: (actor, id, options) =>
    Effect.andThen(
      Effect.all([campaignId(id), Inputs.decode(AnalysisOptions)(options)]),
      shape.campaignAnalysis(actor, id, options)
    ),
  participantDetail: (actor, id, participation) =>
    Effect.andThen(
      Effect.all([campaignId(id), participationId(participation)]),
      shape.participantDetail(actor, id, participation)
    ),
  campaignActivity: (actor, id) => Effect.andThen(campaignId(id), shape.campaignActivity(actor, id)),
  resultsPage: (actor, id, query) =>
    Effect.andThen(Effect.all([campaignId(id), decodeQuery(query)]), shape.resultsPage(actor, id, query))
})
