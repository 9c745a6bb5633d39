/**
 * The schemas of the library's views that apps send out as they are (an HTTP app's responses, a command line's
 * `--json`): one definition each, checked against `Views` at compile time, so the apps never write their own copy
 * of a view's shape.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Views from "./Views.ts"

const NullableString = Schema.NullOr(Schema.String)

/**
 * How many students of a SIECLE file were left out, by reason (exact).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SkippedCounts = Schema.Struct({
  left: Schema.Number,
  notArrived: Schema.Number,
  noDivision: Schema.Number
})

/**
 * A student of the file left out of the import (`LEFT` on `leftOn`, `NO_INE`, `NO_DIVISION`), as SIECLE gives him.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SkippedStudent = Schema.Struct({
  reason: Schema.Literals(["LEFT", "NO_INE", "NO_DIVISION"]),
  nationalStudentId: NullableString,
  lastName: Schema.String,
  firstName: Schema.String,
  division: NullableString,
  leftOn: NullableString
})

/**
 * One import of the history: imported or refused, who and when, its counts, skipped students and capped errors.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ImportHistoryEntry = Schema.Struct({
  fileName: Schema.String,
  schoolYear: NullableString,
  status: Schema.Literals(["IMPORTED", "VALIDATION_ERROR", "UPLOAD_ERROR"]),
  importedBy: Schema.String,
  importedByName: NullableString,
  occurredAt: Schema.String,
  counts: Schema.Struct({ imported: Schema.Number, disabled: Schema.Number, reenabled: Schema.Number }),
  skipped: SkippedCounts,
  skippedStudents: Schema.Array(SkippedStudent),
  errors: Schema.Array(Schema.Struct({ code: Schema.String, message: Schema.String, meta: Schema.Unknown })),
  errorCounts: Schema.Record(Schema.String, Schema.Number),
  errorTotal: Schema.Number
})

const Reason = Schema.Struct({ code: Schema.String, message: Schema.String })

/**
 * Why a student is refused: the verdict, and each candidate learner with his reasons.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RefusalExplanation = Schema.Struct({
  verdict: Schema.NullOr(Reason),
  candidates: Schema.Array(
    Schema.Struct({
      learnerId: Schema.String,
      lastName: Schema.String,
      firstName: Schema.String,
      division: Schema.String,
      reasons: Schema.Array(Reason)
    })
  )
})

/**
 * A campaign's results in one class.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DivisionResult = Schema.Struct({
  division: Schema.String,
  learners: Schema.Number,
  participants: Schema.Number,
  shared: Schema.Number,
  averageResult: Schema.NullOr(Schema.Number)
})

/**
 * Certificability by class, against the collection deadline.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CertificabilityReport = Schema.Struct({
  organizationId: Schema.String,
  schoolYear: Schema.String,
  deadline: Schema.String,
  daysLeft: Schema.Number,
  divisions: Schema.Array(
    Schema.Struct({
      division: Schema.String,
      learners: Schema.Number,
      certifiable: Schema.Array(Schema.String),
      notCertifiable: Schema.Array(Schema.String),
      notSharedYet: Schema.Array(Schema.String)
    })
  )
})

/**
 * One line of the audit trail.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AuditEntry = Schema.Struct({
  position: Schema.String,
  occurredAt: Schema.String,
  actorId: NullableString,
  useCase: Schema.String,
  event: Schema.String,
  streamId: Schema.String,
  actorName: NullableString
})

/**
 * A page of the audit trail and the cursor of the next one.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AuditTrailPage = Schema.Struct({
  entries: Schema.Array(AuditEntry),
  next: NullableString
})

/**
 * A target profile as people pick it, with its stages and badges.
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfileView = Schema.Struct({
  targetProfileId: Schema.String,
  name: Schema.String,
  description: NullableString,
  skillsCount: Schema.Number,
  areKnowledgeElementsResettable: Schema.Boolean,
  stages: Schema.Array(Schema.Struct({ id: Schema.String, title: Schema.String, message: Schema.String })),
  badges: Schema.Array(
    Schema.Struct({ id: Schema.String, key: Schema.String, title: Schema.String, isCertifiable: Schema.Boolean })
  )
})

/**
 * The features Pix Admin turned on for an organization.
 *
 * @category schemas
 * @since 0.2.0
 */
export const OrganizationFeatures = Schema.Array(
  Schema.Literals([
    "MULTIPLE_SENDING_ASSESSMENT",
    "PLACES_MANAGEMENT",
    "LEARNER_IMPORT",
    "MISSIONS_MANAGEMENT",
    "COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY"
  ])
)

/**
 * A learner of the organization's list, with his certificability and connection methods.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnerView = Schema.Struct({
  learnerId: Schema.String,
  lastName: Schema.String,
  firstName: Schema.String,
  birthdate: Schema.String,
  division: Schema.String,
  nationalStudentId: Schema.String,
  isDisabled: Schema.Boolean,
  isLinkedToAccount: Schema.Boolean,
  participationCount: Schema.Number,
  certificability: Schema.Literals(["Certifiable", "Non Certifiable", "Non communiqué"]),
  connectionMethods: Schema.Array(Schema.Literals(["email", "identifiant", "mediacentre"]))
})

/**
 * Where a page sits in a list (pages count from 1).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Pagination = Schema.Struct({
  page: Schema.Number,
  pageSize: Schema.Number,
  rowCount: Schema.Number,
  pageCount: Schema.Number
})

/**
 * One page of an organization's learners.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnersPage = Schema.Struct({ learners: Schema.Array(LearnerView), pagination: Pagination })

/**
 * What a batch deletion of campaigns did.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignsDeleted = Schema.Struct({
  campaignIds: Schema.Array(Schema.String),
  participationsDeleted: Schema.Number
})

// Each schema's type is its view's, both ways: a view that changes without its schema does not type-check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameAsViews: readonly [
  Same<typeof SkippedStudent.Type, Views.SkippedStudent>,
  Same<typeof SkippedCounts.Type, Views.SkippedCounts>,
  Same<typeof ImportHistoryEntry.Type, Views.ImportHistoryEntry>,
  Same<typeof RefusalExplanation.Type, Views.RefusalExplanation>,
  Same<typeof DivisionResult.Type, Views.DivisionResult>,
  Same<typeof CertificabilityReport.Type, Views.CertificabilityReport>,
  Same<typeof AuditEntry.Type, Views.AuditEntry>,
  Same<typeof TargetProfileView.Type, Views.TargetProfileView>,
  Same<typeof OrganizationFeatures.Type, ReadonlyArray<Views.OrganizationFeature>>,
  Same<typeof AuditTrailPage.Type, Views.AuditTrailPage>
] = [true, true, true, true, true, true, true, true, true, true]
void sameAsViews

/**
 * A lot of places as Pix Admin lists it.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesLotView = Schema.Struct({
  lotId: Schema.String,
  count: Schema.Number,
  category: Schema.Literals(["T0", "T1", "T2", "T2bis", "T3"]),
  categoryLabel: Schema.String,
  reference: Schema.String,
  activationDate: Schema.String,
  expirationDate: Schema.String,
  status: Schema.Literals(["ACTIVE", "EXPIRED", "PENDING"]),
  statusLabel: Schema.String,
  createdAt: Schema.String,
  deletedAt: NullableString
})

/**
 * An organization's places today.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesView = Schema.Struct({
  organizationId: Schema.String,
  total: Schema.Number,
  occupied: Schema.Number,
  available: Schema.Number,
  limitEnabled: Schema.Boolean,
  hasReachedMaximumPlacesLimit: Schema.Boolean,
  lots: Schema.Array(PlacesLotView)
})

const organizationForAdminFields = {
  organizationId: Schema.String,
  name: Schema.String,
  type: Schema.NullOr(Schema.Literals(["SCO", "SUP", "PRO"])),
  uai: NullableString,
  isManagingStudents: Schema.Boolean,
  contactEmail: NullableString,
  registeredAt: NullableString,
  archivedAt: NullableString,
  membersCount: Schema.Number
}

/**
 * An organization as Pix Admin lists it.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationForAdmin = Schema.Struct(organizationForAdminFields)

/**
 * One organization as Pix Admin shows it.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationDetailsForAdmin = Schema.Struct({
  ...organizationForAdminFields,
  identityProviderForCampaigns: Schema.NullOr(Schema.Literal("GAR")),
  pendingInvitationsCount: Schema.Number,
  campaignsCount: Schema.Number,
  learnersCount: Schema.Number,
  places: PlacesView
})

/**
 * The answer to a school's request for its administrator invitation (no code in it).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ScoInvitationSent = Schema.Struct({
  organizationId: Schema.String,
  organizationName: Schema.String,
  email: Schema.String,
  invitationId: Schema.String
})

// The back office's views, checked against `Views` like the others.
const sameAsBackOfficeViews: readonly [
  Same<typeof PlacesLotView.Type, Views.PlacesLotView>,
  Same<typeof PlacesView.Type, Views.PlacesView>,
  Same<typeof OrganizationForAdmin.Type, Views.OrganizationForAdmin>,
  Same<typeof OrganizationDetailsForAdmin.Type, Views.OrganizationDetailsForAdmin>,
  Same<typeof ScoInvitationSent.Type, Views.ScoInvitationSent>
] = [true, true, true, true, true]
void sameAsBackOfficeViews

const sameAsHousekeepingViews: readonly [
  Same<typeof LearnerView.Type, Views.LearnerView>,
  Same<typeof Pagination.Type, Views.Pagination>,
  Same<typeof LearnersPage.Type, Views.LearnersPage>,
  Same<typeof CampaignsDeleted.Type, Views.CampaignsDeleted>
] = [true, true, true, true]
void sameAsHousekeepingViews
