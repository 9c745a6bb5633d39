/**
 * Who the command acts as: the `--as` user, or nobody logged in; and the check the operations of the back office
 * make (the library has no use case for them, so the CLI asks for the same identity the library's back office
 * asks for: a user of `ORGA_PIX_ADMINS`).
 *
 * @since 0.1.0
 */
import { Orga } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { BackOfficeOnly, BadArgument } from "./Failure.ts"
import * as Settings from "./Settings.ts"
import * as Store from "./Store.ts"

/**
 * The actor of `--as` (anonymous without it).
 *
 * @category getters
 * @since 0.1.0
 */
export const current = Effect.gen(function* () {
  const as = yield* Settings.As
  if (Option.isNone(as)) return Orga.anonymous
  return yield* Effect.try({
    try: () => Orga.user(as.value),
    catch: () =>
      new BadArgument({ code: "INVALID_USER_ID", message: `L'identifiant « ${as.value} » n'est pas un identifiant.` })
  })
})

/**
 * Fails with `Forbidden` unless `--as` names a back-office identity.
 *
 * @category guards
 * @since 0.1.0
 */
export const requireBackOffice = Effect.gen(function* () {
  const as = yield* Settings.As
  if (Option.isSome(as) && Store.pixAdminIds().includes(as.value)) return as.value
  return yield* new BackOfficeOnly({
    code: "BACK_OFFICE_ONLY",
    message: "Cette opération est réservée au back-office : utilisez --as avec un identifiant de ORGA_PIX_ADMINS."
  })
})
