/**
 * Results and reports: a campaign's results (by class too), certificability against the collection deadline, CSV exports, and the audit trail.
 *
 * One of the front door's services: `Orga.layer(config)` provides it with the others over one set of read models
 * and one write path; an app takes the services it uses.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { OrgaActor, OrgaError } from "./Orga.ts"
import type * as Views from "./Views.ts"

/**
 * The use cases and queries of this service.
 *
 * @category models
 * @since 0.1.0
 */
export interface ReportsShape {
  readonly campaignResults: (
    actor: OrgaActor,
    campaignId: string,
    filter?: { readonly divisions?: ReadonlyArray<string> }
  ) => Effect.Effect<Views.CampaignResults, OrgaError>
  readonly resultsByDivision: (
    actor: OrgaActor,
    campaignId: string
  ) => Effect.Effect<ReadonlyArray<Views.DivisionResult>, OrgaError>
  readonly certificability: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<Views.CertificabilityReport, OrgaError>
  readonly exportResults: (
    actor: OrgaActor,
    campaignId: string,
    options?: { readonly divisions?: ReadonlyArray<string> }
  ) => Effect.Effect<Views.CsvExport, OrgaError>
  readonly exportResultsStream: (
    actor: OrgaActor,
    campaignId: string,
    options?: { readonly divisions?: ReadonlyArray<string> }
  ) => Stream.Stream<string, OrgaError>
  /**
   * A page of the organization's audit trail, newest first (`limit` entries, 100 unless told, at most 1,000),
   * before the cursor `before` (the previous page's `next`); administrators only.
   */
  readonly auditTrail: (
    actor: OrgaActor,
    organizationId: string,
    options?: { readonly limit?: number; readonly before?: string }
  ) => Effect.Effect<Views.AuditTrailPage, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Reports extends Context.Service<Reports, ReportsShape>()("@orga/orga/Reports") {}
