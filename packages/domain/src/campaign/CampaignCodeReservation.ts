/**
 * The reservation of a campaign code (`campaign-code-<CODE>` streams): the code belongs to the first campaign
 * that reserves it. The use case appends with expected version `noStream`, so two concurrent creations drawing
 * the same code cannot both win: the loser draws another code and tries again.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import * as CampaignCode from "../values/CampaignCode.ts"
import type * as Ids from "../values/Ids.ts"
import * as Command from "./CampaignCommand.ts"
import * as CampaignError from "./CampaignError.ts"
import { CampaignCodeReserved } from "./CampaignEvent.ts"

/**
 * Reserve a code for a campaign (the schema lives with the campaign's other commands).
 *
 * @since 0.1.0
 */
export const ReserveCampaignCode = Command.ReserveCampaignCode
/** @since 0.1.0 */
export type ReserveCampaignCode = Command.ReserveCampaignCode

/**
 * Who holds the code, if anyone.
 *
 * @category models
 * @since 0.1.0
 */
export interface ReservationState {
  readonly campaignId: Ids.CampaignId | null
}

/**
 * Nobody holds the code.
 *
 * @since 0.1.0
 */
export const initial: ReservationState = { campaignId: null }

const isCommand = Schema.is(Command.ReserveCampaignCode)

/**
 * Decides a reservation: a well-formed free code is reserved; reserving again for the same campaign is a
 * no-op (a retried command); a code held by another campaign is refused with `CAMPAIGN_CODE_NOT_UNIQUE`.
 *
 * @since 0.1.0
 */
export const decide = (
  command: ReserveCampaignCode,
  state: ReservationState
): Result.Result<ReadonlyArray<CampaignCodeReserved>, DomainError.DomainError> => {
  if (!isCommand(command)) return Result.fail(DomainError.invalidCommand(command))
  return Result.gen(function* () {
    const code = yield* CampaignCode.parse(command.code)
    if (state.campaignId === command.campaignId) return []
    if (state.campaignId !== null) return yield* Result.fail(CampaignError.codeNotUnique(command.code))
    return [CampaignCodeReserved.make({ code, campaignId: command.campaignId, occurredAt: command.now })]
  })
}

/**
 * Folds a reservation: the first reservation wins, later ones (which `decide` never produces) are ignored.
 *
 * @since 0.1.0
 */
export const evolve = (state: ReservationState, event: CampaignCodeReserved): ReservationState =>
  state.campaignId === null ? { campaignId: event.campaignId } : state

/**
 * The code reservation decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<ReserveCampaignCode, ReservationState, CampaignCodeReserved, DomainError.DomainError> = {
  initialState: initial,
  evolve,
  decide
}

/**
 * The reservation stream of a code: `campaign-code-<CODE>`.
 *
 * @since 0.1.0
 */
export const streamName = (code: string): string => `campaign-code-${code}`
