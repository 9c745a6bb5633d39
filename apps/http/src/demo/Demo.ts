/**
 * The demo school on the app's first start: `pnpm start` on an empty log seeds it through the library (the
 * seeding `pnpm demo` runs, `@orga/demo`), gives the demo staff, the Pix admin and one demo student a password in
 * the credentials table, and prints the demo logins in French on every start where they exist.
 *
 * @since 0.1.0
 */
import * as Seed from "@orga/demo"
import { Accounts, BackOffice } from "@orga/orga"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import { CredentialStore } from "../auth/CredentialStore.ts"
import * as Password from "../auth/Password.ts"

/**
 * The password of every demo login (a demo: printed at start, never for a real school).
 *
 * @category getters
 * @since 0.1.0
 */
export const password = "Demo-Orga-2026"

/**
 * The Pix Admin of the demo (add it to the library's `pixAdminIds`).
 *
 * @category getters
 * @since 0.1.0
 */
export const pixAdminId = Seed.pixAdmin

const student = Seed.school.expected.students[0]!

/**
 * The demo logins: who, with which login (e-mail or username), in French.
 *
 * @category getters
 * @since 0.1.0
 */
export const logins: ReadonlyArray<{ readonly userId: string; readonly login: string; readonly who: string }> = [
  { userId: Seed.principal, login: "ce.0331234x@ac-bordeaux.example", who: "Claire Martin, administratrice" },
  { userId: Seed.teachers[0]!, login: "paul.durand@ac-bordeaux.example", who: "Paul Durand, membre" },
  { userId: Seed.pixAdmin, login: "admin@pix.example", who: "Pix Admin" },
  {
    userId: `demo-student-${student.nationalStudentId}`,
    login: `eleve.${student.nationalStudentId.toLowerCase()}`,
    who: `${student.firstName} ${student.lastName}, élève`
  }
]

/**
 * Seeds the demo school when the log is empty, sets the demo passwords, and answers the lines to print.
 *
 * @category constructors
 * @since 0.1.0
 */
export const ensure = Effect.gen(function* () {
  const backOffice = yield* BackOffice.BackOffice
  const accounts = yield* Accounts.Accounts
  const credentials = yield* CredentialStore
  const lines: Array<string> = []
  if (backOffice.rebuild.events === 0) {
    const started = yield* Clock.currentTimeMillis
    yield* Seed.seed({ log: () => {}, where: "pnpm start" })
    lines.push(
      `Premier démarrage : l'établissement de démonstration « Collège Jean Moulin » est créé (${Math.round(((yield* Clock.currentTimeMillis) - started) / 1000)} s).`
    )
    const hash = yield* Password.hash(password)
    for (const { userId } of logins) yield* credentials.set(userId, hash, yield* Clock.currentTimeMillis)
  }
  if ((yield* accounts.account(Seed.principal)) === null) return lines
  lines.push(`Comptes de démonstration (mot de passe : ${password}) :`)
  for (const { login, who } of logins) lines.push(`  ${login.padEnd(34)} ${who}`)
  return lines
})

const seedFailed = (error: unknown): string => {
  const what = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "erreur"
  return `Le jeu de démonstration n'a pas pu être créé (${what}) : l'application démarre sans lui.`
}

/**
 * The demo's lines to print once the server listens (after its URL).
 *
 * @category services
 * @since 0.1.0
 */
export class DemoLines extends Context.Service<DemoLines, ReadonlyArray<string>>()("@orga/http/DemoLines") {}

/**
 * `ensure` at start, before the server listens (the demo logins work as soon as its URL is printed). A failure of
 * the seed (two instances seeding one empty database at once: one of them meets the other's writes) does not
 * stop the app: it says so in French and serves.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.effect(
  DemoLines,
  ensure.pipe(Effect.catchCause((cause) => Effect.succeed([seedFailed(Cause.squash(cause))])))
)

/**
 * Prints the demo's lines once the server listens.
 *
 * @category layers
 * @since 0.1.0
 */
export const announce = Layer.effectDiscard(
  Effect.gen(function* () {
    yield* HttpServer.HttpServer
    const lines = yield* DemoLines
    if (lines.length > 0) yield* Effect.sync(() => process.stdout.write(`${lines.join("\n")}\n`))
  })
)
