import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import * as Campaign from "../src/campaign/Campaign.ts"
import * as CampaignCodeGenerator from "../src/campaign/CampaignCodeGenerator.ts"
import * as CampaignCodeReservation from "../src/campaign/CampaignCodeReservation.ts"
import type * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import { make } from "../src/campaign/testing.ts"
import { fold } from "../src/Decider.ts"
import type * as DomainError from "../src/DomainError.ts"
import * as Participation from "../src/participation/Participation.ts"
import type * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import { targetProfile } from "../src/participation/testing.ts"
import * as Reconciliation from "../src/reconciliation/Reconciliation.ts"

// Every error code of §§4.2-4.4, 5.2 and 5.4 produced by a command, compared whole: tag, code, French
// message and meta. The behaviour around each one is tested in the area's own test file.

const plain = (result: Result.Result<unknown, DomainError.DomainError>) => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  const { _tag, code, message, meta } = result.failure
  return { _tag, code, message, meta }
}

const at = make.timestamp("2026-09-01T08:00:00.000Z")
const later = make.timestamp("2026-09-02T08:00:00.000Z")
const c1 = make.campaignId("c1")
const org1 = make.organizationId("org1")
const u1 = make.userId("u1")
const u2 = make.userId("u2")
const tp1 = make.targetProfileId("tp1")

const create = (overrides: Partial<Campaign.CreateCampaign> = {}): Campaign.CreateCampaign => ({
  _tag: "CreateCampaign",
  campaignId: c1,
  organizationId: org1,
  code: "ABCDEF234",
  type: "ASSESSMENT",
  name: "Rentrée",
  targetProfileId: tp1,
  creatorId: u1,
  ownerId: u1,
  occurredAt: at,
  ...overrides,
  context: {
    creatorIsMember: true,
    ownerIsMember: true,
    availableTargetProfileIds: [tp1],
    multipleSendingAssessmentEnabled: false,
    ...overrides.context
  }
})
const created = Result.getOrThrow(Campaign.decide(create(), null))
const campaignAfter = (history: ReadonlyArray<CampaignEvent.CampaignEvent>, command: Campaign.CampaignCommand) =>
  plain(Campaign.decide(command, fold(Campaign.decider, history)))
const member: Campaign.Actor = { userId: u2, role: "MEMBER" }
const admin: Campaign.Actor = { userId: u2, role: "ADMIN" }

describe("campaign codes (§4.2-4.4)", () => {
  it("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN (creator, owner, target profile)", () => {
    expect(plain(Campaign.decide(create({ context: { creatorIsMember: false } as never }), null))).toEqual({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      message: "Vous n’êtes pas membre de cette organisation : vous ne pouvez pas y créer de campagne.",
      meta: { attribute: "creatorId", userId: "u1", organizationId: "org1" }
    })
    expect(plain(Campaign.decide(create({ context: { ownerIsMember: false } as never }), null))).toEqual({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      message: "Le propriétaire ne fait pas partie de l'organisation.",
      meta: { attribute: "ownerId", userId: "u1", organizationId: "org1" }
    })
    expect(plain(Campaign.decide(create({ targetProfileId: make.targetProfileId("tp9") }), null))).toEqual({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      message: "Ce parcours n’est pas disponible pour votre organisation.",
      meta: { attribute: "targetProfileId", targetProfileId: "tp9", organizationId: "org1" }
    })
  })

  it("ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT", () => {
    expect(plain(Campaign.decide(create({ multipleSendings: true }), null))).toEqual({
      _tag: "Forbidden",
      code: "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT",
      message: "Votre organisation n’est pas autorisée à créer des campagnes d’évaluation à envoi multiple.",
      meta: { organizationId: "org1" }
    })
  })

  it("CAMPAIGN_NAME_IS_REQUIRED with every invalid attribute in the meta", () => {
    expect(plain(Campaign.decide(create({ name: "" }), null))).toEqual({
      _tag: "InvalidInput",
      code: "CAMPAIGN_NAME_IS_REQUIRED",
      message: "Veuillez donner un nom à votre campagne.",
      meta: {
        attribute: "name",
        invalidAttributes: [
          { attribute: "name", code: "CAMPAIGN_NAME_IS_REQUIRED", message: "Veuillez donner un nom à votre campagne." }
        ]
      }
    })
  })

  it("CAMPAIGN_CODE_FORMAT and CAMPAIGN_CODE_NOT_UNIQUE", () => {
    expect(plain(Campaign.decide(create({ code: "ABC" }), null))).toEqual({
      _tag: "InvalidInput",
      code: "CAMPAIGN_CODE_FORMAT",
      message: "Le code de campagne doit contenir 9 lettres majuscules ou chiffres.",
      meta: { code: "ABC" }
    })
    const reserve = (campaignId: string): CampaignCodeReservation.ReserveCampaignCode => ({
      _tag: "ReserveCampaignCode",
      code: "ABCDEF234",
      campaignId: make.campaignId(campaignId),
      occurredAt: at
    })
    const reserved = Result.getOrThrow(CampaignCodeReservation.decide(reserve("c1"), { campaignId: null }))
    expect(
      plain(CampaignCodeReservation.decide(reserve("c2"), fold(CampaignCodeReservation.decider, reserved)))
    ).toEqual({
      _tag: "Conflict",
      code: "CAMPAIGN_CODE_NOT_UNIQUE",
      message: "Ce code campagne est déjà utilisé.",
      meta: { code: "ABCDEF234" }
    })
    expect(
      plain(
        CampaignCodeGenerator.generateAvailable(
          () => 0,
          () => true,
          1
        )
      ).code
    ).toBe("CAMPAIGN_CODE_NOT_UNIQUE")
  })

  const update = (
    actor: Campaign.Actor,
    overrides: Partial<Campaign.UpdateCampaign> = {}
  ): Campaign.UpdateCampaign => ({
    _tag: "UpdateCampaign",
    campaignId: c1,
    actor,
    name: "Nouveau",
    occurredAt: later,
    context: { ownerIsMember: true, hasParticipations: false },
    ...overrides
  })

  it("USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN, OWNER_NOT_IN_ORGANIZATION, CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS", () => {
    expect(campaignAfter(created, update(member))).toEqual({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN",
      message: "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la modifier.",
      meta: { campaignId: "c1", userId: "u2" }
    })
    expect(
      campaignAfter(
        created,
        update(admin, { ownerId: u2, context: { ownerIsMember: false, hasParticipations: false } })
      )
    ).toEqual({
      _tag: "InvalidInput",
      code: "OWNER_NOT_IN_ORGANIZATION",
      message: "Le propriétaire ne fait pas partie de l'organisation.",
      meta: { attribute: "ownerId", ownerId: "u2" }
    })
    expect(
      campaignAfter(
        created,
        update(admin, { multipleSendings: true, context: { ownerIsMember: true, hasParticipations: true } })
      )
    ).toEqual({
      _tag: "Conflict",
      code: "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS",
      message: "L’envoi multiple ne peut plus être modifié : la campagne a déjà des participations.",
      meta: { campaignId: "c1", attribute: "multipleSendings" }
    })
    expect(campaignAfter(created, update(admin, { title: "t".repeat(51) }))).toMatchObject({
      code: "CAMPAIGN_TITLE_IS_TOO_LONG",
      message: "Le titre de la campagne est trop long.",
      meta: { attribute: "title" }
    })
  })

  it("CAMPAIGN_ALREADY_ARCHIVED, CAMPAIGN_NOT_ARCHIVED, CAMPAIGN_ALREADY_DELETED, CAMPAIGN_NOT_IN_ORGANIZATION, USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN, CAMPAIGN_NOT_FOUND, CAMPAIGN_ALREADY_EXISTS", () => {
    const archive: Campaign.ArchiveCampaign = {
      _tag: "ArchiveCampaign",
      campaignId: c1,
      actor: admin,
      occurredAt: later
    }
    const archived = [...created, ...Result.getOrThrow(Campaign.decide(archive, fold(Campaign.decider, created)))]
    expect(campaignAfter(archived, archive)).toEqual({
      _tag: "Conflict",
      code: "CAMPAIGN_ALREADY_ARCHIVED",
      message: "Cette campagne est déjà archivée.",
      meta: { campaignId: "c1" }
    })
    expect(campaignAfter(created, { ...archive, _tag: "UnarchiveCampaign" })).toEqual({
      _tag: "Conflict",
      code: "CAMPAIGN_NOT_ARCHIVED",
      message: "Cette campagne n’est pas archivée.",
      meta: { campaignId: "c1" }
    })
    const remove: Campaign.DeleteCampaign = {
      _tag: "DeleteCampaign",
      campaignId: c1,
      organizationId: org1,
      actor: admin,
      occurredAt: later
    }
    const deleted = [...created, ...Result.getOrThrow(Campaign.decide(remove, fold(Campaign.decider, created)))]
    expect(campaignAfter(deleted, remove)).toEqual({
      _tag: "Conflict",
      code: "CAMPAIGN_ALREADY_DELETED",
      message: "Cette campagne est déjà supprimée.",
      meta: { campaignId: "c1" }
    })
    expect(campaignAfter(created, { ...remove, organizationId: make.organizationId("org2") })).toEqual({
      _tag: "InvalidInput",
      code: "CAMPAIGN_NOT_IN_ORGANIZATION",
      message: "Cette campagne n’appartient pas à l’organisation.",
      meta: { campaignId: "c1", organizationId: "org2" }
    })
    expect(campaignAfter(created, { ...remove, actor: member })).toEqual({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN",
      message: "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la supprimer.",
      meta: { campaignId: "c1", userId: "u2" }
    })
    expect(campaignAfter([], archive)).toEqual({
      _tag: "NotFound",
      code: "CAMPAIGN_NOT_FOUND",
      message: "La campagne demandée n’existe pas.",
      meta: { campaignId: "c1" }
    })
    expect(campaignAfter(created, create())).toEqual({
      _tag: "Conflict",
      code: "CAMPAIGN_ALREADY_EXISTS",
      message: "Cette campagne existe déjà.",
      meta: { campaignId: "c1" }
    })
  })
})

describe("participation codes (§5.2, DECISIONS 5)", () => {
  const p1 = make.participationId("p1")
  const p2 = make.participationId("p2")
  const l1 = make.learnerId("l1")
  const campaign = (overrides: Partial<Participation.CampaignToJoin> = {}): Participation.CampaignToJoin => ({
    campaignId: c1,
    organizationId: org1,
    type: "ASSESSMENT",
    isArchived: false,
    isDeleted: false,
    isRestricted: true,
    multipleSendings: true,
    externalIdLabel: null,
    targetSkillsCount: 4,
    targetProfileResettable: true,
    ...overrides
  })
  const join = (overrides: Partial<Participation.JoinCampaign> = {}): Participation.JoinCampaign => ({
    _tag: "JoinCampaign",
    participationId: p1,
    userId: u1,
    campaign: campaign(),
    learner: { learnerId: l1, isDisabled: false },
    occurredAt: at,
    ...overrides
  })
  const after = (
    history: ReadonlyArray<ParticipationEvent.ParticipationEvent>,
    command: Participation.ParticipationCommand
  ) => plain(Participation.decide(command, fold(Participation.decider, history)))
  const run = (commands: ReadonlyArray<Participation.ParticipationCommand>) => {
    const history: Array<ParticipationEvent.ParticipationEvent> = []
    for (const command of commands)
      history.push(...Result.getOrThrow(Participation.decide(command, fold(Participation.decider, history))))
    return history
  }
  const forbidden = "Vous n'êtes pas autorisé à rejoindre la campagne"
  const retake = "Vous ne pouvez pas repasser la campagne"
  const started = run([join()])
  const outcome: Participation.RecordAssessmentOutcome = {
    _tag: "RecordAssessmentOutcome",
    participationId: p1,
    targetProfile,
    validatedSkillIds: ["s1"],
    testedSkillIds: [],
    occurredAt: at
  }
  const share: Participation.ShareParticipation = {
    _tag: "ShareParticipation",
    participationId: p1,
    userId: u1,
    campaign: { isArchived: false, isDeleted: false },
    targetProfile,
    occurredAt: at
  }
  const sharedHistory = run([join(), outcome, share])

  it("the joining codes, in Pix's order", () => {
    expect(after([], join({ placesLimitReached: true }))).toEqual({
      _tag: "Forbidden",
      code: "MAXIMUM_PLACES_REACHED",
      message: "Vous ne pouvez pas rejoindre la campagne : l'organisation a atteint son nombre maximum de places.",
      meta: { organizationId: "org1" }
    })
    expect(after([], join({ learner: { learnerId: l1, isDisabled: true } }))).toEqual({
      _tag: "Forbidden",
      code: "ORGANIZATION_LEARNER_DISABLED",
      message: forbidden,
      meta: { learnerId: "l1" }
    })
    expect(after([], join({ campaign: campaign({ isArchived: true }) }))).toEqual({
      _tag: "Forbidden",
      code: "CAMPAIGN_ARCHIVED",
      message: forbidden,
      meta: { campaignId: "c1" }
    })
    expect(after([], join({ campaign: campaign({ isDeleted: true }) }))).toEqual({
      _tag: "Forbidden",
      code: "CAMPAIGN_DELETED",
      message: forbidden,
      meta: { campaignId: "c1" }
    })
    expect(after([], join({ learner: null }))).toEqual({
      _tag: "Forbidden",
      code: "CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS",
      message: forbidden,
      meta: { campaignId: "c1", userId: "u1" }
    })
    expect(after(started, join({ participationId: p2, campaign: campaign({ multipleSendings: false }) }))).toEqual({
      _tag: "Conflict",
      code: "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION",
      message: "Une participation à cette campagne existe déjà.",
      meta: { campaignId: "c1", userId: "u1" }
    })
    expect(after(started, join({ participationId: p2 }))).toEqual({
      _tag: "Forbidden",
      code: "CANNOT_RETAKE_CAMPAIGN",
      message: retake,
      meta: { reason: "PREVIOUS_PARTICIPATION_NOT_SHARED" }
    })
    expect(after(sharedHistory, join({ participationId: p2, isReset: true, occurredAt: later }))).toEqual({
      _tag: "Conflict",
      code: "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET",
      message: "Il n'est pas possible de remettre à zéro votre parcours pour le moment.",
      meta: { daysBeforeRetrying: 4 }
    })
    expect(after([], join({ campaign: campaign({ externalIdLabel: "Numéro" }) }))).toEqual({
      _tag: "InvalidInput",
      code: "PARTICIPANT_EXTERNAL_ID_REQUIRED",
      message: "Un identifiant externe est requis pour accèder à la campagne.",
      meta: { attribute: "participantExternalId" }
    })
    expect(
      after([], join({ campaign: campaign({ externalIdLabel: "Numéro" }), participantExternalId: "x".repeat(256) }))
    ).toEqual({
      _tag: "InvalidInput",
      code: "PARTICIPANT_EXTERNAL_ID_TOO_LONG",
      message: "L'identifiant externe ne doit pas dépasser 255 caractères.",
      meta: { attribute: "participantExternalId", maxLength: 255 }
    })
    expect(after(sharedHistory, join({ participationId: p2, userId: u2 }))).toEqual({
      _tag: "Conflict",
      code: "ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED",
      message: "Cet élève a déjà participé à la campagne avec un autre compte.",
      meta: { learnerId: "l1" }
    })
  })

  it("DECISIONS 5: a profiles collection starts TO_SHARE, an assessment STARTED", () => {
    expect(run([join({ campaign: campaign({ type: "PROFILES_COLLECTION" }) })])[0]).toMatchObject({
      status: "TO_SHARE"
    })
    expect(started[0]).toMatchObject({ status: "STARTED" })
  })

  it("the sharing codes", () => {
    expect(after(sharedHistory, share)).toEqual({
      _tag: "Conflict",
      code: "ALREADY_SHARED_CAMPAIGN_PARTICIPATION",
      message: "Ces résultats de campagne ont déjà été partagés.",
      meta: { participationId: "p1" }
    })
    expect(after(started, share)).toEqual({
      _tag: "Conflict",
      code: "ASSESSMENT_NOT_COMPLETED",
      message: "Le parcours n'est pas terminé : les résultats ne peuvent pas encore être envoyés.",
      meta: { participationId: "p1" }
    })
    expect(after(run([join(), outcome]), { ...share, campaign: { isArchived: true, isDeleted: false } })).toEqual({
      _tag: "Conflict",
      code: "CAMPAIGN_ARCHIVED",
      message: "Cette campagne est déjà archivée.",
      meta: { participationId: "p1" }
    })
  })
})

describe("reconciliation codes (§5.4)", () => {
  const learner: Reconciliation.Learner = {
    learnerId: "l1",
    organizationId: "org1",
    firstName: "Léa",
    lastName: "Martin",
    birthdate: "2012-05-14",
    nationalStudentId: "123456789AB",
    userId: null,
    isDisabled: false
  }
  const request = (overrides: Partial<Reconciliation.ReconcileRequest> = {}): Reconciliation.ReconcileRequest => ({
    userId: "u1",
    organizationId: "org1",
    typed: { firstName: "Lea", lastName: "Martin", birthdate: "2012-05-14" },
    learners: [learner],
    reconciledByIne: [],
    userLearners: [],
    accounts: [
      { userId: "u-mail", authenticationMethods: { email: "lea.martin@example.net" } },
      { userId: "u-name", authenticationMethods: { username: "lea.martin1405" } },
      { userId: "u-gar", authenticationMethods: { samlId: "SAML-1" } }
    ],
    ...overrides
  })

  it("R31, R32, R33: an account exists in this organization", () => {
    expect(plain(Reconciliation.reconcile(request({ learners: [{ ...learner, userId: "u-mail" }] })))).toEqual({
      _tag: "Conflict",
      code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION",
      message:
        "Vous avez déjà un compte Pix, utilisé dans cet établissement, avec l’adresse e-mail l***@example.net. Connectez-vous avec cette adresse e-mail et votre mot de passe pour continuer. Mot de passe oublié ? Utilisez « Mot de passe oublié » sur la page de connexion ou demandez de l’aide à un enseignant.",
      meta: { shortCode: "R31", value: "l***@example.net", userId: "u-mail" }
    })
    expect(plain(Reconciliation.reconcile(request({ learners: [{ ...learner, userId: "u-name" }] })))).toEqual({
      _tag: "Conflict",
      code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION",
      message:
        "Vous avez déjà un compte Pix, utilisé dans cet établissement, avec l’identifiant l***.m***5. Connectez-vous avec cet identifiant et votre mot de passe pour continuer. Mot de passe oublié ? Demandez à un enseignant de le réinitialiser.",
      meta: { shortCode: "R32", value: "l***.m***5", userId: "u-name" }
    })
    expect(plain(Reconciliation.reconcile(request({ learners: [{ ...learner, userId: "u-gar" }] })))).toEqual({
      _tag: "Conflict",
      code: "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION",
      message:
        "Vous avez déjà un compte Pix, utilisé dans cet établissement, auquel vous accédez par votre ENT (Mediacentre). Connectez-vous à Pix depuis votre ENT pour continuer, ou demandez de l’aide à un enseignant.",
      meta: { shortCode: "R33", value: null, userId: "u-gar" }
    })
  })

  it("R11, R12, R13: the INE has an account in another organization", () => {
    const elsewhere = (userId: string) =>
      request({
        reconciledByIne: [
          { learnerId: "l9", organizationId: "org9", nationalStudentId: "123456789AB", birthdate: "2012-05-14", userId }
        ]
      })
    expect(plain(Reconciliation.reconcile(elsewhere("u-mail")))).toMatchObject({
      code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION",
      message: expect.stringContaining("utilisé dans un autre établissement, avec l’adresse e-mail l***@example.net."),
      meta: { shortCode: "R11", value: "l***@example.net", userId: "u-mail" }
    })
    expect(plain(Reconciliation.reconcile(elsewhere("u-name")))).toMatchObject({
      code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION",
      message: expect.stringContaining("dans un autre établissement, avec l’identifiant l***.m***5."),
      meta: { shortCode: "R12", value: "l***.m***5", userId: "u-name" }
    })
    expect(plain(Reconciliation.reconcile(elsewhere("u-gar")))).toMatchObject({
      code: "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION",
      message: expect.stringContaining("ENT (Mediacentre)"),
      meta: { shortCode: "R13", value: null, userId: "u-gar" }
    })
  })

  it("R70, R90 and the no-match cases", () => {
    expect(
      plain(
        Reconciliation.reconcile(
          request({ learners: [learner, { ...learner, learnerId: "l2", firstName: "Paul", userId: "u1" }] })
        )
      )
    ).toEqual({
      _tag: "Conflict",
      code: "USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION",
      message:
        "Votre compte est déjà rattaché à un autre élève de cet établissement. Vérifiez les informations saisies ou demandez de l’aide à un enseignant.",
      meta: { shortCode: "R70", value: null, userId: "u1" }
    })
    expect(
      plain(
        Reconciliation.reconcile(
          request({
            userLearners: [
              {
                learnerId: "l8",
                organizationId: "org8",
                nationalStudentId: "999999999ZZ",
                birthdate: "2011-01-01",
                userId: "u1"
              }
            ]
          })
        )
      )
    ).toEqual({
      _tag: "Conflict",
      code: "ACCOUNT_SEEMS_TO_BELONGS_TO_ANOTHER_USER",
      message:
        "Le compte avec lequel vous êtes connecté semble appartenir à un autre élève. Déconnectez-vous, puis connectez-vous avec votre propre compte ou demandez de l’aide à un enseignant.",
      meta: { shortCode: "R90", value: null, userId: "u1" }
    })
    expect(
      plain(
        Reconciliation.reconcile(request({ typed: { firstName: "Lea", lastName: "Martin", birthdate: "2012-05-15" } }))
      )
    ).toEqual({
      _tag: "NotFound",
      code: "NO_ORGANIZATION_LEARNER_MATCHING_BIRTHDATE",
      message:
        "Aucun élève de cet établissement n’a cette date de naissance. Vérifiez les informations saisies ou demandez de l’aide à un enseignant.",
      meta: { organizationId: "org1" }
    })
    expect(
      plain(
        Reconciliation.reconcile(
          request({ typed: { firstName: "Léonie", lastName: "Martin", birthdate: "2012-05-14" } })
        )
      )
    ).toEqual({
      _tag: "NotFound",
      code: "NO_ORGANIZATION_LEARNER_MATCHING_NAMES",
      message:
        "Aucun élève de cet établissement ne correspond au nom et au prénom saisis. Vérifiez les informations saisies ou demandez de l’aide à un enseignant.",
      meta: { organizationId: "org1" }
    })
  })
})
