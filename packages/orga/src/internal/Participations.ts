/**
 * Participations: a student joins a campaign by its code (a school managing its students first links his
 * account to a learner by reconciliation), records his assessment's outcome, and shares his results or profile.
 *
 * @since 0.1.0
 */
import { Places } from "@orga/domain"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { CommandOptions, OrgaShape } from "../Orga.ts"
import * as AutoReconciliation from "./AutoReconciliation.ts"
import * as BackOfficeOrganizations from "./BackOfficeOrganizations.ts"
import {
  AccountError,
  type Actor,
  Campaign,
  CampaignCode,
  Ids,
  Participation,
  type ParticipationCommand,
  ParticipationDecider,
  ParticipationError,
  Reconciliation,
  Roster,
  RosterDecider,
  type TargetProfile,
  type Timestamp
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { brand, fail, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Rosters from "./Rosters.ts"
import type * as Streams from "./Streams.ts"

/**
 * Builds the participation use cases of the front door over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "joinCampaign" | "recordAssessmentOutcome" | "shareResults" | "shareProfile"> => {
  const { now: clockNow, newId, models, targetProfiles, write, read, useCase, organizationOf, campaignOf } = plumbing

  const joinCampaign: OrgaShape["joinCampaign"] = (actor, raw, options) =>
    useCase(
      "joinCampaign",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.JoinCampaign)(raw)
        const userId = yield* userOf(actor)
        if (!models.accounts.has(userId)) return yield* Effect.fail(AccountError.userNotFound(userId))
        const code = input.code.trim().toUpperCase()
        const campaignId = models.campaignByCode.get(code)
        if (campaignId === undefined) return yield* Effect.fail(CampaignCode.notFound(code))
        const campaign = yield* campaignOf(campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        const roster = ReadModels.rosterOf(models, campaign.organizationId)
        const now = yield* clockNow
        const writes: Array<Streams.Write> = []
        // A school managing its students restricts its campaigns to its learners: the account is linked to
        // one first (reconciliation); elsewhere the participation belongs to the account alone.
        let learnerId: Ids.LearnerId | null = null
        const linked = roster.byUser.get(userId)
        if (linked !== undefined) learnerId = yield* brand(Ids.LearnerId)(linked)
        if (learnerId === null && organization.isManagingStudents) {
          // §5.4.1 first: a student known in another school is recognised by his INE, without typing anything;
          // otherwise by what he typed (§5.4.2), which he must then have typed.
          const automatic = Reconciliation.reconcileAutomatically(
            AutoReconciliation.request(models, campaign.organizationId, userId)
          )
          const { firstName, lastName, birthdate } = input
          const reconciled = Result.isSuccess(automatic)
            ? automatic.success
            : firstName === undefined || lastName === undefined || birthdate === undefined
              ? yield* Effect.fail(automatic.failure)
              : yield* fromResult(
                  Reconciliation.reconcile(
                    Rosters.reconcileRequest(models, campaign.organizationId, userId, {
                      firstName,
                      lastName,
                      birthdate
                    })
                  )
                )
          const reconciledId = yield* brand(Ids.LearnerId)(reconciled.learnerId)
          learnerId = reconciledId
          const linkEvents = yield* fromResult(
            RosterDecider.decide(
              {
                _tag: "LinkStudentAccount",
                organizationId: campaign.organizationId,
                learnerId: reconciledId,
                userId,
                actorId: userId,
                now
              },
              roster as unknown as Roster.Roster
            )
          )
          writes.push(write(Roster.streamName(campaign.organizationId), linkEvents))
        }
        const learner = learnerId === null ? undefined : roster.learners.get(learnerId)
        const profile = campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)
        const participationId = yield* newId(Ids.ParticipationId)
        const command: ParticipationCommand.JoinCampaign = {
          _tag: "JoinCampaign",
          participationId,
          userId,
          campaign: {
            campaignId: campaign.campaignId,
            organizationId: campaign.organizationId,
            type: campaign.type,
            isArchived: campaign.archivedAt !== null,
            isDeleted: campaign.deletedAt !== null,
            isRestricted: organization.isManagingStudents,
            multipleSendings: campaign.multipleSendings,
            externalIdLabel: campaign.externalIdLabel,
            targetSkillsCount: profile?.skills.length ?? 0,
            targetProfileResettable: profile?.areKnowledgeElementsResettable ?? false
          },
          learner: learner === undefined ? null : { learnerId: learner.learnerId, isDisabled: learner.isDisabled },
          participantExternalId: input.participantExternalId ?? null,
          ...(input.isReset === undefined ? {} : { isReset: input.isReset }),
          now,
          placesLimitReached: BackOfficeOrganizations.placesLimitReached(models, campaign.organizationId, now)
        }
        const streamId = Participation.streamNameFor(command)
        const started = yield* fromResult(
          ParticipationDecider.decide(command, models.participationStreams.get(streamId) ?? Participation.initial)
        )
        writes.push(write(streamId, started))
        // Decided on the campaign (not archived), and on the roster when no link is written: both streams are
        // read, and checked at append time (a join never lands after the campaign's archive).
        writes.push(read(Campaign.streamName(campaignId)))
        const rosterStream = Roster.streamName(campaign.organizationId)
        if (!writes.some((written) => written.streamId === rosterStream)) writes.push(read(rosterStream))
        // Decided on the places too where the organization enforces a maximum: a lot deleted meanwhile conflicts.
        if (models.places.get(campaign.organizationId)?.limitEnabled === true)
          writes.push(read(Places.streamName(campaign.organizationId)))
        return outcome(
          writes,
          { participationId, learnerId: learnerId ?? "", campaignId },
          { actorId: userId, organizationId: campaign.organizationId, occurredAt: now }
        )
      }),
      (events) => {
        const started = events.find((event) => event._tag === "ParticipationStarted")
        return {
          participationId: started?.participationId ?? "",
          // The learner linked by this join, or the one the participation names (the read models hold it, since
          // the command was seen).
          learnerId:
            events.find((event) => event._tag === "StudentAccountLinked")?.learnerId ??
            (started === undefined ? undefined : models.participation(started.participationId)?.learnerId) ??
            "",
          campaignId: started?.campaignId ?? ""
        }
      }
    )

  const participationOf = (participationId: string) => {
    const participation = models.participation(participationId)
    const streamId = models.streamOfParticipation(participationId)
    return participation === undefined || streamId === undefined
      ? Effect.fail(ParticipationError.notFound(participationId))
      : Effect.succeed({ participation, streamId })
  }

  const targetProfileOf = (campaign: Campaign.Campaign): TargetProfile.TargetProfile =>
    (campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)) ?? {
      id: "",
      name: "",
      skills: [],
      areKnowledgeElementsResettable: false
    }

  const participationUseCase = (
    useCaseName: string,
    actor: Actor.Actor,
    participationId: Ids.ParticipationId,
    options: CommandOptions | undefined,
    command: (
      campaign: Campaign.Campaign,
      userId: Ids.UserId,
      now: Timestamp.Timestamp
    ) => ParticipationCommand.ParticipationCommand
  ) =>
    useCase(
      useCaseName,
      options,
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const { participation, streamId } = yield* participationOf(participationId)
        // Only the participant acts on his participation (the outcome comes from his own assessment). The
        // stream's own state names him even once the participation is deleted (the view is anonymised), so he
        // hears that it is deleted.
        const stream = models.participationStreams.get(streamId) ?? Participation.initial
        const participant = stream.participations.find((each) => each.participationId === participationId)?.userId
        if (participant !== userId)
          return yield* fail(
            "Forbidden",
            "USER_NOT_AUTHORIZED_TO_ACCESS_PARTICIPATION",
            "Vous ne pouvez agir que sur vos propres participations.",
            { participationId }
          )
        const campaign = yield* campaignOf(participation.campaignId)
        const now = yield* clockNow
        const events = yield* fromResult(ParticipationDecider.decide(command(campaign, userId, now), stream))
        // Decided on the campaign's state: its stream is read, and checked at append time.
        return outcome([write(streamId, events), read(Campaign.streamName(participation.campaignId))], undefined, {
          actorId: userId,
          organizationId: participation.organizationId,
          occurredAt: now
        })
      }),
      () => undefined
    )

  const recordAssessmentOutcome: OrgaShape["recordAssessmentOutcome"] = (actor, raw, options) =>
    Effect.flatMap(Inputs.decode(Inputs.RecordAssessmentOutcome)(raw), (input) =>
      participationUseCase(
        "recordAssessmentOutcome",
        actor,
        input.participationId,
        options,
        (campaign, _userId, now) => ({
          _tag: "RecordAssessmentOutcome",
          participationId: input.participationId,
          targetProfile: targetProfileOf(campaign),
          validatedSkillIds: input.validatedSkillIds,
          testedSkillIds: input.testedSkillIds,
          now
        })
      )
    )

  const shareResults: OrgaShape["shareResults"] = (actor, raw, options) =>
    Effect.flatMap(Inputs.decode(Inputs.ParticipationRef)(raw), (input) =>
      participationUseCase("shareResults", actor, input.participationId, options, (campaign, userId, now) => ({
        _tag: "ShareParticipation",
        participationId: input.participationId,
        userId,
        campaign: { isArchived: campaign.archivedAt !== null, isDeleted: campaign.deletedAt !== null },
        targetProfile: targetProfileOf(campaign),
        now
      }))
    )

  const shareProfile: OrgaShape["shareProfile"] = (actor, raw, options) =>
    Effect.flatMap(Inputs.decode(Inputs.ShareProfile)(raw), (input) =>
      participationUseCase("shareProfile", actor, input.participationId, options, (campaign, userId, now) => ({
        _tag: "ShareProfile",
        participationId: input.participationId,
        userId,
        campaign: { isArchived: campaign.archivedAt !== null, isDeleted: campaign.deletedAt !== null },
        profile: Object.entries(input.pixByCompetence).map(([competenceId, pixScore]) => ({ competenceId, pixScore })),
        now
      }))
    )

  return { joinCampaign, recordAssessmentOutcome, shareResults, shareProfile }
}
