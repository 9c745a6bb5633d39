/**
 * The library's front door: every use case and query of Pix Orga over a store, as one service per area
 * (`BackOffice`, `Accounts`, `Team`, `Rosters`, `Campaigns`, `Participations`, `Reports`), all built by
 * `Orga.layer(config)` over one set of read models and one write path.
 *
 * Build it over an `EventStore` layer (see `Stores`) and the runtime inputs (`Runtime.live` or
 * `Runtime.deterministic()`). Every call names its actor (`Orga.user(id)`, `Orga.anonymous`); rights are the
 * domain's policies (§3.2); failures are typed values (`DomainError`, `SiecleImportFailed`, `EventStoreError`).
 * After a use case returns, every query sees its effect (read-your-writes).
 *
 * @since 0.1.0
 */
import type { DomainError, StoredEvent } from "@orga/domain"
import type { EventCodec, EventStore, EventStoreError } from "@orga/event-store"
import type { SiecleError } from "@orga/siecle"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Accounts from "./Accounts.ts"
import * as Analysis from "./Analysis.ts"
import * as BackOffice from "./BackOffice.ts"
import * as Campaigns from "./Campaigns.ts"
import { Actor, Ids, type TargetProfile } from "./internal/Domain.ts"
import { make } from "./internal/make.ts"
import * as Participations from "./Participations.ts"
import * as Privacy from "./Privacy.ts"
import * as Reports from "./Reports.ts"
import * as Rosters from "./Rosters.ts"
import type * as Runtime from "./runtime/Runtime.ts"
import * as Team from "./Team.ts"

/**
 * Who acts: nobody logged in (`{ _tag: "Anonymous" }`) or a user (`{ _tag: "User", userId }`).
 *
 * @since 0.1.0
 */
export type OrgaActor = Actor.Actor

/**
 * The actor for a logged-in user, from the session's user id. Throws on an id that is not an identifier (ids
 * come from the session, not from a request's body: a bad one is a programming error).
 *
 * @category constructors
 * @since 0.1.0
 */
export const user = (userId: string): OrgaActor => Actor.user(Ids.UserId.make(userId))

/**
 * Nobody logged in.
 *
 * @category constructors
 * @since 0.1.0
 */
export const anonymous: OrgaActor = Actor.anonymous

/**
 * Any failure of a use case or query.
 *
 * @since 0.1.0
 */
export type OrgaError = DomainError.DomainError | SiecleError.SiecleImportFailed | EventStoreError.EventStoreError

/**
 * How the library is set up.
 *
 * @since 0.1.0
 */
export interface Config {
  /**
   * The target profiles offered to every organization (Pix's public profiles; assessment campaigns use one). The
   * back office's catalogue adds profiles offered only to the organizations they are attached to (ADR 0042).
   */
  readonly targetProfiles: ReadonlyArray<TargetProfile.TargetProfile>
  /** Users acting as Pix Admin (register organizations, invite their first admin). */
  readonly pixAdminIds: ReadonlyArray<string>
  /**
   * Stored shapes that changed and are not yet released in the domain's `StoredEvent.versions`: the current
   * version of each changed tag and the upcasters from the older versions (the log is read through them).
   */
  readonly storedShapes?:
    | {
        readonly versions?: { readonly [K in StoredEvent.StoredEvent["_tag"]]?: number } | undefined
        readonly upcasters?: ReadonlyArray<EventCodec.Upcaster> | undefined
      }
    | undefined
}

/**
 * Options of a use case that writes.
 *
 * @since 0.1.0
 */
export interface CommandOptions {
  /**
   * Identifies the command (an HTTP request's idempotency key): called again with the same id, the use case
   * appends nothing and answers as the first time.
   */
  readonly commandId?: string | undefined
}

/**
 * What the student typed to be recognised in the school's roster.
 *
 * @since 0.1.0
 */
export interface TypedIdentity {
  readonly firstName: string
  readonly lastName: string
  /** `YYYY-MM-DD`. */
  readonly birthdate: string
}

/**
 * Every use case and query: the services together (what an app taking all of them sees).
 *
 * @category models
 * @since 0.1.0
 */
export type OrgaShape = BackOffice.BackOfficeShape &
  Accounts.AccountsShape &
  Team.TeamShape &
  Rosters.RostersShape &
  Campaigns.CampaignsShape &
  Participations.ParticipationsShape &
  Reports.ReportsShape &
  Privacy.PrivacyShape &
  Analysis.AnalysisShape

/**
 * The front door's services, one per area.
 *
 * @category services
 * @since 0.1.0
 */
export type Services =
  | BackOffice.BackOffice
  | Accounts.Accounts
  | Team.Team
  | Rosters.Rosters
  | Campaigns.Campaigns
  | Participations.Participations
  | Reports.Reports
  | Privacy.Privacy
  | Analysis.Analysis

/**
 * Builds every service over a store and the runtime inputs, on one set of read models (rebuilt from the log,
 * then following it for the life of the layer) and one write path: an app takes the services it uses.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  config: Config
): Layer.Layer<
  Services,
  EventStoreError.EventStoreError,
  EventStore.EventStore | Runtime.Clock | Runtime.Ids | Runtime.Randomness
> =>
  Layer.effectContext(
    Effect.map(make(config), (all) =>
      Context.make(BackOffice.BackOffice, {
        registerOrganization: all.registerOrganization,
        inviteFirstAdmin: all.inviteFirstAdmin,
        rebuild: all.rebuild,
        setOrganizationFeature: all.setOrganizationFeature,
        organizationFeatures: all.organizationFeatures,
        createTargetProfile: all.createTargetProfile,
        attachTargetProfile: all.attachTargetProfile,
        detachTargetProfile: all.detachTargetProfile,
        availableTargetProfiles: all.availableTargetProfiles,
        archiveOrganization: all.archiveOrganization,
        organizationsForAdmin: all.organizationsForAdmin,
        organizationForAdmin: all.organizationForAdmin,
        addPlacesLot: all.addPlacesLot,
        deletePlacesLot: all.deletePlacesLot,
        setPlacesLimit: all.setPlacesLimit
      }).pipe(
        Context.add(Accounts.Accounts, {
          registerUser: all.registerUser,
          acceptPixOrgaTerms: all.acceptPixOrgaTerms,
          logIntoOrga: all.logIntoOrga,
          account: all.account,
          accountByLogin: all.accountByLogin,
          learnerAccount: all.learnerAccount,
          addUsername: all.addUsername
        }),
        Context.add(Team.Team, {
          inviteMembers: all.inviteMembers,
          resendInvitation: all.resendInvitation,
          cancelInvitation: all.cancelInvitation,
          acceptInvitation: all.acceptInvitation,
          changeMemberRole: all.changeMemberRole,
          removeMember: all.removeMember,
          leaveOrganization: all.leaveOrganization,
          setCollectionDeadline: all.setCollectionDeadline,
          organization: all.organization,
          members: all.members,
          invitations: all.invitations,
          places: all.places,
          sendScoInvitation: all.sendScoInvitation
        }),
        Context.add(Rosters.Rosters, {
          previewSiecleImport: all.previewSiecleImport,
          importSiecleFile: all.importSiecleFile,
          learners: all.learners,
          divisions: all.divisions,
          importHistory: all.importHistory,
          whyRefused: all.whyRefused,
          learnersPage: all.learnersPage,
          confirmSiecleImport: all.confirmSiecleImport
        }),
        Context.add(Campaigns.Campaigns, {
          createCampaign: all.createCampaign,
          updateCampaign: all.updateCampaign,
          archiveCampaign: all.archiveCampaign,
          unarchiveCampaign: all.unarchiveCampaign,
          campaigns: all.campaigns,
          deleteCampaigns: all.deleteCampaigns,
          deleteParticipation: all.deleteParticipation
        }),
        Context.add(Participations.Participations, {
          joinCampaign: all.joinCampaign,
          recordAssessmentOutcome: all.recordAssessmentOutcome,
          shareResults: all.shareResults,
          shareProfile: all.shareProfile,
          myParticipations: all.myParticipations
        }),
        Context.add(Reports.Reports, {
          campaignResults: all.campaignResults,
          resultsByDivision: all.resultsByDivision,
          certificability: all.certificability,
          exportResults: all.exportResults,
          exportResultsStream: all.exportResultsStream,
          auditTrail: all.auditTrail
        }),
        Context.add(Privacy.Privacy, {
          eraseLearner: all.eraseLearner,
          eraseUser: all.eraseUser,
          learnerData: all.learnerData,
          userData: all.userData,
          applyRetention: all.applyRetention
        }),
        Context.add(Analysis.Analysis, {
          campaignAnalysis: all.campaignAnalysis,
          participantDetail: all.participantDetail,
          campaignActivity: all.campaignActivity,
          resultsPage: all.resultsPage
        })
      )
    )
  )

/**
 * Every service at once, as one object (tests and scripts that use them all).
 *
 * @category getters
 * @since 0.1.0
 */
export const all: Effect.Effect<OrgaShape, never, Services> = Effect.gen(function* () {
  return {
    ...(yield* BackOffice.BackOffice),
    ...(yield* Accounts.Accounts),
    ...(yield* Team.Team),
    ...(yield* Rosters.Rosters),
    ...(yield* Campaigns.Campaigns),
    ...(yield* Participations.Participations),
    ...(yield* Reports.Reports),
    ...(yield* Privacy.Privacy),
    ...(yield* Analysis.Analysis)
  }
})
