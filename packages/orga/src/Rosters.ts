/**
 * A school's roster: SIECLE imports (preview, import, history), the learners and classes, and why a student was not recognised.
 *
 * One of the front door's services: `Orga.layer(config)` provides it with the others over one set of read models
 * and one write path; an app takes the services it uses.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CommandOptions, OrgaActor, OrgaError, TypedIdentity } from "./Orga.ts"
import type * as Views from "./Views.ts"

/**
 * The use cases and queries of this service.
 *
 * @category models
 * @since 0.1.0
 */
export interface RostersShape {
  readonly previewSiecleImport: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly fileName: string; readonly bytes: Uint8Array }
  ) => Effect.Effect<Views.ImportPreview, OrgaError>
  /**
   * Imports a file. With `previewId` (its preview's, by the same user, of the same bytes) the preview's plan is
   * used instead of reading the file again; an id this process does not know is ignored (the file is read).
   */
  readonly importSiecleFile: (
    actor: OrgaActor,
    input: {
      readonly organizationId: string
      readonly fileName: string
      readonly bytes: Uint8Array
      readonly previewId?: string | undefined
    },
    options?: CommandOptions
  ) => Effect.Effect<Views.ImportOutcome, OrgaError>
  readonly learners: (
    actor: OrgaActor,
    organizationId: string,
    filter?: {
      readonly divisions?: ReadonlyArray<string>
      readonly search?: string
      readonly includeDisabled?: boolean
      readonly certificability?: ReadonlyArray<CertificabilityFilter>
      readonly connectionTypes?: ReadonlyArray<ConnectionTypeFilter>
    }
  ) => Effect.Effect<ReadonlyArray<Views.LearnerView>, OrgaError>
  readonly divisions: (actor: OrgaActor, organizationId: string) => Effect.Effect<ReadonlyArray<string>, OrgaError>
  readonly importHistory: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.ImportHistoryEntry>, OrgaError>
  readonly whyRefused: (
    actor: OrgaActor,
    organizationId: string,
    typed: TypedIdentity
  ) => Effect.Effect<Views.RefusalExplanation, OrgaError>
  /**
   * One page of the learners (the "Élèves" list): the filters of `learners`, then page `page` (from 1) of
   * `pageSize` learners (50 by default, at most 100), sorted by last name then first name.
   */
  readonly learnersPage: (
    actor: OrgaActor,
    organizationId: string,
    filter?: LearnersPageFilter
  ) => Effect.Effect<Views.LearnersPage, OrgaError>
  /**
   * Imports what a preview planned, without the file (ADR 0052): the planned events when the roster has not
   * changed since, planned again on the file it read otherwise; once per preview. A preview this process does not
   * know (expired, made elsewhere, by someone else) fails with `SIECLE_PREVIEW_NOT_FOUND`: send the file again.
   */
  readonly confirmSiecleImport: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly previewId: string },
    options?: CommandOptions
  ) => Effect.Effect<Views.ImportOutcome, OrgaError>
}

/**
 * The certificability filter of the learner list, with Pix's values: `eligible` (Certifiable), `non-eligible`
 * (Non Certifiable), `not-available` (Non communiqué).
 *
 * @category models
 * @since 0.1.0
 */
export type CertificabilityFilter = "eligible" | "non-eligible" | "not-available"

/**
 * The connection-type filter of the learner list, with Pix's values: `none` (no account), `email`, `identifiant`
 * (a username), `mediacentre` (the GAR), `without_mediacentre` (anything but the GAR, no account included).
 *
 * @category models
 * @since 0.1.0
 */
export type ConnectionTypeFilter = "none" | "email" | "identifiant" | "mediacentre" | "without_mediacentre"

/**
 * The filters and the page of `learnersPage`.
 *
 * @category models
 * @since 0.1.0
 */
export interface LearnersPageFilter {
  readonly divisions?: ReadonlyArray<string> | undefined
  readonly search?: string | undefined
  readonly includeDisabled?: boolean | undefined
  readonly certificability?: ReadonlyArray<CertificabilityFilter> | undefined
  readonly connectionTypes?: ReadonlyArray<ConnectionTypeFilter> | undefined
  /** From 1; a page past the last one is empty. */
  readonly page?: number | undefined
  /** 1 to 100; 50 by default. */
  readonly pageSize?: number | undefined
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Rosters extends Context.Service<Rosters, RostersShape>()("@orga/orga/Rosters") {}
