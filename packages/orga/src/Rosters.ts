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
  readonly importSiecleFile: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly fileName: string; readonly bytes: Uint8Array },
    options?: CommandOptions
  ) => Effect.Effect<Views.ImportOutcome, OrgaError>
  readonly learners: (
    actor: OrgaActor,
    organizationId: string,
    filter?: {
      readonly divisions?: ReadonlyArray<string>
      readonly search?: string
      readonly includeDisabled?: boolean
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
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Rosters extends Context.Service<Rosters, RostersShape>()("@orga/orga/Rosters") {}
