import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import * as CampaignCodeGenerator from "../src/campaign/CampaignCodeGenerator.ts"
import * as CampaignCodeReservation from "../src/campaign/CampaignCodeReservation.ts"
import type * as CampaignCommand from "../src/campaign/CampaignCommand.ts"
import * as CampaignDecider from "../src/campaign/CampaignDecider.ts"
import type * as DomainError from "../src/DomainError.ts"
import type * as ParticipationCommand from "../src/participation/ParticipationCommand.ts"
import * as ParticipationDecider from "../src/participation/ParticipationDecider.ts"
import * as Reconciliation from "../src/reconciliation/Reconciliation.ts"
import * as C from "../src/testing/CampaignBuilders.ts"
import { DeciderSpecification } from "../src/testing/DeciderSpecification.ts"
import * as P from "../src/testing/ParticipationBuilders.ts"

// Every error code of §§4.2-4.4, 5.2 and 5.4 produced by a command, compared whole: tag, code, French
// message and meta (`thenFails` checks all four). The behaviour around each one is tested in the area's own
// test file.

const campaigns = DeciderSpecification.for(CampaignDecider.decider)
const reservations = DeciderSpecification.for(CampaignCodeReservation.decider)
const participations = DeciderSpecification.for(ParticipationDecider.decider)

// Reconciliation is a function, not a decider: its failure, compared whole.
const plain = (result: Result.Result<unknown, DomainError.DomainError>) => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  const { _tag, code, message, meta } = result.failure
  return { _tag, code, message, meta }
}

const at = P.timestamp("2026-09-01T08:00:00.000Z")
const later = P.timestamp("2026-09-02T08:00:00.000Z")
const org1 = C.organizationId("org1")
const u2 = C.userId("u2")

const create = (overrides: Partial<CampaignCommand.CreateCampaign> = {}) =>
  C.aCampaignCreation({ name: "Rentrée", now: at, ...overrides })
const created = campaigns.decided([create()])
const member = C.anActor("u2", "MEMBER")
const admin = C.anActor("u2", "ADMIN")
const notAuthorizedToCreate =
  "Vous ne pouvez pas créer cette campagne : le créateur et le propriétaire doivent être membres de l’organisation, et le parcours lui être proposé."

describe("campaign codes (§4.2-4.4)", () => {
  it("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN (creator, owner, target profile)", () => {
    campaigns
      .given([])
      .when(create({ creatorIsMember: false }))
      .thenFails("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN", {
        tag: "Forbidden",
        message: notAuthorizedToCreate,
        meta: { attribute: "creatorId", userId: "u1", organizationId: "org1" }
      })
    campaigns
      .given([])
      .when(create({ ownerIsMember: false }))
      .thenFails("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN", {
        tag: "Forbidden",
        message: notAuthorizedToCreate,
        meta: { attribute: "ownerId", userId: "u1", organizationId: "org1" }
      })
    campaigns
      .given([])
      .when(create({ targetProfileId: C.targetProfileId("tp9") }))
      .thenFails("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN", {
        tag: "Forbidden",
        message: notAuthorizedToCreate,
        meta: { attribute: "targetProfileId", targetProfileId: "tp9", organizationId: "org1" }
      })
  })

  it("ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT", () => {
    campaigns
      .given([])
      .when(create({ multipleSendings: true }))
      .thenFails("ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT", {
        tag: "Forbidden",
        message: "Votre organisation n’est pas autorisée à créer des campagnes d’évaluation à envoi multiple.",
        meta: { organizationId: "org1" }
      })
  })

  it("CAMPAIGN_NAME_IS_REQUIRED with every invalid attribute in the meta", () => {
    campaigns
      .given([])
      .when(create({ name: "" }))
      .thenFails("CAMPAIGN_NAME_IS_REQUIRED", {
        tag: "InvalidInput",
        message: "Veuillez donner un nom à votre campagne.",
        meta: {
          attribute: "name",
          invalidAttributes: [
            {
              attribute: "name",
              code: "CAMPAIGN_NAME_IS_REQUIRED",
              message: "Veuillez donner un nom à votre campagne."
            }
          ]
        }
      })
  })

  it("CAMPAIGN_CODE_FORMAT and CAMPAIGN_CODE_NOT_UNIQUE", () => {
    campaigns
      .given([])
      .when(create({ code: "ABC" }))
      .thenFails("CAMPAIGN_CODE_FORMAT", {
        tag: "InvalidInput",
        message: "Le code de campagne doit contenir 9 lettres majuscules ou chiffres.",
        meta: { code: "ABC" }
      })
    const reserve = (campaignId: string) => C.aCodeReservation({ campaignId: C.campaignId(campaignId), now: at })
    const reserved = reservations.decided([reserve("c1")])
    reservations
      .given(reserved)
      .when(reserve("c2"))
      .thenFails("CAMPAIGN_CODE_NOT_UNIQUE", {
        tag: "Conflict",
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

  const update = (actor: CampaignCommand.Actor, overrides: Partial<CampaignCommand.UpdateCampaign> = {}) =>
    C.aCampaignUpdate(actor, { name: "Nouveau", now: later, ...overrides })

  it("USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN, OWNER_NOT_IN_ORGANIZATION, CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS", () => {
    campaigns
      .given(created)
      .when(update(member))
      .thenFails("USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN", {
        tag: "Forbidden",
        message: "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la modifier.",
        meta: { campaignId: "c1", userId: "u2" }
      })
    campaigns
      .given(created)
      .when(update(admin, { ownerId: u2, ownerIsMember: false }))
      .thenFails("OWNER_NOT_IN_ORGANIZATION", {
        tag: "InvalidInput",
        message: "Le propriétaire ne fait pas partie de l'organisation.",
        meta: { attribute: "ownerId", ownerId: "u2" }
      })
    campaigns
      .given(created)
      .when(update(admin, { multipleSendings: true, hasParticipations: true }))
      .thenFails("CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS", {
        tag: "Conflict",
        message: "L’envoi multiple ne peut plus être modifié : la campagne a déjà des participations.",
        meta: { campaignId: "c1", attribute: "multipleSendings" }
      })
    const tooLong = campaigns
      .given(created)
      .when(update(admin, { title: "t".repeat(51) }))
      .thenFails("CAMPAIGN_TITLE_IS_TOO_LONG", { message: "Le titre de la campagne est trop long." })
    expect(tooLong.meta).toMatchObject({ attribute: "title" })
  })

  it("CAMPAIGN_ALREADY_ARCHIVED, CAMPAIGN_NOT_ARCHIVED, CAMPAIGN_ALREADY_DELETED, CAMPAIGN_NOT_IN_ORGANIZATION, USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN, CAMPAIGN_NOT_FOUND, CAMPAIGN_ALREADY_EXISTS", () => {
    const archive = C.anArchiving(admin, { now: later })
    const archived = campaigns.decided([create(), archive])
    campaigns
      .given(archived)
      .when(archive)
      .thenFails("CAMPAIGN_ALREADY_ARCHIVED", {
        tag: "Conflict",
        message: "Cette campagne est déjà archivée.",
        meta: { campaignId: "c1" }
      })
    campaigns
      .given(created)
      .when(C.anUnarchiving(admin, { now: later }))
      .thenFails("CAMPAIGN_NOT_ARCHIVED", {
        tag: "Conflict",
        message: "Cette campagne n’est pas archivée.",
        meta: { campaignId: "c1" }
      })
    const remove = C.aCampaignDeletion(admin, { organizationId: org1, now: later })
    const deleted = campaigns.decided([create(), remove])
    campaigns
      .given(deleted)
      .when(remove)
      .thenFails("CAMPAIGN_ALREADY_DELETED", {
        tag: "Conflict",
        message: "Cette campagne est déjà supprimée.",
        meta: { campaignId: "c1" }
      })
    campaigns
      .given(created)
      .when({ ...remove, organizationId: C.organizationId("org2") })
      .thenFails("CAMPAIGN_NOT_IN_ORGANIZATION", {
        tag: "InvalidInput",
        message: "Cette campagne n’appartient pas à l’organisation.",
        meta: { campaignId: "c1", organizationId: "org2" }
      })
    campaigns
      .given(created)
      .when({ ...remove, actor: member })
      .thenFails("USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN", {
        tag: "Forbidden",
        message: "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la supprimer.",
        meta: { campaignId: "c1", userId: "u2" }
      })
    campaigns
      .given([])
      .when(archive)
      .thenFails("CAMPAIGN_NOT_FOUND", {
        tag: "NotFound",
        message: "La campagne demandée n’existe pas.",
        meta: { campaignId: "c1" }
      })
    campaigns
      .given(created)
      .when(create())
      .thenFails("CAMPAIGN_ALREADY_EXISTS", {
        tag: "Conflict",
        message: "Cette campagne existe déjà.",
        meta: { campaignId: "c1" }
      })
  })
})

describe("participation codes (§5.2, DECISIONS 5)", () => {
  const p2 = P.participationId("p2")
  const l1 = P.learnerId("l1")
  // Multiple sendings and resettable by default here, so that the retake codes are reachable.
  const campaign = (overrides: Partial<ParticipationCommand.CampaignToJoin> = {}) =>
    P.aCampaignToJoin({ multipleSendings: true, targetProfileResettable: true, ...overrides })
  const join = (overrides: Partial<ParticipationCommand.JoinCampaign> = {}) =>
    P.aJoin({ campaign: campaign(), now: at, ...overrides })
  const run = participations.decided
  const forbidden = "Vous n'êtes pas autorisé à rejoindre la campagne"
  const retake = "Vous ne pouvez pas repasser la campagne"
  const started = run([join()])
  const outcome = P.anOutcome(["s1"], { testedSkillIds: [], now: at })
  const share = P.aShare({ now: at })
  const sharedHistory = run([join(), outcome, share])

  it("the joining codes, in Pix's order", () => {
    participations
      .given([])
      .when(join({ placesLimitReached: true }))
      .thenFails("MAXIMUM_PLACES_REACHED", {
        tag: "Forbidden",
        message: "Vous ne pouvez pas rejoindre la campagne : l'organisation a atteint son nombre maximum de places.",
        meta: { organizationId: "org1" }
      })
    participations
      .given([])
      .when(join({ learner: { learnerId: l1, isDisabled: true } }))
      .thenFails("ORGANIZATION_LEARNER_DISABLED", { tag: "Forbidden", message: forbidden, meta: { learnerId: "l1" } })
    participations
      .given([])
      .when(join({ campaign: campaign({ isArchived: true }) }))
      .thenFails("CAMPAIGN_ARCHIVED", { tag: "Forbidden", message: forbidden, meta: { campaignId: "c1" } })
    participations
      .given([])
      .when(join({ campaign: campaign({ isDeleted: true }) }))
      .thenFails("CAMPAIGN_DELETED", { tag: "Forbidden", message: forbidden, meta: { campaignId: "c1" } })
    participations
      .given([])
      .when(join({ learner: null }))
      .thenFails("CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS", {
        tag: "Forbidden",
        message: forbidden,
        meta: { campaignId: "c1", userId: "u1" }
      })
    participations
      .given(started)
      .when(join({ participationId: p2, campaign: campaign({ multipleSendings: false }) }))
      .thenFails("ALREADY_EXISTING_CAMPAIGN_PARTICIPATION", {
        tag: "Conflict",
        message: "Une participation à cette campagne existe déjà.",
        meta: { campaignId: "c1", userId: "u1" }
      })
    participations
      .given(started)
      .when(join({ participationId: p2 }))
      .thenFails("CANNOT_RETAKE_CAMPAIGN", {
        tag: "Forbidden",
        message: retake,
        meta: { reason: "PREVIOUS_PARTICIPATION_NOT_SHARED" }
      })
    participations
      .given(sharedHistory)
      .when(join({ participationId: p2, isReset: true, now: later }))
      .thenFails("NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET", {
        tag: "Conflict",
        message: "Il n'est pas possible de remettre à zéro votre parcours pour le moment.",
        meta: { daysBeforeRetrying: 4 }
      })
    participations
      .given([])
      .when(join({ campaign: campaign({ externalIdLabel: "Numéro" }) }))
      .thenFails("PARTICIPANT_EXTERNAL_ID_REQUIRED", {
        tag: "InvalidInput",
        message: "Un identifiant externe est requis pour accèder à la campagne.",
        meta: { attribute: "participantExternalId" }
      })
    participations
      .given([])
      .when(join({ campaign: campaign({ externalIdLabel: "Numéro" }), participantExternalId: "x".repeat(256) }))
      .thenFails("PARTICIPANT_EXTERNAL_ID_TOO_LONG", {
        tag: "InvalidInput",
        message: "L'identifiant externe ne doit pas dépasser 255 caractères.",
        meta: { attribute: "participantExternalId", maxLength: 255 }
      })
    participations
      .given(sharedHistory)
      .when(join({ participationId: p2, userId: u2 }))
      .thenFails("ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED", {
        tag: "Conflict",
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
    participations
      .given(sharedHistory)
      .when(share)
      .thenFails("ALREADY_SHARED_CAMPAIGN_PARTICIPATION", {
        tag: "Conflict",
        message: "Ces résultats de campagne ont déjà été partagés.",
        meta: { participationId: "p1" }
      })
    participations
      .given(started)
      .when(share)
      .thenFails("ASSESSMENT_NOT_COMPLETED", {
        tag: "Conflict",
        message: "Le parcours n'est pas terminé : les résultats ne peuvent pas encore être envoyés.",
        meta: { participationId: "p1" }
      })
    participations
      .given(run([join(), outcome]))
      .when({ ...share, campaign: { isArchived: true, isDeleted: false } })
      .thenFails("CAMPAIGN_ALREADY_ARCHIVED", {
        tag: "Conflict",
        message: "Cette campagne est déjà archivée.",
        meta: { campaignId: "c1" }
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
