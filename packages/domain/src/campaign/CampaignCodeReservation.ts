/**
 * The reservation of a campaign code (`campaign-code-<CODE>` streams): the code belongs to the first campaign
 * that reserves it. The use case appends with expected version `noStream`, so two concurrent creations drawing
 * the same code cannot both win: the loser draws another code and tries again.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type { Decider } from "../Decider.ts"
import type * as DomainError from "../DomainError.ts"
import * as CampaignCode from "../values/CampaignCode.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import * as CampaignCodeGenerator from "./CampaignCodeGenerator.ts"
import type { CampaignCodeReserved } from "./CampaignEvent.ts"

/**
 * Reserve a code for a campaign.
 *
 * @since 0.1.0
 */
export interface ReserveCampaignCode {
  readonly _tag: "ReserveCampaignCode"
  readonly code: string
  readonly campaignId: Ids.CampaignId
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Who holds the code, if anyone.
 *
 * @since 0.1.0
 */
export interface ReservationState {
  readonly campaignId: Ids.CampaignId | null
}

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
  const code = CampaignCode.parse(command.code)
  if (Result.isFailure(code)) return Result.fail(code.failure)
  if (state.campaignId === command.campaignId) return Result.succeed([])
  if (state.campaignId !== null) return Result.fail(CampaignCodeGenerator.notUnique(command.code))
  return Result.succeed([
    { _tag: "CampaignCodeReserved", code: code.success, campaignId: command.campaignId, occurredAt: command.occurredAt }
  ])
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
  initialState: { campaignId: null },
  evolve,
  decide
}

/**
 * The reservation stream of a code: `campaign-code-<CODE>`.
 *
 * @since 0.1.0
 */
export const streamName = (code: string): string => `campaign-code-${code}`
