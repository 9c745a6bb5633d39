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
  /**
   * Erases whom the retention rule says (docs/retention.md): learners disabled for more than `disabledSchoolYears`
   * school years, users without activity for more than `inactiveDays` days (defaults: 2 and 1,095). `dryRun`:
   * says whom, erases no one.
   */
  readonly applyRetention: (
    actor: OrgaActor,
    input: { readonly disabledSchoolYears?: number; readonly inactiveDays?: number },
    options?: { readonly dryRun?: boolean }
  ) => Effect.Effect<RetentionOutcome, OrgaError>
}

/**
 * What the retention command erased (or, in a dry run, would erase).
 *
 * @category models
 * @since 0.1.0
 */
export interface RetentionOutcome {
  readonly limits: { readonly disabledSchoolYears: number; readonly inactiveDays: number }
  readonly learners: ReadonlyArray<{ readonly organizationId: string; readonly learnerId: string }>
  readonly users: ReadonlyArray<string>
  readonly dryRun: boolean
}

/**
 * The personal-data service.
 *
 * @category services
 * @since 0.1.0
 */
export class Privacy extends Context.Service<Privacy, PrivacyShape>()("@orga/orga/Privacy") {}
