/**
 * The inputs of the use cases, as schemas: each use case decodes its input once, into the domain's branded ids,
 * timestamps and values, and a bad input fails with `InvalidInput` (a French message, the field in `meta`)
 * before anything is read or written. Bounds follow Pix where it has them (255 characters for names and labels)
 * and are reasoned elsewhere (ids as the domain's: at most 128 characters; lists bounded).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import {
  Birthdate,
  CampaignEvent,
  CollectionDeadline,
  DomainError,
  Email,
  Ids,
  OrganizationEvent,
  OrganizationFeatures,
  Role,
  SchoolYear,
  Uai
} from "./Domain.ts"

// C0 and C1 controls, and the bidirectional overrides and isolates that can disguise a name or a file name.
const forbidden = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
// The same, with line breaks and tabs allowed (a campaign's landing page text has paragraphs).
const forbiddenInText =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

const printable = (pattern: RegExp) =>
  Schema.makeFilter((value: string) => !pattern.test(value), { expected: "no control or bidirectional character" })

const trimmed = Schema.String.pipe(Schema.decode(SchemaTransformation.trim()))

/**
 * A name or label: at most `max` characters, no control or bidirectional character (a blank one is the
 * domain's to refuse, with its own code).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Label = (max = 255) => Schema.String.pipe(Schema.check(Schema.isMaxLength(max), printable(forbidden)))

/**
 * A label trimmed first (a person's names at registration).
 *
 * @category schemas
 * @since 0.1.0
 */
export const TrimmedLabel = (max = 255) => trimmed.pipe(Schema.check(Schema.isMaxLength(max), printable(forbidden)))

/**
 * A free text (paragraphs allowed), at most `max` characters.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Text = (max: number) =>
  Schema.String.pipe(Schema.check(Schema.isMaxLength(max), printable(forbiddenInText)))

/**
 * What a person typed as a name (reconciliation compares it; blank ones are the domain's to refuse).
 *
 * @category schemas
 * @since 0.1.0
 */
export const TypedName = Schema.String.pipe(Schema.check(Schema.isMaxLength(255), printable(forbidden)))

/**
 * An e-mail address, by the domain's one rule (trimmed and lower-cased first).
 *
 * @category schemas
 * @since 0.1.0
 */
export const EmailInput = Schema.String.pipe(
  Schema.decode(
    SchemaTransformation.composeTransformation(SchemaTransformation.trim(), SchemaTransformation.toLowerCase())
  ),
  Schema.decodeTo(Email.Email)
)

/**
 * A login typed at registration: trimmed, lower-cased, not blank, at most 255 characters.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Username = Schema.String.pipe(
  Schema.decode(
    SchemaTransformation.composeTransformation(SchemaTransformation.trim(), SchemaTransformation.toLowerCase())
  ),
  Schema.check(Schema.isNonEmpty(), Schema.isMaxLength(255), printable(forbidden))
)

/**
 * A calendar date `YYYY-MM-DD` that exists (no 30 February).
 *
 * @category schemas
 * @since 0.1.0
 */
export const CalendarDate = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter(
      (value: string) => {
        const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value)
        return match !== null && Birthdate.isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
      },
      { expected: "a calendar date YYYY-MM-DD" }
    )
  )
)

const UaiInput = Schema.String.pipe(
  Schema.decode(
    SchemaTransformation.composeTransformation(SchemaTransformation.trim(), SchemaTransformation.toUpperCase())
  ),
  Schema.decodeTo(Uai.Uai)
)

const optional = Schema.optional

/**
 * The input of `registerOrganization`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RegisterOrganization = Schema.Struct({
  organizationId: optional(Ids.OrganizationId),
  name: Label(),
  type: OrganizationEvent.OrganizationType,
  uai: Schema.NullOr(UaiInput),
  isManagingStudents: Schema.Boolean,
  contactEmail: optional(Schema.NullOr(EmailInput)),
  identityProviderForCampaigns: optional(Schema.NullOr(Schema.Literal("GAR")))
})

/**
 * The input of `inviteFirstAdmin`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const InviteFirstAdmin = Schema.Struct({ organizationId: Ids.OrganizationId, email: EmailInput })

/**
 * The input of `registerUser`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RegisterUser = Schema.Struct({
  userId: optional(Ids.UserId),
  firstName: TrimmedLabel(),
  lastName: TrimmedLabel(),
  email: optional(Schema.NullOr(EmailInput)),
  username: optional(Schema.NullOr(Username)),
  samlId: optional(Schema.NullOr(Label()))
})

/**
 * At most this many addresses per invitation form.
 *
 * @category models
 * @since 0.1.0
 */
export const maxInvitations = 100

/**
 * The input of `inviteMembers`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const InviteMembers = Schema.Struct({
  organizationId: Ids.OrganizationId,
  // Each address is checked by the decider (Pix's code per address); here only its size.
  emails: Schema.Array(Schema.String.pipe(Schema.check(Schema.isMaxLength(255)))).pipe(
    Schema.check(Schema.isMaxLength(maxInvitations))
  ),
  role: Schema.NullOr(Role.Role)
})

/**
 * The input of `resendInvitation` and `cancelInvitation`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const InvitationRef = Schema.Struct({ organizationId: Ids.OrganizationId, invitationId: Ids.InvitationId })

/**
 * The input of `acceptInvitation`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AcceptInvitation = Schema.Struct({
  organizationId: Ids.OrganizationId,
  invitationId: Ids.InvitationId,
  code: Schema.String.pipe(Schema.check(Schema.isMaxLength(64)))
})

/**
 * The input of `changeMemberRole`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ChangeMemberRole = Schema.Struct({
  organizationId: Ids.OrganizationId,
  userId: Ids.UserId,
  role: Role.Role
})

/**
 * The input of `removeMember`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const MemberRef = Schema.Struct({ organizationId: Ids.OrganizationId, userId: Ids.UserId })

/**
 * The input of `leaveOrganization`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationRef = Schema.Struct({ organizationId: Ids.OrganizationId })

/**
 * The input of `setCollectionDeadline`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SetCollectionDeadline = Schema.Struct({
  organizationId: Ids.OrganizationId,
  schoolYear: SchoolYear.SchoolYear,
  deadline: CalendarDate
})

/**
 * The input of `previewSiecleImport` and `importSiecleFile`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SiecleFile = Schema.Struct({
  organizationId: Ids.OrganizationId,
  fileName: Label(255),
  bytes: Schema.Uint8Array
})

/**
 * The input of `createCampaign`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CreateCampaign = Schema.Struct({
  organizationId: Ids.OrganizationId,
  campaignId: optional(Ids.CampaignId),
  name: Label(255),
  type: CampaignEvent.CampaignType,
  targetProfileId: optional(Schema.NullOr(Ids.TargetProfileId)),
  title: optional(Schema.NullOr(Label(255))),
  externalIdLabel: optional(Schema.NullOr(Label(255))),
  externalIdType: optional(Schema.NullOr(CampaignEvent.ExternalIdType)),
  customLandingPageText: optional(Schema.NullOr(Text(5000))),
  ownerId: optional(Ids.UserId),
  multipleSendings: optional(Schema.Boolean)
})

/**
 * The input of `updateCampaign`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UpdateCampaign = Schema.Struct({
  campaignId: Ids.CampaignId,
  name: Label(255),
  title: optional(Schema.NullOr(Label(255))),
  customLandingPageText: optional(Schema.NullOr(Text(5000))),
  ownerId: optional(Ids.UserId),
  multipleSendings: optional(Schema.Boolean)
})

/**
 * The input of `archiveCampaign` and `unarchiveCampaign`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignRef = Schema.Struct({ campaignId: Ids.CampaignId })

/**
 * The input of `joinCampaign`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const JoinCampaign = Schema.Struct({
  code: Schema.String.pipe(Schema.check(Schema.isMaxLength(64))),
  // Optional: a student known in another school is recognised by his INE (§5.4.1) without typing them.
  firstName: optional(TypedName),
  lastName: optional(TypedName),
  birthdate: optional(Birthdate.Birthdate),
  participantExternalId: optional(Schema.NullOr(Label(255))),
  isReset: optional(Schema.Boolean)
})

/**
 * What a person typed to be recognised (`whyRefused`): bounded names, a real birthdate.
 *
 * @category schemas
 * @since 0.1.0
 */
export const TypedIdentity = Schema.Struct({
  firstName: TypedName,
  lastName: TypedName,
  birthdate: Birthdate.Birthdate
})

// Pix's values of the learner list's certificability and connection-type filters.
const CertificabilityValue = Schema.Literals(["eligible", "non-eligible", "not-available"])
const ConnectionTypeValue = Schema.Literals(["none", "email", "identifiant", "mediacentre", "without_mediacentre"])

// At most this many divisions in a filter (a school has a few dozen).
const Divisions = Schema.Array(Label(64)).pipe(Schema.check(Schema.isMaxLength(1000)))

/**
 * The filter of `learners`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnersFilter = Schema.UndefinedOr(
  Schema.Struct({
    divisions: optional(Divisions),
    search: optional(Label(255)),
    includeDisabled: optional(Schema.Boolean),
    certificability: optional(Schema.Array(CertificabilityValue).pipe(Schema.check(Schema.isMaxLength(3)))),
    connectionTypes: optional(Schema.Array(ConnectionTypeValue).pipe(Schema.check(Schema.isMaxLength(5))))
  })
)

/**
 * The filter of `campaignResults` and the options of the exports.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ResultsFilter = Schema.UndefinedOr(Schema.Struct({ divisions: optional(Divisions) }))

/**
 * The largest page of `auditTrail`.
 *
 * @category models
 * @since 0.1.0
 */
export const maxAuditTrailLimit = 1000

/**
 * A cursor of `auditTrail`: a global position of the log, in decimal (at most 40 digits: KurrentDB's positions
 * pass 2^64).
 *
 * @category schemas
 * @since 0.1.0
 */
export const AuditCursor = Schema.String.pipe(
  Schema.check(Schema.makeFilter((value: string) => /^[0-9]{1,40}$/.test(value), { expected: "a position of the log" }))
)

/**
 * The options of `auditTrail`: a whole, positive page size up to `maxAuditTrailLimit`, and the cursor of the
 * page (`before`: the `next` of the previous page); other options pass.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AuditTrailOptions = Schema.UndefinedOr(
  Schema.Struct({
    limit: optional(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: maxAuditTrailLimit })))),
    before: optional(AuditCursor)
  })
)

const SkillIds = Schema.Array(Schema.String.pipe(Schema.check(Schema.isMaxLength(128)))).pipe(
  Schema.check(Schema.isMaxLength(10_000))
)

/**
 * The input of `recordAssessmentOutcome`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordAssessmentOutcome = Schema.Struct({
  participationId: Ids.ParticipationId,
  validatedSkillIds: SkillIds,
  testedSkillIds: SkillIds
})

/**
 * The input of `shareResults`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ParticipationRef = Schema.Struct({ participationId: Ids.ParticipationId })

/**
 * The input of `shareProfile`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ShareProfile = Schema.Struct({
  participationId: Ids.ParticipationId,
  pixByCompetence: Schema.Record(
    Schema.String.pipe(Schema.check(Schema.isMaxLength(32))),
    Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 0, maximum: 10_000 })))
  ).pipe(
    Schema.check(
      Schema.makeFilter((record: object) => Object.keys(record).length <= 64, { expected: "at most 64 competences" })
    )
  )
})

/**
 * The input of `setOrganizationFeature`.
 *
 * @category schemas
 * @since 0.2.0
 */
export const SetOrganizationFeature = Schema.Struct({
  organizationId: Ids.OrganizationId,
  feature: OrganizationFeatures.Feature,
  enabled: Schema.Boolean
})

// A list of at most `max` items (a profile has a few dozen tubes, a handful of stages and badges).
const List = <S extends Schema.Top>(item: S, max: number) =>
  Schema.Array(item).pipe(Schema.check(Schema.isMaxLength(max)))

const Level = Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: -1000, maximum: 1000 })))

const CappedTubeInput = Schema.Struct({ tube: Label(128), level: Level })

/**
 * A target profile's definition as the back office sends it: the domain's `TargetProfileDefinition` with every
 * text and list bounded (the domain checks the rules: known competences, levels, stages' ladder, badges).
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfileDefinitionInput = Schema.Struct({
  id: Ids.TargetProfileId,
  name: Label(255),
  description: Schema.optionalKey(Text(5000)),
  areKnowledgeElementsResettable: Schema.Boolean,
  tubes: List(Schema.Struct({ tube: Label(128), competenceId: Label(16), level: Level }), 500),
  stages: List(
    Schema.Struct({
      id: Label(128),
      title: Label(255),
      message: Text(5000),
      prescriberTitle: Schema.optionalKey(Label(255)),
      prescriberDescription: Schema.optionalKey(Text(5000)),
      threshold: Schema.optionalKey(Level),
      level: Schema.optionalKey(Level),
      isFirstSkill: Schema.optionalKey(Schema.Boolean)
    }),
    50
  ),
  badges: List(
    Schema.Struct({
      id: Label(128),
      key: Label(128),
      title: Label(255),
      message: Text(5000),
      altMessage: Label(255),
      isCertifiable: Schema.Boolean,
      isAlwaysVisible: Schema.Boolean,
      criteria: List(
        Schema.Union([
          Schema.Struct({ scope: Schema.Literal("CampaignParticipation"), threshold: Level }),
          Schema.Struct({
            scope: Schema.Literal("CappedTubes"),
            threshold: Level,
            name: Schema.optionalKey(Label(255)),
            cappedTubes: List(CappedTubeInput, 500)
          })
        ]),
        20
      )
    }),
    50
  )
})

/**
 * The input of `createTargetProfile`.
 *
 * @category schemas
 * @since 0.2.0
 */
export const CreateTargetProfile = Schema.Struct({ definition: TargetProfileDefinitionInput })

/**
 * The input of `attachTargetProfile` and `detachTargetProfile`.
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfileShare = Schema.Struct({
  organizationId: Ids.OrganizationId,
  targetProfileId: Ids.TargetProfileId
})

// A field the domain parses itself answers the domain's own error (its code, its French message); others
// answer `INVALID_INPUT`, naming the field.
const domainErrors: Readonly<Record<string, (value: string) => Result.Result<unknown, DomainError.DomainError>>> = {
  email: Email.parse,
  contactEmail: Email.parse,
  uai: Uai.parse,
  schoolYear: SchoolYear.parse,
  role: Role.parse,
  birthdate: Birthdate.parse
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The `InvalidInput` of a schema's refusal of `input`: the first field at fault, in French.
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidInput = (issue: SchemaIssue.Issue, input: unknown): DomainError.DomainError => {
  const first = formatter(issue).issues[0]
  const key = first?.path?.[0]
  const field = typeof key === "object" && key !== null ? String(key.key) : key === undefined ? "" : String(key)
  const value = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[field] : undefined
  const parse = domainErrors[field]
  if (parse !== undefined && typeof value === "string") {
    const parsed = parse(value)
    if (Result.isFailure(parsed)) return parsed.failure
  }
  if (field === "deadline") return CollectionDeadline.invalidDeadline(value)
  if (field === "page" || field === "pageSize") return invalidPage(field, value)
  return DomainError.make(
    "InvalidInput",
    "INVALID_INPUT",
    field === "" ? "Les données envoyées sont invalides." : `Le champ « ${field} » est invalide.`,
    { field, reason: first?.message ?? "" }
  )
}

/**
 * Decodes a use case's input (any value: it comes from outside), or fails with `InvalidInput`.
 *
 * @category combinators
 * @since 0.1.0
 */
export const decode =
  <S extends Schema.Decoder<unknown>>(schema: S) =>
  (input: unknown): Effect.Effect<S["Type"], DomainError.DomainError> =>
    Effect.mapError(Schema.decodeUnknownEffect(schema)(input), (error) => invalidInput(error.issue, input))

/**
 * The largest page of a paginated list (Pix Orga offers 10, 25, 50 or 100 lines).
 *
 * @category models
 * @since 0.1.0
 */
export const maxPageSize = 100

/**
 * The page size when none is asked.
 *
 * @category models
 * @since 0.1.0
 */
export const defaultPageSize = 50

// A page number: whole, from 1 (a page past the last one is empty, not an error).
const PageNumber = Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 })))
const PageSize = Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: maxPageSize })))

/**
 * The refusal of a bad page or page size, in French: what is accepted.
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidPage = (field: "page" | "pageSize", value: unknown): DomainError.DomainError =>
  DomainError.make(
    "InvalidInput",
    "INVALID_INPUT",
    field === "page"
      ? "Le numéro de page doit être un nombre entier supérieur ou égal à 1."
      : `Le nombre de lignes par page doit être un nombre entier entre 1 et ${maxPageSize}.`,
    { field, value: typeof value === "number" || typeof value === "string" ? value : String(value) }
  )

/**
 * The filters and page of `learnersPage`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnersPageFilter = Schema.UndefinedOr(
  Schema.Struct({
    divisions: optional(Divisions),
    search: optional(Label(255)),
    includeDisabled: optional(Schema.Boolean),
    certificability: optional(Schema.Array(CertificabilityValue).pipe(Schema.check(Schema.isMaxLength(3)))),
    connectionTypes: optional(Schema.Array(ConnectionTypeValue).pipe(Schema.check(Schema.isMaxLength(5)))),
    page: optional(PageNumber),
    pageSize: optional(PageSize)
  })
)

/**
 * The filters of `campaigns`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignsFilter = Schema.UndefinedOr(
  Schema.Struct({
    mine: optional(Schema.Boolean),
    status: optional(Schema.Literals(["active", "archived"])),
    ownerId: optional(Ids.UserId),
    ownerName: optional(Label(255)),
    name: optional(Label(255))
  })
)

/**
 * The input of `deleteCampaigns`: the organization and 1 to 1,000 of its campaigns.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DeleteCampaigns = Schema.Struct({
  organizationId: Ids.OrganizationId,
  campaignIds: Schema.Array(Ids.CampaignId).pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(1000)))
})

/**
 * The input of `deleteParticipation`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DeleteParticipation = Schema.Struct({
  campaignId: Ids.CampaignId,
  participationId: Ids.ParticipationId
})

/**
 * A preview's id (what `previewSiecleImport` answered).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PreviewId = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,128}$/, { expected: "a preview id" }))
)

/**
 * The input of `confirmSiecleImport`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ConfirmSiecleImport = Schema.Struct({ organizationId: Ids.OrganizationId, previewId: PreviewId })

/**
 * The input of `addUsername`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AddUsername = Schema.Struct({ organizationId: Ids.OrganizationId, learnerId: Ids.LearnerId })
