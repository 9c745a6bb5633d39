/**
 * Identifiers of the domain's things. The domain never draws an id: callers give them (UUIDs, database
 * ids, ...). An id is an opaque, non-blank token without spaces, branded per kind so that a learner id
 * can never be passed where a user id is expected.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

const IdString = Schema.String.pipe(
  Schema.check(Schema.isPattern(idPattern, { expected: "an identifier (letters, digits, . _ : -, at most 128)" }))
)

/**
 * An organization (a Pix Orga space: school, university, company).
 *
 * @since 0.1.0
 */
export const OrganizationId = IdString.pipe(Schema.brand("OrganizationId"))
/** @since 0.1.0 */
export type OrganizationId = typeof OrganizationId.Type

/**
 * A Pix user account (a prescriber in Orga, or a student in Pix App).
 *
 * @since 0.1.0
 */
export const UserId = IdString.pipe(Schema.brand("UserId"))
/** @since 0.1.0 */
export type UserId = typeof UserId.Type

/**
 * An organization learner (a row of the organization's list of students).
 *
 * @since 0.1.0
 */
export const LearnerId = IdString.pipe(Schema.brand("LearnerId"))
/** @since 0.1.0 */
export type LearnerId = typeof LearnerId.Type

/**
 * A campaign.
 *
 * @since 0.1.0
 */
export const CampaignId = IdString.pipe(Schema.brand("CampaignId"))
/** @since 0.1.0 */
export type CampaignId = typeof CampaignId.Type

/**
 * A target profile (profil cible, "parcours").
 *
 * @since 0.1.0
 */
export const TargetProfileId = IdString.pipe(Schema.brand("TargetProfileId"))
/** @since 0.1.0 */
export type TargetProfileId = typeof TargetProfileId.Type

/**
 * An organization invitation.
 *
 * @since 0.1.0
 */
export const InvitationId = IdString.pipe(Schema.brand("InvitationId"))
/** @since 0.1.0 */
export type InvitationId = typeof InvitationId.Type

/**
 * A participation (one learner's run through one campaign).
 *
 * @since 0.1.0
 */
export const ParticipationId = IdString.pipe(Schema.brand("ParticipationId"))
/** @since 0.1.0 */
export type ParticipationId = typeof ParticipationId.Type

const invalidId = "L'identifiant est invalide."

/**
 * Parses an organization id (`InvalidInput` `INVALID_ID` otherwise).
 *
 * @since 0.1.0
 */
export const parseOrganizationId = Parse.invalidInput(OrganizationId, "INVALID_ID", invalidId, "id")
/**
 * Parses a user id.
 *
 * @since 0.1.0
 */
export const parseUserId = Parse.invalidInput(UserId, "INVALID_ID", invalidId, "id")
/**
 * Parses a learner id.
 *
 * @since 0.1.0
 */
export const parseLearnerId = Parse.invalidInput(LearnerId, "INVALID_ID", invalidId, "id")
/**
 * Parses a campaign id.
 *
 * @since 0.1.0
 */
export const parseCampaignId = Parse.invalidInput(CampaignId, "INVALID_ID", invalidId, "id")
/**
 * Parses a target profile id.
 *
 * @since 0.1.0
 */
export const parseTargetProfileId = Parse.invalidInput(TargetProfileId, "INVALID_ID", invalidId, "id")
/**
 * Parses an invitation id.
 *
 * @since 0.1.0
 */
export const parseInvitationId = Parse.invalidInput(InvitationId, "INVALID_ID", invalidId, "id")
/**
 * Parses a participation id.
 *
 * @since 0.1.0
 */
export const parseParticipationId = Parse.invalidInput(ParticipationId, "INVALID_ID", invalidId, "id")
