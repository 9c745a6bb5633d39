/**
 * The back office's personal-data service (RGPD): erase a learner or a user (crypto-shredding, see
 * docs/adr/0049-crypto-shredding.md) and export everything held about one person for a right-of-access
 * request. Every operation is Pix Admin's.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CommandOptions, OrgaActor, OrgaError } from "./Orga.ts"

/**
 * Why someone is erased: their own request, or the retention rule.
 *
 * @category models
 * @since 0.1.0
 */
export type ErasureReason = "REQUEST" | "RETENTION"

/**
 * An erasure done: the subject whose key was destroyed, and when.
 *
 * @category models
 * @since 0.1.0
 */
export interface Erased {
  readonly subject: string
  readonly erasedAt: string
}

/**
 * Everything held about one person, decrypted: the read models' view of them and every event of the log about
 * them (positions as decimal text: the export is JSON).
 *
 * @category models
 * @since 0.1.0
 */
export interface DataExport {
  readonly subject: string
  readonly readModels: Readonly<Record<string, unknown>>
  readonly events: ReadonlyArray<{
    readonly type: string
    readonly streamId: string
    readonly position: string
    readonly recordedAt: string
    readonly data: unknown
  }>
}

/**
 * The personal-data use cases.
 *
 * @category models
 * @since 0.1.0
 */
export interface PrivacyShape {
  /** Erases a learner of an organization: `LEARNER_NOT_FOUND`, `ALREADY_ERASED` (French messages). */
  readonly eraseLearner: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly learnerId: string; readonly reason?: ErasureReason },
    options?: CommandOptions
  ) => Effect.Effect<Erased, OrgaError>
  /** Erases a user: `USER_NOT_FOUND`, `ALREADY_ERASED`. */
  readonly eraseUser: (
    actor: OrgaActor,
    input: { readonly userId: string; readonly reason?: ErasureReason },
    options?: CommandOptions
  ) => Effect.Effect<Erased, OrgaError>
  /** Everything held about a learner, decrypted (a right-of-access request). */
  readonly learnerData: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly learnerId: string }
  ) => Effect.Effect<DataExport, OrgaError>
  /** Everything held about a user, decrypted. */
  readonly userData: (actor: OrgaActor, input: { readonly userId: string }) => Effect.Effect<DataExport, OrgaError>
}

/**
 * The personal-data service.
 *
 * @category services
 * @since 0.1.0
 */
export class Privacy extends Context.Service<Privacy, PrivacyShape>()("@orga/orga/Privacy") {}
