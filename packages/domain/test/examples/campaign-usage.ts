import {
  CampaignCodeGenerator,
  CampaignCodeReservation,
  CampaignDecider,
  Ids,
  type ParticipationCommand,
  ParticipationDecider,
  ParticipationsProjection,
  Reconciliation,
  Timestamp
} from "@orga/domain"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

// A teacher creates an assessment campaign; a student finds his learner, joins, finishes and shares.
export const campaignUsage = (): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const id = <S extends Schema.Decoder<unknown>>(schema: S, value: string): S["Type"] =>
    Schema.decodeSync(schema)(value)
  const now = id(Timestamp.Timestamp, "2026-09-07T08:00:00.000Z")
  const teacher = id(Ids.UserId, "teacher-1")
  const organizationId = id(Ids.OrganizationId, "org-1")
  const campaignId = id(Ids.CampaignId, "campaign-1")
  const targetProfile = {
    id: "tp-1",
    name: "Rentrée numérique",
    areKnowledgeElementsResettable: false,
    skills: [
      { id: "s1", name: "@rechercher1", tube: "@rechercher", difficulty: 1, competenceId: "1.1" },
      { id: "s2", name: "@rechercher2", tube: "@rechercher", difficulty: 2, competenceId: "1.1" },
      { id: "s3", name: "@interagir1", tube: "@interagir", difficulty: 1, competenceId: "2.1" },
      { id: "s4", name: "@interagir2", tube: "@interagir", difficulty: 2, competenceId: "2.1" }
    ]
  }

  // The code comes from the caller's random source (crypto.randomInt in an app; fixed draws here).
  const code = CampaignCodeGenerator.generate(CampaignCodeGenerator.fromDraws([3, 14, 15, 9, 2, 6, 5, 3, 5]))
  const reserved = CampaignCodeReservation.decide(
    { _tag: "ReserveCampaignCode", code, campaignId, now },
    CampaignCodeReservation.decider.initialState
  )
  const created = CampaignDecider.decide(
    {
      _tag: "CreateCampaign",
      campaignId,
      organizationId,
      code,
      type: "ASSESSMENT",
      name: "Évaluation de rentrée",
      targetProfileId: id(Ids.TargetProfileId, targetProfile.id),
      creatorId: teacher,
      ownerId: teacher,
      // Facts the use case read from the organization's stream and the referential.
      creatorIsMember: true,
      ownerIsMember: true,
      availableTargetProfileIds: [id(Ids.TargetProfileId, targetProfile.id)],
      multipleSendingAssessmentEnabled: false,
      now
    },
    CampaignDecider.decider.initialState
  )
  const campaignEvents = [...Result.getOrThrow(reserved), ...Result.getOrThrow(created)]
  lines.push(`campaign: ${campaignEvents.map((event) => event._tag).join(", ")} with code ${code}`)

  // The student types his names with a typo and no accent: the learner is found anyway.
  const learner = {
    learnerId: "learner-1",
    organizationId,
    firstName: "Léa",
    middleName: "Marie",
    lastName: "Martin",
    birthdate: "2012-05-14",
    nationalStudentId: "123456789AB",
    userId: null,
    isDisabled: false
  }
  const found = Reconciliation.reconcile({
    userId: "student-1",
    organizationId,
    typed: { firstName: "lea", lastName: "Martine", birthdate: "2012-05-14" },
    learners: [learner],
    reconciledByIne: [],
    userLearners: [],
    accounts: []
  })
  lines.push(`reconciled: ${Result.isSuccess(found) ? found.success.learnerId : found.failure.code}`)
  const typo = Reconciliation.reconcile({
    userId: "student-1",
    organizationId,
    typed: { firstName: "Léonie", lastName: "Martin", birthdate: "2012-05-14" },
    learners: [learner],
    reconciledByIne: [],
    userLearners: [],
    accounts: []
  })
  lines.push(`"Léonie": ${Result.isSuccess(typo) ? typo.success.learnerId : typo.failure.code}`)

  // Joining, the outcome of the test, sharing: one stream per learner and campaign.
  const student = id(Ids.UserId, "student-1")
  const participationId = id(Ids.ParticipationId, "participation-1")
  let participation = ParticipationDecider.decider.initialState
  const history: Array<ParticipationCommand.ParticipationCommand> = [
    {
      _tag: "JoinCampaign",
      participationId,
      userId: student,
      campaign: {
        campaignId,
        organizationId,
        type: "ASSESSMENT",
        isArchived: false,
        isDeleted: false,
        isRestricted: true,
        multipleSendings: false,
        externalIdLabel: null,
        targetSkillsCount: targetProfile.skills.length,
        targetProfileResettable: false
      },
      learner: { learnerId: id(Ids.LearnerId, learner.learnerId), isDisabled: false },
      now
    },
    {
      _tag: "RecordAssessmentOutcome",
      participationId,
      targetProfile,
      validatedSkillIds: ["s1", "s2", "s3"],
      testedSkillIds: ["s1", "s2", "s3", "s4"],
      now
    },
    {
      _tag: "ShareParticipation",
      participationId,
      userId: student,
      campaign: { isArchived: false, isDeleted: false },
      targetProfile,
      now
    }
  ]
  const participationEvents = []
  for (const command of history) {
    const events = Result.getOrThrow(ParticipationDecider.decide(command, participation))
    for (const event of events) participation = ParticipationDecider.evolve(participation, event)
    participationEvents.push(...events)
    lines.push(`${command._tag}: ${events.map((event) => event._tag).join(", ")}`)
  }

  // Read models fold the same events: the participations read model, as results and exports read it.
  const readModel = ParticipationsProjection.make()
  for (const event of participationEvents) ParticipationsProjection.apply(readModel, "participation-1", event)
  for (const participationId of readModel.byCampaign.get(campaignId) ?? []) {
    const view = ParticipationsProjection.view(readModel, participationId)
    lines.push(`results: ${view?.status}, mastery ${view?.masteryRate}`)
    for (const [competenceId, validated] of Object.entries(view?.validatedByCompetence ?? {}))
      lines.push(`${competenceId}: ${validated} skill(s) validated`)
  }
  return lines
}
