/**
 * Who a request acts as: the library's actor from the request's session, and the gates every endpoint passes.
 *
 * The app never lets a caller assert who he is: the actor is the session's user. Staff endpoints also pass Pix
 * Orga's terms gate (§8: nothing but the terms page until they are accepted); the library's own policies then
 * answer the rest (no membership, wrong role: `Forbidden` with Pix's text). Student endpoints (joining,
 * sharing) are Pix App's side and have no Orga terms to accept.
 *
 * @since 0.1.0
 */
import { Accounts, Orga } from "@orga/orga"
import * as Effect from "effect/Effect"
import type { HttpServerRequest } from "effect/http"
import * as CurrentSession from "../auth/CurrentSession.ts"
import type { SessionStore } from "../auth/SessionStore.ts"
import type { Config } from "../Config.ts"
import * as AppError from "../server/AppError.ts"
import * as ErrorStatus from "../server/ErrorStatus.ts"
import * as Problem from "../server/Problem.ts"

/**
 * Every problem class: the endpoints over the library declare them all (a library error may be any of them).
 *
 * @category getters
 * @since 0.1.0
 */
export const problems = Object.values(Problem.byStatus)

/**
 * A library (or app store) failure as its problem.
 *
 * @category combinators
 * @since 0.1.0
 */
export const toProblem = <A, R>(effect: Effect.Effect<A, ErrorStatus.KnownError | Problem.Problem, R>) =>
  Effect.mapError(effect, (error): Problem.Problem => (isProblem(error) ? error : ErrorStatus.toProblem(error)))

const problemClasses: ReadonlyArray<new (...args: never) => Problem.Problem> = problems

const isProblem = (error: ErrorStatus.KnownError | Problem.Problem): error is Problem.Problem =>
  problemClasses.some((Class) => error instanceof Class)

/**
 * The library's actor of a user id.
 *
 * @category constructors
 * @since 0.1.0
 */
export const user = (userId: string): Orga.OrgaActor => Orga.user(userId)

/**
 * The 403 of a staff member who has not accepted Pix Orga's terms yet.
 *
 * @category constructors
 * @since 0.1.0
 */
export const termsNotAccepted = (): Problem.Problem =>
  Problem.make(
    403,
    "PIX_ORGA_TERMS_NOT_ACCEPTED",
    "Vous devez accepter les conditions d’utilisation de Pix Orga avant de continuer.",
    { acceptAt: "/me/pix-orga-terms" }
  )

type Requirements = HttpServerRequest.HttpServerRequest | SessionStore | Config

/**
 * The signed-in user (401 otherwise), as the library's actor, with his user id.
 *
 * @category getters
 * @since 0.1.0
 */
export const signedIn: Effect.Effect<
  { readonly userId: string; readonly actor: Orga.OrgaActor },
  Problem.Problem,
  Requirements
> = toProblem(CurrentSession.required).pipe(
  Effect.map((session) => ({ userId: session.accountId, actor: Orga.user(session.accountId) }))
)

/**
 * A signed-in staff member who accepted Pix Orga's terms (403 `PIX_ORGA_TERMS_NOT_ACCEPTED` otherwise).
 *
 * @category getters
 * @since 0.1.0
 */
export const staff: Effect.Effect<Orga.OrgaActor, Problem.Problem, Requirements | Accounts.Accounts> = Effect.gen(
  function* () {
    const { userId, actor } = yield* signedIn
    const account = yield* toProblem((yield* Accounts.Accounts).account(userId))
    if (account === null) return yield* Effect.fail(ErrorStatus.toProblem(AppError.unauthenticated()))
    if (!account.pixOrgaTermsOfServiceAccepted) return yield* Effect.fail(termsNotAccepted())
    return actor
  }
)

/**
 * A signed-in student (Pix App's side: no Orga terms).
 *
 * @category getters
 * @since 0.1.0
 */
export const student: Effect.Effect<Orga.OrgaActor, Problem.Problem, Requirements> = Effect.map(
  signedIn,
  ({ actor }) => actor
)

/**
 * A query parameter given once or repeated (`?division=3A&division=3B`), as a list.
 *
 * @category getters
 * @since 0.1.0
 */
export const list = (value: string | ReadonlyArray<string> | undefined): ReadonlyArray<string> | undefined =>
  value === undefined ? undefined : typeof value === "string" ? [value] : value

/**
 * Attempts to join a campaign, or to accept an invitation, per account (the client's address has its own limit,
 * `Throttle.defaultRoutes`).
 *
 * @category getters
 * @since 0.1.0
 */
export const joinPerAccount = { limit: 30, windowMillis: 5 * 60_000 }
