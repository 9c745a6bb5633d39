/**
 * What the library's queries answer: plain, JSON-safe views, French labels where people read them.
 *
 * @since 0.1.0
 */

/**
 * A user's account as apps read it: names, logins, whether Pix Orga's terms are accepted.
 *
 * @category models
 * @since 0.1.0
 */
export interface AccountView {
  readonly userId: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string | null
  readonly username: string | null
  readonly pixOrgaTermsOfServiceAccepted: boolean
}

/**
 * One of the student's own participations.
 *
 * @category models
 * @since 0.1.0
 */
export interface MyParticipation {
  readonly participationId: string
  readonly campaignId: string
  readonly campaignCode: string
  readonly campaignName: string
  readonly organizationId: string
  readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly status: "STARTED" | "TO_SHARE" | "SHARED"
  readonly createdAt: string
  readonly sharedAt: string | null
  /** The campaign allows multiple sendings: once shared, the student may send his profile again or retake. */
  readonly multipleSendings: boolean
}

/**
 * An organization as its members see it.
 *
 * @since 0.1.0
 */
export interface OrganizationView {
  readonly organizationId: string
  readonly name: string
  readonly type: "SCO" | "SUP" | "PRO" | null
  readonly uai: string | null
  readonly isManagingStudents: boolean
  readonly archivedAt: string | null
  readonly membersCount: number
}

/**
 * A member of the team.
 *
 * @since 0.1.0
 */
export interface MemberView {
  readonly userId: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string | null
  readonly role: "ADMIN" | "MEMBER"
  readonly since: string
}

/**
 * A pending invitation ("Date de dernier envoi" is `lastSentAt`).
 *
 * @since 0.1.0
 */
export interface InvitationView {
  readonly invitationId: string
  readonly email: string
  readonly role: "ADMIN" | "MEMBER" | null
  readonly status: "pending" | "accepted" | "cancelled"
  readonly createdAt: string
  readonly lastSentAt: string
}

/**
 * A freshly sent invitation, with the code the e-mail carries.
 *
 * @since 0.1.0
 */
export interface SentInvitation {
  readonly invitationId: string
  readonly email: string
  readonly code: string
}

/**
 * A learner of the students page ("Élèves").
 *
 * @since 0.1.0
 */
export interface LearnerView {
  readonly learnerId: string
  readonly lastName: string
  readonly firstName: string
  readonly birthdate: string
  readonly division: string
  readonly nationalStudentId: string
  readonly isDisabled: boolean
  readonly isLinkedToAccount: boolean
  readonly participationCount: number
  /** "Certifiable", "Non Certifiable" or "Non communiqué". */
  readonly certificability: "Certifiable" | "Non Certifiable" | "Non communiqué"
  /** How the student logs into Pix, as the "Méthode(s) de connexion" column says it (none without an account). */
  readonly connectionMethods: ReadonlyArray<ConnectionMethod>
}

/**
 * One learner line of an import preview.
 *
 * @since 0.1.0
 */
export interface PreviewLearner {
  readonly nationalStudentId: string
  readonly lastName: string
  readonly firstName: string
  readonly division: string
}

/**
 * A student of the file left out of the import, as SIECLE gives him: `LEFT` (left the school on `leftOn`,
 * `YYYY-MM-DD`), `NO_INE` (no INE: not arrived yet), `NO_DIVISION` (no class, or only `Inactifs`).
 *
 * @since 0.1.0
 */
export interface SkippedStudent {
  readonly reason: "LEFT" | "NO_INE" | "NO_DIVISION"
  readonly nationalStudentId: string | null
  readonly lastName: string
  readonly firstName: string
  readonly division: string | null
  readonly leftOn: string | null
}

/**
 * How many students of the file were left out, by reason (exact; the lists keep the first 1,000 of each).
 *
 * @since 0.1.0
 */
export interface SkippedCounts {
  readonly left: number
  readonly notArrived: number
  readonly noDivision: number
}

/**
 * What an import would do, before committing it.
 *
 * @since 0.1.0
 */
export interface ImportPreview {
  readonly fileName: string
  readonly schoolYear: string
  /** Students of the file that are imported (those left out are in `skipped`). */
  readonly studentsInFile: number
  readonly skipped: SkippedCounts
  readonly skippedStudents: ReadonlyArray<SkippedStudent>
  readonly added: ReadonlyArray<PreviewLearner>
  readonly updated: ReadonlyArray<PreviewLearner>
  readonly disabled: ReadonlyArray<PreviewLearner>
  readonly reenabled: ReadonlyArray<PreviewLearner>
  readonly unchanged: number
  /**
   * Confirms this preview (`confirmSiecleImport`) without sending the file again: bound to the organization, the
   * user who previewed and the file, kept by this process until `expiresAt` (ADR 0052).
   */
  readonly previewId: string
  /** When the preview can no longer be confirmed (ISO-8601); the file is then sent again. */
  readonly expiresAt: string
}

/**
 * What an import did.
 *
 * @since 0.1.0
 */
export interface ImportOutcome {
  readonly status: "IMPORTED"
  readonly fileName: string
  readonly schoolYear: string
  /** Students of the file that are imported (those left out are in `skipped`). */
  readonly studentsInFile: number
  readonly skipped: SkippedCounts
  readonly skippedStudents: ReadonlyArray<SkippedStudent>
  readonly added: number
  readonly updated: number
  readonly disabled: number
  readonly reenabled: number
  readonly unchanged: number
  /** Roster events appended by the import (0 for a file identical to the roster): for developers, not people. */
  readonly eventsAppended: number
}

/**
 * One entry of an organization's import history.
 *
 * @since 0.1.0
 */
export interface ImportHistoryEntry {
  readonly fileName: string
  readonly schoolYear: string | null
  /** Pix's statuses (§1.6): `UPLOAD_ERROR` for a file over 20 MB, `VALIDATION_ERROR` for a refused file. */
  readonly status: "IMPORTED" | "VALIDATION_ERROR" | "UPLOAD_ERROR"
  readonly importedBy: string
  /** Who imported, as people read it (first and last name); `null` when the account is unknown. */
  readonly importedByName: string | null
  readonly occurredAt: string
  /** `imported`: students added or updated. */
  readonly counts: { readonly imported: number; readonly disabled: number; readonly reenabled: number }
  readonly skipped: SkippedCounts
  readonly skippedStudents: ReadonlyArray<SkippedStudent>
  /** The first problems of a refused file (at most 1,000). */
  readonly errors: ReadonlyArray<{ readonly code: string; readonly message: string; readonly meta: unknown }>
  /** Every problem of a refused file counted by code. */
  readonly errorCounts: { readonly [code: string]: number }
  /** How many problems a refused file had. */
  readonly errorTotal: number
}

/**
 * A campaign of the campaign list.
 *
 * @since 0.1.0
 */
export interface CampaignSummary {
  readonly campaignId: string
  readonly organizationId: string
  readonly code: string
  readonly name: string
  readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly ownerId: string
  readonly targetProfileId: string | null
  readonly createdAt: string
  readonly archivedAt: string | null
  readonly participationsCount: number
  readonly sharedParticipationsCount: number
  /** Multiple sendings (§4.2): participants may send again (profiles) or retake once shared (assessments). */
  readonly multipleSendings: boolean
  /** The owner's names, as the "Propriétaire" column shows them (empty when the account is unknown). */
  readonly ownerFirstName: string
  readonly ownerLastName: string
}

/**
 * One participant of a campaign's results.
 *
 * @since 0.1.0
 */
export interface ParticipantResult {
  readonly participationId: string
  readonly learnerId: string
  readonly lastName: string
  readonly firstName: string
  readonly division: string | null
  readonly participantExternalId: string | null
  /** "En cours", "En attente d'envoi", "Résultats reçus" / "Profil reçu". */
  readonly statusLabel: string
  readonly status: "STARTED" | "TO_SHARE" | "SHARED"
  readonly createdAt: string
  readonly sharedAt: string | null
  /** ASSESSMENT, shared: validated target skills / target skills. */
  readonly masteryRate: number | null
  /** PROFILES_COLLECTION, shared. */
  readonly pixScore: number | null
  readonly isCertifiable: boolean | null
  /**
   * Against the participant's previous shared participation (multiple sendings): the mastery rate (assessment)
   * or the pix score (profiles) went up, down or stayed; `null` without a previous sending or before sharing.
   */
  readonly evolution: "increase" | "decrease" | "stable" | null
  /** How many times the participant shared his results or profile in this campaign (earlier sendings included). */
  readonly sharedParticipationsCount: number
  /** The stage (palier) reached, when shared and the target profile has stages. */
  readonly reachedStage: ReachedStageView | null
  /** The badges (résultats thématiques) acquired, in the profile's order (none before sharing). */
  readonly acquiredBadges: ReadonlyArray<BadgeView>
}

/**
 * The stage a participant reached: `reachedStage` of `totalStages` (Pix shows `reachedStage − 1` stars out of
 * `totalStages − 1`), with the title the teacher reads.
 *
 * @category models
 * @since 0.2.0
 */
export interface ReachedStageView {
  readonly reachedStage: number
  readonly totalStages: number
  readonly title: string
}

/**
 * A badge (résultat thématique) of a target profile.
 *
 * @category models
 * @since 0.2.0
 */
export interface BadgeView {
  readonly key: string
  readonly title: string
}

/**
 * A campaign's results, with Pix's campaign report figures.
 *
 * @since 0.1.0
 */
export interface CampaignResults {
  readonly campaign: CampaignSummary
  readonly participationsCount: number
  readonly sharedParticipationsCount: number
  /** Mean mastery rate (assessment) or pix score / 640 (profiles) over shared participations, null if none. */
  readonly averageResult: number | null
  readonly participants: ReadonlyArray<ParticipantResult>
  /** How many stages the campaign's target profile has (`null` without stages). */
  readonly totalStages: number | null
  /** Every badge of the campaign's target profile, in its order. */
  readonly badges: ReadonlyArray<BadgeView>
}

/**
 * A campaign's results for one class.
 *
 * @since 0.1.0
 */
export interface DivisionResult {
  readonly division: string
  readonly learners: number
  readonly participants: number
  readonly shared: number
  readonly averageResult: number | null
}

/**
 * Certificability of one class before the collection deadline.
 *
 * @since 0.1.0
 */
export interface DivisionCertificability {
  readonly division: string
  readonly learners: number
  readonly certifiable: ReadonlyArray<string>
  readonly notCertifiable: ReadonlyArray<string>
  /** Learners who have not shared a profile in any profiles collection yet. */
  readonly notSharedYet: ReadonlyArray<string>
}

/**
 * The certificability report of an organization.
 *
 * @since 0.1.0
 */
export interface CertificabilityReport {
  readonly organizationId: string
  readonly schoolYear: string
  /** `YYYY-MM-DD`: profiles must be shared by then. */
  readonly deadline: string
  readonly daysLeft: number
  readonly divisions: ReadonlyArray<DivisionCertificability>
}

/**
 * Why a learner refused what a student typed (for staff helping a student).
 *
 * @since 0.1.0
 */
export interface RefusalCandidate {
  readonly learnerId: string
  readonly lastName: string
  readonly firstName: string
  readonly division: string
  readonly reasons: ReadonlyArray<{ readonly code: string; readonly message: string }>
}

/**
 * The answer to "why is this student refused?".
 *
 * @since 0.1.0
 */
export interface RefusalExplanation {
  /** What joining would answer for these inputs (null when a learner would be found). */
  readonly verdict: { readonly code: string; readonly message: string } | null
  readonly candidates: ReadonlyArray<RefusalCandidate>
}

/**
 * One entry of the audit trail.
 *
 * @since 0.1.0
 */
export interface AuditEntry {
  /** The event's global position in the log (decimal): the cursor of the page after it. */
  readonly position: string
  readonly occurredAt: string
  readonly actorId: string | null
  readonly useCase: string
  readonly event: string
  readonly streamId: string
  /** The actor's name as people read it ("Prénom Nom"); null without an actor or for an unknown account. */
  readonly actorName: string | null
}

/**
 * A CSV export: the file name Pix gives it and its lines, produced one by one.
 *
 * @since 0.1.0
 */
export interface CsvExport {
  readonly fileName: string
  readonly lines: Iterable<string>
}

/**
 * A target profile (parcours) as people pick it: what it assesses, its stages (paliers, with the title and
 * description the teacher reads) and its badges (résultats thématiques).
 *
 * @category models
 * @since 0.2.0
 */
export interface TargetProfileView {
  readonly targetProfileId: string
  readonly name: string
  readonly description: string | null
  readonly skillsCount: number
  readonly areKnowledgeElementsResettable: boolean
  readonly stages: ReadonlyArray<{ readonly id: string; readonly title: string; readonly message: string }>
  readonly badges: ReadonlyArray<{
    readonly id: string
    readonly key: string
    readonly title: string
    readonly isCertifiable: boolean
  }>
}

/**
 * A feature Pix Admin turns on for an organization (Pix's `ORGANIZATION_FEATURE`).
 *
 * @category models
 * @since 0.2.0
 */
export type OrganizationFeature =
  | "MULTIPLE_SENDING_ASSESSMENT"
  | "PLACES_MANAGEMENT"
  | "LEARNER_IMPORT"
  | "MISSIONS_MANAGEMENT"
  | "COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY"

/**
 * A lot of places as Pix Admin lists it: its count, tariff category, reference, dates and status today.
 *
 * @category models
 * @since 0.1.0
 */
export interface PlacesLotView {
  readonly lotId: string
  readonly count: number
  readonly category: "T0" | "T1" | "T2" | "T2bis" | "T3"
  /** The category in French ("Tarif public", …). */
  readonly categoryLabel: string
  readonly reference: string
  /** `YYYY-MM-DD`. */
  readonly activationDate: string
  /** `YYYY-MM-DD`. */
  readonly expirationDate: string
  readonly status: "ACTIVE" | "EXPIRED" | "PENDING"
  /** The status in French ("Actif", "Expiré", "À venir"). */
  readonly statusLabel: string
  readonly createdAt: string
  readonly deletedAt: string | null
}

/**
 * An organization's places today: capacity (active lots), places used, places left, and whether newcomers are
 * refused (`MAXIMUM_PLACES_REACHED`).
 *
 * @category models
 * @since 0.1.0
 */
export interface PlacesView {
  readonly organizationId: string
  readonly total: number
  readonly occupied: number
  readonly available: number
  readonly limitEnabled: boolean
  readonly hasReachedMaximumPlacesLimit: boolean
  readonly lots: ReadonlyArray<PlacesLotView>
}

/**
 * An organization as Pix Admin lists it.
 *
 * @category models
 * @since 0.1.0
 */
export interface OrganizationForAdmin {
  readonly organizationId: string
  readonly name: string
  readonly type: "SCO" | "SUP" | "PRO" | null
  readonly uai: string | null
  readonly isManagingStudents: boolean
  readonly contactEmail: string | null
  readonly registeredAt: string | null
  readonly archivedAt: string | null
  readonly membersCount: number
}

/**
 * One organization as Pix Admin shows it: its registration, team, campaigns, learners and places.
 *
 * @category models
 * @since 0.1.0
 */
export interface OrganizationDetailsForAdmin extends OrganizationForAdmin {
  readonly identityProviderForCampaigns: "GAR" | null
  readonly pendingInvitationsCount: number
  readonly campaignsCount: number
  readonly learnersCount: number
  readonly places: PlacesView
}

/**
 * The answer to a school's request for its administrator invitation (SCO self-service): the invitation went to the
 * school's own contact mailbox, never to the person who asked, and its code is not in the answer.
 *
 * @category models
 * @since 0.1.0
 */
export interface ScoInvitationSent {
  readonly organizationId: string
  readonly organizationName: string
  readonly email: string
  readonly invitationId: string
}

/**
 * A way a student logs into Pix (Pix's connection types): an e-mail, a username ("identifiant"), or the GAR
 * ("mediacentre").
 *
 * @since 0.1.0
 */
export type ConnectionMethod = "email" | "identifiant" | "mediacentre"

/**
 * Where a page sits in a list: Pix's pagination meta (pages count from 1).
 *
 * @since 0.1.0
 */
export interface Pagination {
  readonly page: number
  readonly pageSize: number
  readonly rowCount: number
  readonly pageCount: number
}

/**
 * One page of an organization's learners, and where it sits.
 *
 * @since 0.1.0
 */
export interface LearnersPage {
  readonly learners: ReadonlyArray<LearnerView>
  readonly pagination: Pagination
}

/**
 * What a batch deletion of campaigns did: the campaigns deleted and how many participations went with them.
 *
 * @since 0.1.0
 */
export interface CampaignsDeleted {
  readonly campaignIds: ReadonlyArray<string>
  readonly participationsDeleted: number
}

/**
 * A page of the audit trail, newest first, and the cursor of the next (older) page.
 *
 * @since 0.1.0
 */
export interface AuditTrailPage {
  readonly entries: ReadonlyArray<AuditEntry>
  /** Pass it as `before` to read the next page; null after the oldest entry. */
  readonly next: string | null
}
