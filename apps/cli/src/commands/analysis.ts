/**
 * The campaign analysis under `orga results`: `results analysis C [--class K]` (mastery by competence and by
 * area), `results participants C` (the results page by page, sorted by class then name, with `--search`,
 * `--status` and `--class`), `results participant C P` (one student's result, competence by competence) and
 * `results activity C` (participations by status and by day).
 *
 * @since 0.2.0
 */

import { French } from "@orga/domain"
import { Analysis, AnalysisSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"

/**
 * `results analysis`: the analysis of the campaign or of one class.
 *
 * @category schemas
 * @since 0.2.0
 */
export const AnalysisJson = AnalysisSchemas.CampaignAnalysis

/**
 * `results participants`: one page of the results.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ResultsPageJson = AnalysisSchemas.ResultsPage

/**
 * `results participant`: one participant's detail.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ParticipantJson = AnalysisSchemas.ParticipantDetail

/**
 * `results activity`: participations by status and by day.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ActivityJson = AnalysisSchemas.CampaignActivity

const campaign = Argument.String("campagne").pipe(Argument.withDescription("Identifiant de la campagne."))
const rate = (value: number | null) => (value === null ? "—" : French.percent(value))
const figure = (value: number | null) => (value === null ? "—" : French.decimal(value, 1))

// One line per competence or area, with the columns of the campaign's type (`one`: a participant's own figures).
const masteryTable = (
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  first: string,
  one: boolean,
  rows: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly targetSkillsCount: number | null
    readonly masteryRate: number | null
    readonly average: number | null
    readonly max: number | null
    readonly level: number | null
  }>
) =>
  type === "ASSESSMENT"
    ? Output.table(
        [first, "Intitulé", one ? "Acquis" : "Acquis en moyenne", "Acquis visés", "Maîtrise"],
        rows.map((r) => [r.id, r.name, figure(r.average), r.targetSkillsCount ?? "—", rate(r.masteryRate)])
      )
    : Output.table(
        [first, "Intitulé", one ? "Pix" : "Pix en moyenne", "Pix au plus", one ? "Niveau" : "Niveau moyen", "Maîtrise"],
        rows.map((r) => [r.id, r.name, figure(r.average), r.max ?? "—", figure(r.level), rate(r.masteryRate)])
      )

const fromMastery = (m: Analysis.Mastery) => ({
  ...m,
  average: m.averageValidatedSkills ?? m.averagePixScore,
  max: m.maxPixScore,
  level: m.averageLevel
})

const analysis = Command.make(
  "analysis",
  {
    campaign,
    division: Flag.String("class").pipe(
      Flag.withAlias("c"),
      Flag.withDescription("Seulement cette classe."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const division = Option.getOrUndefined(input.division)
        const result = yield* (yield* Analysis.Analysis).campaignAnalysis(actor, input.campaign, { division })
        yield* Output.emit(AnalysisJson, result, (a) =>
          [
            `${a.division === null ? "Campagne" : `Classe ${a.division}`} : ${French.count(a.participantsCount, "participant")}, ${French.count(a.sharedCount, a.type === "ASSESSMENT" ? "résultat reçu" : "profil reçu", a.type === "ASSESSMENT" ? "résultats reçus" : "profils reçus")} ; maîtrise globale ${rate(a.masteryRate)}.`,
            "",
            Output.bold("Par compétence"),
            masteryTable(a.type, "Compétence", false, a.competences.map(fromMastery)),
            "",
            Output.bold("Par domaine"),
            masteryTable(a.type, "Domaine", false, a.areas.map(fromMastery))
          ].join("\n")
        )
      })
    )
).pipe(
  Command.withDescription("Analyse d'une campagne par compétence et par domaine (toute la campagne ou une classe)."),
  Command.withExamples(
    examples(
      ["orga --as claire results analysis camp-1", "Toute la campagne"],
      ["orga --as claire results analysis camp-1 --class 3A", "La classe de 3A"]
    )
  )
)

const participants = Command.make(
  "participants",
  {
    campaign,
    page: Flag.Int("page").pipe(Flag.withDescription("Numéro de page (à partir de 1)."), Flag.optional),
    size: Flag.Int("size").pipe(
      Flag.withDescription(
        `Participants par page (1 à ${Analysis.maxPageSize}, ${Analysis.defaultPageSize} par défaut).`
      ),
      Flag.optional
    ),
    search: Flag.String("search").pipe(Flag.withDescription("Recherche sur le nom et le prénom."), Flag.optional),
    statuses: Flag.String("status").pipe(
      Flag.withDescription("Seulement ce statut : STARTED, TO_SHARE ou SHARED (option répétable)."),
      Flag.atLeast(0)
    ),
    divisions: Flag.String("class").pipe(
      Flag.withAlias("c"),
      Flag.withDescription("Seulement cette classe (option répétable)."),
      Flag.atLeast(0)
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const page = yield* (yield* Analysis.Analysis).resultsPage(actor, input.campaign, {
          page: Option.getOrUndefined(input.page),
          size: Option.getOrUndefined(input.size),
          search: Option.getOrUndefined(input.search),
          // Checked by the library: an unknown status is its `InvalidInput`, in French.
          statuses: input.statuses as Analysis.ResultsQuery["statuses"],
          divisions: input.divisions
        })
        yield* Output.emit(ResultsPageJson, page, (p) =>
          p.total === 0
            ? "Aucun participant."
            : [
                Output.table(
                  ["Classe", "Nom", "Prénom", "Statut", "Résultat", "Participation"],
                  p.participants.map((r) => [
                    r.division ?? "",
                    r.lastName,
                    r.firstName,
                    r.statusLabel,
                    r.masteryRate !== null
                      ? rate(r.masteryRate)
                      : r.pixScore !== null
                        ? `${French.integer(r.pixScore)} pix`
                        : "—",
                    r.participationId
                  ])
                ),
                `Page ${p.page} sur ${Math.max(p.pageCount, 1)} — ${French.count(p.total, "participant")}.`
              ].join("\n")
        )
      })
    )
).pipe(
  Command.withDescription("Résultats page par page, triés par classe puis par nom, avec recherche et filtres."),
  Command.withExamples(
    examples(
      ["orga --as claire results participants camp-1 --page 2 --size 25", "La deuxième page"],
      ["orga --as claire results participants camp-1 --status SHARED --class 3A --search martin", "Filtrés"]
    )
  )
)

const participant = Command.make(
  "participant",
  {
    campaign,
    participation: Argument.String("participation").pipe(Argument.withDescription("Identifiant de la participation."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const detail = yield* (yield* Analysis.Analysis).participantDetail(actor, input.campaign, input.participation)
        yield* Output.emit(ParticipantJson, detail, (d) => {
          const who = `${d.participant.firstName} ${d.participant.lastName}${d.participant.division === null ? "" : ` (${d.participant.division})`} : ${d.participant.statusLabel}.`
          if (d.competences.length === 0) return `${who}\nRésultats non envoyés : rien à montrer encore.`
          const rows = (list: ReadonlyArray<Analysis.ParticipantCompetence>) =>
            list.map((c) => ({
              ...c,
              average: c.validatedSkillsCount ?? c.pixScore,
              max: c.maxPixScore,
              level: c.level
            }))
          return [
            who,
            "",
            Output.bold("Par compétence"),
            masteryTable(d.type, "Compétence", true, rows(d.competences)),
            "",
            Output.bold("Par domaine"),
            masteryTable(d.type, "Domaine", true, rows(d.areas))
          ].join("\n")
        })
      })
    )
).pipe(
  Command.withDescription("Résultat d'un participant, compétence par compétence."),
  Command.withExamples(examples(["orga --as claire results participant camp-1 part-7", "Le résultat d'un élève"]))
)

const activity = Command.make("activity", { campaign }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const result = yield* (yield* Analysis.Analysis).campaignActivity(actor, input.campaign)
      yield* Output.emit(ActivityJson, result, (a) =>
        [
          `${French.participationStatus("STARTED", a.type)} : ${a.started} ; ${French.participationStatus("TO_SHARE", a.type)} : ${a.completed} ; ${French.participationStatus("SHARED", a.type)} : ${a.shared}.`,
          a.days.length === 0
            ? "Aucune participation."
            : Output.table(
                ["Jour", "Commencées", "Envoyées", "Commencées (cumul)", "Envoyées (cumul)"],
                a.days.map((d) => [French.calendarDate(d.day), d.started, d.shared, d.startedTotal, d.sharedTotal])
              )
        ].join("\n")
      )
    })
  )
).pipe(
  Command.withDescription("Activité d'une campagne : participations par statut et par jour."),
  Command.withExamples(examples(["orga --as claire results activity camp-1", "Les participations jour par jour"]))
)

/**
 * The subcommands of `results`.
 *
 * @category constructors
 * @since 0.2.0
 */
export const subcommands = [analysis, participants, participant, activity] as const
