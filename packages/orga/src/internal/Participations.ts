/**
 * Participations: a student joins a campaign by its code (a school managing its students first links his
 * account to a learner by reconciliation), records his assessment's outcome, and shares his results or profile.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import {
  type Actor,
  type Campaign,
  Participation,
  type ParticipationCommand,
  ParticipationDecider,
  Reconciliation,
  Roster,
  RosterDecider,
  type TargetProfile
} from "./Domain.ts"
import { fail, fromResult, type Plumbing, userOf } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Rosters from "./Rosters.ts"
import type * as Streams from "./Streams.ts"

/**
 * Builds the participation use cases of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "joinCampaign" | "recordAssessmentOutcome" | "shareResults" | "shareProfile"> => {
  const { clock, ids, models, targetProfiles, commit, write, useCase, organizationOf, campaignOf } = plumbing

  const joinCampaign: OrgaShape["joinCampaign"] = (actor, input) =>
    useCase(
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        if (!models.accounts.has(userId))
          return yield* fail("NotFound", "USER_NOT_FOUND", "Utilisateur introuvable.", { userId })
        const code = input.code.trim().toUpperCase()
        const campaignId = models.campaignByCode.get(code)
        if (campaignId === undefined)
          return yield* fail(
            "NotFound",
            "CAMPAIGN_CODE_NOT_FOUND",
            "Votre code est erroné, veuillez vérifier ou contacter la personne organisant le parcours.",
            { code }
          )
        const campaign = yield* campaignOf(campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        const roster = ReadModels.rosterOf(models, campaign.organizationId)
        const now = yield* clock.now
        const writes: Array<Streams.Write> = []
        // A school managing its students restricts its campaigns to its learners: the account is linked to
        // one first (reconciliation); elsewhere the participation belongs to the account alone.
        let learnerId: string | null = roster.byUser.get(userId) ?? null
        if (learnerId === null && organization.isManagingStudents) {
          const reconciled = yield* fromResult(
            Reconciliation.reconcile(Rosters.reconcileRequest(models, campaign.organizationId, userId, input))
          )
          learnerId = reconciled.learnerId
          const linkEvents = yield* fromResult(
            RosterDecider.decide(
              {
                _tag: "LinkStudentAccount",
                organizationId: campaign.organizationId as never,
                learnerId: learnerId as never,
                userId: userId as never,
                actorId: userId as never,
                now: now as never
              },
              roster as unknown as Roster.Roster
            )
          )
          writes.push(write(Roster.streamName(campaign.organizationId as never), linkEvents))
        }
        const learner = learnerId === null ? undefined : roster.learners.get(learnerId)
        const profile = campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)
        const participationId = yield* ids.next
        const command: ParticipationCommand.JoinCampaign = {
          _tag: "JoinCampaign",
          participationId: participationId as never,
          userId: userId as never,
          campaign: {
            campaignId: campaign.campaignId as never,
            organizationId: campaign.organizationId as never,
            type: campaign.type,
            isArchived: campaign.archivedAt !== null,
            isDeleted: campaign.deletedAt !== null,
            isRestricted: organization.isManagingStudents,
            multipleSendings: campaign.multipleSendings,
            externalIdLabel: campaign.externalIdLabel,
            targetSkillsCount: profile?.skills.length ?? 0,
            targetProfileResettable: profile?.areKnowledgeElementsResettable ?? false
          },
          learner:
            learner === undefined ? null : { learnerId: learner.learnerId as never, isDisabled: learner.isDisabled },
          participantExternalId: input.participantExternalId ?? null,
          now: now as never
        }
        const streamId = Participation.streamNameFor(command)
        const started = yield* fromResult(
          ParticipationDecider.decide(command, models.participationStreams.get(streamId) ?? Participation.initial)
        )
        writes.push(write(streamId, started))
        yield* commit(
          writes,
          { actorId: userId, useCase: "joinCampaign", organizationId: campaign.organizationId },
          now
        )
        return { participationId, learnerId: learnerId ?? "", campaignId }
      })
    )

  const participationOf = (participationId: string) => {
    const participation = models.participation(participationId)
    const streamId = models.streamOfParticipation(participationId)
    return participation === undefined || streamId === undefined
      ? fail("NotFound", "CAMPAIGN_PARTICIPATION_NOT_FOUND", "La participation demandée n'existe pas.", {
          participationId
        })
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
    participationId: string,
    command: (campaign: Campaign.Campaign, userId: string, now: string) => ParticipationCommand.ParticipationCommand
  ) =>
    useCase(
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const { participation, streamId } = yield* participationOf(participationId)
        // Only the participant acts on his participation (the outcome comes from his own assessment).
        if (participation.userId !== userId)
          return yield* fail(
            "Forbidden",
            "USER_NOT_AUTHORIZED_TO_ACCESS_PARTICIPATION",
            "Vous ne pouvez agir que sur vos propres participations.",
            { participationId }
          )
        const campaign = yield* campaignOf(participation.campaignId)
        const now = yield* clock.now
        const events = yield* fromResult(
          ParticipationDecider.decide(
            command(campaign, userId, now),
            models.participationStreams.get(streamId) ?? Participation.initial
          )
        )
        yield* commit(
          [write(streamId, events)],
          { actorId: userId, useCase: useCaseName, organizationId: participation.organizationId },
          now
        )
      })
    )

  const recordAssessmentOutcome: OrgaShape["recordAssessmentOutcome"] = (actor, input) =>
    participationUseCase("recordAssessmentOutcome", actor, input.participationId, (campaign, _userId, now) => ({
      _tag: "RecordAssessmentOutcome",
      participationId: input.participationId as never,
      targetProfile: targetProfileOf(campaign),
      validatedSkillIds: input.validatedSkillIds,
      testedSkillIds: input.testedSkillIds,
      now: now as never
    }))

  const shareResults: OrgaShape["shareResults"] = (actor, input) =>
    participationUseCase("shareResults", actor, input.participationId, (campaign, userId, now) => ({
      _tag: "ShareParticipation",
      participationId: input.participationId as never,
      userId: userId as never,
      campaign: { isArchived: campaign.archivedAt !== null, isDeleted: campaign.deletedAt !== null },
      targetProfile: targetProfileOf(campaign),
      now: now as never
    }))

  const shareProfile: OrgaShape["shareProfile"] = (actor, input) =>
    participationUseCase("shareProfile", actor, input.participationId, (campaign, userId, now) => ({
      _tag: "ShareProfile",
      participationId: input.participationId as never,
      userId: userId as never,
      campaign: { isArchived: campaign.archivedAt !== null, isDeleted: campaign.deletedAt !== null },
      profile: Object.entries(input.pixByCompetence).map(([competenceId, pixScore]) => ({ competenceId, pixScore })),
      now: now as never
    }))

  return { joinCampaign, recordAssessmentOutcome, shareResults, shareProfile }
}
