/**
 * `orga personal-data …`: the back office erases a learner or a user (crypto-shredding, ADR 0049), exports
 * everything held about one person (a right-of-access request), and runs the retention rule (docs/retention.md),
 * with a dry run. Pix Admin only.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Privacy, PrivacySchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"

/**
 * `erase-learner`, `erase-user`: the subject whose key was destroyed, and when (the library's schema).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ErasedJson = PrivacySchemas.Erased

/**
 * `export-learner`, `export-user`: everything held about the person, decrypted (the library's schema).
 *
 * @category schemas
 * @since 0.1.0
 */
export const DataExportJson = PrivacySchemas.DataExport

/**
 * `retention`: the limits applied and whom they reached (the library's schema).
 *
 * @category schemas
 * @since 0.1.0
 */
export const RetentionJson = PrivacySchemas.RetentionOutcome

const organization = Argument.String("organisation").pipe(Argument.withDescription("Identifiant de l'organisation."))
const learner = Argument.String("eleve").pipe(Argument.withDescription("Identifiant de l'élève."))
const user = Argument.String("utilisateur").pipe(Argument.withDescription("Identifiant de l'utilisateur."))

const erased = (who: string) => (_: typeof ErasedJson.Type) =>
  `${Output.green("✓")} ${who} effacé : ses données personnelles ne peuvent plus être lues.`

const eraseLearner = Command.make("erase-learner", { organization, learner }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const done = yield* (yield* Privacy.Privacy).eraseLearner(actor, {
        organizationId: input.organization,
        learnerId: input.learner
      })
      yield* Output.emit(ErasedJson, done, erased("Élève"))
    })
  )
).pipe(
  Command.withDescription("Efface les données personnelles d'un élève (il reste compté, comme « Élève effacé »)."),
  Command.withExamples(examples(["orga --as pix personal-data erase-learner org-1 eleve-42", "Efface un élève"]))
)

const eraseUser = Command.make("erase-user", { user }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const done = yield* (yield* Privacy.Privacy).eraseUser(actor, { userId: input.user })
      yield* Output.emit(ErasedJson, done, erased("Utilisateur"))
    })
  )
).pipe(
  Command.withDescription("Efface les données personnelles d'un utilisateur (« Utilisateur effacé »)."),
  Command.withExamples(examples(["orga --as pix personal-data erase-user claire", "Efface le compte de Claire"]))
)

const exported = (data: typeof DataExportJson.Type) => JSON.stringify(data, null, 2)

const exportLearner = Command.make("export-learner", { organization, learner }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const data = yield* (yield* Privacy.Privacy).learnerData(actor, {
        organizationId: input.organization,
        learnerId: input.learner
      })
      yield* Output.emit(DataExportJson, data, exported)
    })
  )
).pipe(
  Command.withDescription("Exporte en JSON tout ce qui est conservé sur un élève (droit d'accès)."),
  Command.withExamples(
    examples(["orga --as pix personal-data export-learner org-1 eleve-42 > eleve-42.json", "Exporte un élève"])
  )
)

const exportUser = Command.make("export-user", { user }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const data = yield* (yield* Privacy.Privacy).userData(actor, { userId: input.user })
      yield* Output.emit(DataExportJson, data, exported)
    })
  )
).pipe(
  Command.withDescription("Exporte en JSON tout ce qui est conservé sur un utilisateur (droit d'accès)."),
  Command.withExamples(examples(["orga --as pix personal-data export-user claire > claire.json", "Exporte Claire"]))
)

const retention = Command.make(
  "retention",
  {
    schoolYears: Flag.Int("school-years").pipe(
      Flag.withDescription("Élèves désactivés depuis plus de N années scolaires (2 par défaut)."),
      Flag.optional
    ),
    days: Flag.Int("days").pipe(
      Flag.withDescription("Utilisateurs sans activité depuis plus de N jours (1 095 par défaut)."),
      Flag.optional
    ),
    dryRun: Flag.Boolean("dry-run").pipe(
      Flag.withDescription("Dit qui serait effacé, sans rien effacer."),
      Flag.withDefault(false)
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const outcome = yield* (yield* Privacy.Privacy).applyRetention(
          actor,
          {
            ...Option.match(input.schoolYears, { onNone: () => ({}), onSome: (n) => ({ disabledSchoolYears: n }) }),
            ...Option.match(input.days, { onNone: () => ({}), onSome: (n) => ({ inactiveDays: n }) })
          },
          { dryRun: input.dryRun }
        )
        yield* Output.emit(RetentionJson, outcome, (o) =>
          [
            `${o.dryRun ? "Seraient effacés" : `${Output.green("✓")} Effacés`} : ${French.count(o.learners.length, "élève désactivé", "élèves désactivés")} depuis plus de ${French.count(o.limits.disabledSchoolYears, "année scolaire", "années scolaires")}, ${French.count(o.users.length, "utilisateur")} sans activité depuis plus de ${French.count(o.limits.inactiveDays, "jour")}.`,
            ...o.learners.map((l) => `  - élève ${l.learnerId} (${l.organizationId})`),
            ...o.users.map((u) => `  - utilisateur ${u}`)
          ].join("\n")
        )
      })
    )
).pipe(
  Command.withDescription("Applique la règle de conservation des données personnelles (docs/retention.md)."),
  Command.withExamples(
    examples(
      ["orga --as pix personal-data retention --dry-run", "Qui serait effacé"],
      ["orga --as pix personal-data retention", "Efface (à planifier chaque jour)"]
    )
  )
)

/**
 * `orga personal-data`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("personal-data").pipe(
  Command.withDescription("Données personnelles (back-office) : effacer, exporter, appliquer la conservation."),
  Command.withExamples(examples(["orga --as pix personal-data retention --dry-run", "Qui serait effacé"])),
  Command.withSubcommands([eraseLearner, eraseUser, exportLearner, exportUser, retention])
)
