/**
 * `orga students account` and `orga students username`: a school's staff look at the Pix account a student is
 * linked to, and give it a username (`prenom.nom` + DDMM, §5.4.3) so that the student signs in without an e-mail
 * ("Mot de passe oublié ? Demandez à un enseignant"). The library's `Accounts.learnerAccount` and `addUsername`.
 *
 * @since 0.1.0
 */
import { Accounts } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"

/**
 * `students account`: the account a student is linked to, or null when he has none yet.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AccountJson = Schema.NullOr(
  Schema.Struct({
    userId: Schema.String,
    firstName: Schema.String,
    lastName: Schema.String,
    email: Schema.NullOr(Schema.String),
    username: Schema.NullOr(Schema.String),
    pixOrgaTermsOfServiceAccepted: Schema.Boolean
  })
)

/**
 * `students username`: the account and the username it now has.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UsernameJson = Schema.Struct({ userId: Schema.String, username: Schema.String })

const organization = Flag.String("organization").pipe(
  Flag.withAlias("o"),
  Flag.withDescription("Identifiant de l'organisation.")
)
const learner = Argument.String("eleve").pipe(
  Argument.withDescription("Identifiant de l'élève (learnerId, voir students list --json).")
)

/**
 * `orga students account`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const account = Command.make("account", { organization, learner }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const found = yield* (yield* Accounts.Accounts).learnerAccount(actor, {
        organizationId: input.organization,
        learnerId: input.learner
      })
      yield* Output.emit(AccountJson, found, (a) =>
        a === null
          ? "Cet élève n'a pas encore de compte Pix : il en crée un en rejoignant une campagne de l'établissement."
          : Output.table(
              ["Compte", "Prénom", "Nom", "E-mail", "Identifiant"],
              [[a.userId, a.firstName, a.lastName, a.email ?? "—", a.username ?? "—"]]
            )
      )
    })
  )
).pipe(
  Command.withDescription("Le compte Pix d'un élève : son e-mail et son identifiant de connexion."),
  Command.withExamples(examples(["orga --as claire students account -o org-1 eleve-12", "Le compte de l'élève"]))
)

/**
 * `orga students username`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const username = Command.make("username", { organization, learner }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const added = yield* (yield* Accounts.Accounts).addUsername(actor, {
        organizationId: input.organization,
        learnerId: input.learner
      })
      yield* Output.emit(
        UsernameJson,
        added,
        (a) =>
          `${Output.green("✓")} Identifiant ajouté au compte de l'élève : ${a.username} (il se connecte avec cet identifiant et son mot de passe).`
      )
    })
  )
).pipe(
  Command.withDescription(
    "Ajoute un identifiant (prenom.nom + JJMM de naissance) au compte d'un élève qui n'en a pas."
  ),
  Command.withExamples(
    examples(["orga --as claire students username -o org-1 eleve-12", "Génère l'identifiant de l'élève"])
  )
)
