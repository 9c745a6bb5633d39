/**
 * `orga users show`: the back office (Pix Admin, `ORGA_PIX_ADMINS`) finds an account by its id, e-mail or
 * username — who a school's referent is, which account a login belongs to. The library's `Accounts.account` and
 * `accountByLogin` check no actor (they serve an app's own session checks), so the CLI asks for a back-office
 * identity, as it does for its operations.
 *
 * @since 0.1.0
 */
import { Accounts } from "@orga/orga"
import { Argument, Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"
import { AccountJson } from "./studentAccounts.ts"

/**
 * `orga users show`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const show = Command.make(
  "show",
  {
    user: Argument.String("utilisateur").pipe(
      Argument.withDescription("Identifiant, adresse e-mail ou identifiant de connexion du compte.")
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        yield* Actor.requireBackOffice
        const accounts = yield* Accounts.Accounts
        const found = (yield* accounts.account(input.user)) ?? (yield* accounts.accountByLogin(input.user))
        yield* Output.emit(AccountJson, found, (a) =>
          a === null
            ? `Aucun compte pour « ${input.user} ».`
            : Output.table(
                ["Compte", "Prénom", "Nom", "E-mail", "Identifiant", "CGU Pix Orga"],
                [
                  [
                    a.userId,
                    a.firstName,
                    a.lastName,
                    a.email ?? "—",
                    a.username ?? "—",
                    a.pixOrgaTermsOfServiceAccepted ? "acceptées" : "non acceptées"
                  ]
                ]
              )
        )
      })
    )
).pipe(
  Command.withDescription("Un compte, par son identifiant, son e-mail ou son identifiant de connexion (back-office)."),
  Command.withExamples(examples(["orga --as pix users show claire@college.fr", "Le compte de Claire"]))
)
