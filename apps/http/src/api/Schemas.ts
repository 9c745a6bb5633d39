/**
 * The response schemas of the library's views (`@orga/orga`'s `Views`), for the OpenAPI document and the typed
 * client. A view that gains a field shows up here as a type error (`satisfies`-checked in the handlers).
 *
 * @since 0.1.0
 */
import { AnalysisSchemas, ViewSchemas } from "@orga/orga"
import * as Schema from "effect/Schema"

const NullableString = Schema.NullOr(Schema.String)
const Role = Schema.Literals(["ADMIN", "MEMBER"])

/** A user's account. @category schemas @since 0.1.0 */
export const Account = Schema.Struct({
  userId: Schema.String,
  firstName: Schema.String,
  lastName: Schema.String,
  email: NullableString,
  username: NullableString,
  pixOrgaTermsOfServiceAccepted: Schema.Boolean
})

/** An organization as its members see it. @category schemas @since 0.1.0 */
export const Organization = Schema.Struct({
  organizationId: Schema.String,
  name: Schema.String,
  type: Schema.NullOr(Schema.Literals(["SCO", "SUP", "PRO"])),
  uai: NullableString,
  isManagingStudents: Schema.Boolean,
  archivedAt: NullableString,
  membersCount: Schema.Number
})

/** A member of the team. @category schemas @since 0.1.0 */
export const Member = Schema.Struct({
  userId: Schema.String,
  firstName: Schema.String,
  lastName: Schema.String,
  email: NullableString,
  role: Role,
  since: Schema.String
})

/** An invitation of the team. @category schemas @since 0.1.0 */
export const Invitation = Schema.Struct({
  invitationId: Schema.String,
  email: Schema.String,
  role: Schema.NullOr(Role),
  status: Schema.Literals(["pending", "accepted", "cancelled"]),
  createdAt: Schema.String,
  lastSentAt: Schema.String
})

/** An invitation just sent (its code is what the e-mail's link carries). @category schemas @since 0.1.0 */
export const SentInvitation = Schema.Struct({ invitationId: Schema.String, email: Schema.String, code: Schema.String })

/** A learner of the roster. @category schemas @since 0.1.0 */
export const Learner = Schema.Struct({
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

const PreviewLearner = Schema.Struct({
  nationalStudentId: Schema.String,
  lastName: Schema.String,
  firstName: Schema.String,
  division: Schema.String
})

/** How many students of the file were left out, by reason (exact). @category schemas @since 0.1.0 */
export const SkippedCounts = ViewSchemas.SkippedCounts

/** A student of the file left out of the import, with the reason, as SIECLE gives him. @category schemas @since 0.1.0 */
export const SkippedStudent = ViewSchemas.SkippedStudent

/** What an import would do. @category schemas @since 0.1.0 */
export const ImportPreview = Schema.Struct({
  fileName: Schema.String,
  schoolYear: Schema.String,
  studentsInFile: Schema.Number,
  skipped: SkippedCounts,
  skippedStudents: Schema.Array(SkippedStudent),
  added: Schema.Array(PreviewLearner),
  updated: Schema.Array(PreviewLearner),
  disabled: Schema.Array(PreviewLearner),
  reenabled: Schema.Array(PreviewLearner),
  unchanged: Schema.Number,
  previewId: Schema.String,
  expiresAt: Schema.String
})

/** What an import did. @category schemas @since 0.1.0 */
export const ImportOutcome = Schema.Struct({
  status: Schema.Literal("IMPORTED"),
  fileName: Schema.String,
  schoolYear: Schema.String,
  studentsInFile: Schema.Number,
  skipped: SkippedCounts,
  skippedStudents: Schema.Array(SkippedStudent),
  added: Schema.Number,
  updated: Schema.Number,
  disabled: Schema.Number,
  reenabled: Schema.Number,
  unchanged: Schema.Number,
  eventsAppended: Schema.Number
})

/** One import of the history. @category schemas @since 0.1.0 */
export const ImportHistoryEntry = ViewSchemas.ImportHistoryEntry

/** Why a student is refused. @category schemas @since 0.1.0 */
export const RefusalExplanation = ViewSchemas.RefusalExplanation

/** A campaign in a list. @category schemas @since 0.1.0 */
export const CampaignSummary = Schema.Struct({
  campaignId: Schema.String,
  organizationId: Schema.String,
  code: Schema.String,
  name: Schema.String,
  type: Schema.Literals(["ASSESSMENT", "PROFILES_COLLECTION"]),
  ownerId: Schema.String,
  targetProfileId: NullableString,
  createdAt: Schema.String,
  archivedAt: NullableString,
  participationsCount: Schema.Number,
  sharedParticipationsCount: Schema.Number,
  multipleSendings: Schema.Boolean,
  ownerFirstName: Schema.String,
  ownerLastName: Schema.String
})

/** A badge (résultat thématique) of a target profile. @category schemas @since 0.2.0 */
export const Badge = Schema.Struct({ key: Schema.String, title: Schema.String })

/** A campaign's results. @category schemas @since 0.1.0 */
export const CampaignResults = Schema.Struct({
  campaign: CampaignSummary,
  participationsCount: Schema.Number,
  sharedParticipationsCount: Schema.Number,
  averageResult: Schema.NullOr(Schema.Number),
  // The line of the results list, as the library's analysis pages send it too.
  participants: Schema.Array(AnalysisSchemas.ParticipantResult),
  totalStages: Schema.NullOr(Schema.Number),
  badges: Schema.Array(Badge)
})

/** A campaign's results in one class. @category schemas @since 0.1.0 */
export const DivisionResult = ViewSchemas.DivisionResult

/** Certificability by class. @category schemas @since 0.1.0 */
export const CertificabilityReport = ViewSchemas.CertificabilityReport

/** One line of the audit trail. @category schemas @since 0.1.0 */
export const AuditEntry = ViewSchemas.AuditEntry

/** A page of the audit trail and the cursor of the next one. @category schemas @since 0.1.0 */
export const AuditTrailPage = ViewSchemas.AuditTrailPage

/** A participation just made. @category schemas @since 0.1.0 */
export const Joined = Schema.Struct({
  participationId: Schema.String,
  learnerId: Schema.String,
  campaignId: Schema.String
})

/** One of the student's own participations. @category schemas @since 0.1.0 */
export const MyParticipation = Schema.Struct({
  participationId: Schema.String,
  campaignId: Schema.String,
  campaignCode: Schema.String,
  campaignName: Schema.String,
  organizationId: Schema.String,
  type: Schema.Literals(["ASSESSMENT", "PROFILES_COLLECTION"]),
  status: Schema.Literals(["STARTED", "TO_SHARE", "SHARED"]),
  createdAt: Schema.String,
  sharedAt: NullableString
})

/**
 * An invitation as the holder of its e-mail's link reads it (by id and code): the organization to join and the
 * address the accepting account must have.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PublicInvitation = Schema.Struct({
  invitationId: Schema.String,
  organizationId: Schema.String,
  organizationName: Schema.String,
  email: Schema.String,
  role: Schema.NullOr(Role),
  status: Schema.Literal("pending"),
  lastSentAt: Schema.String
})
/** A target profile as people pick it, with its stages and badges. @category schemas @since 0.2.0 */
export const TargetProfileView = ViewSchemas.TargetProfileView

/** The features Pix Admin turned on for an organization. @category schemas @since 0.2.0 */
export const OrganizationFeatures = ViewSchemas.OrganizationFeatures

/** One page of the learners and where it sits (pages count from 1). @category schemas @since 0.1.0 */
export const LearnersPage = ViewSchemas.LearnersPage

/** What a batch deletion of campaigns did. @category schemas @since 0.1.0 */
export const CampaignsDeleted = ViewSchemas.CampaignsDeleted
