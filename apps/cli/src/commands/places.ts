/**
 * `orga organizations places …`, `organizations archive` and `organizations sco-invitation`: the back office gives
 * a school its places (lots, the maximum) and archives it; members see their places; a school's staff asks for its
 * administrator invitation by UAI (no `--as`: the invitation goes to the school's mailbox).
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { BackOffice, Team, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"

/**
 * `organizations places show` / `delete` / `limit`: the places today (`@orga/orga`'s `ViewSchemas.PlacesView`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesJson = ViewSchemas.PlacesView

/**
 * `organizations places add`: the new lot's id.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesLotJson = Schema.Struct({ lotId: Schema.String })

/**
 * `organizations archive`: the organization and when it was archived.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ArchivedJson = Schema.Struct({ organizationId: Schema.String, archivedAt: Schema.String })

/**
 * `organizations sco-invitation`: the school and the mailbox the invitation went to (never its code).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ScoInvitationJson = ViewSchemas.ScoInvitationSent

const organizationArgument = Argument.String("organisation").pipe(
  Argument.withDescription("Identifiant de l'organisation.")
)

/**
 * The places as people read them: a sentence with the counts, then the lots with French dates and labels.
 *
 * @category constructors
 * @since 0.1.0
 */
export const placesText = (places: typeof PlacesJson.Type): string => {
  const summary = `${French.count(places.total, "place")} ${places.total > 1 ? "actives" : "active"}, ${French.count(
    places.occupied,
    "occupée",
    "occupées"
  )}, ${French.count(places.available, "disponible")}.`
  const limit = places.limitEnabled
    ? places.hasReachedMaximumPlacesLimit
      ? "Blocage activé : le nombre maximum de places est atteint, aucun nouvel élève ne peut rejoindre une campagne."
      : "Blocage activé au nombre maximum de places (avec la tolérance de 10 %)."
    : "Pas de blocage au nombre maximum de places."
  const lots =
    places.lots.length === 0
      ? "Aucun lot de places."
      : Output.table(
          ["Lot", "Places", "Catégorie", "Référence", "Activation", "Expiration", "Statut"],
          places.lots.map((lot) => [
            lot.lotId,
            lot.count,
            lot.categoryLabel,
            lot.reference,
            French.calendarDate(lot.activationDate),
            French.calendarDate(lot.expirationDate),
            lot.deletedAt === null ? lot.statusLabel : `Supprimé le ${French.date(lot.deletedAt)}`
          ])
        )
  return [summary, limit, lots].join("\n")
}

// A date typed the French way (`01/09/2026`) or as `2026-09-01`; anything else goes to the library, whose refusal
// has Pix's message.
const isoDate = (typed: string): string => French.parseCalendarDate(typed) ?? typed.trim()

const show = Command.make("show", { organization: organizationArgument }, ({ organization }) =>
  withOrga(
    Effect.gen(function* () {
      const places = yield* (yield* Team.Team).places(yield* Actor.current, organization)
      yield* Output.emit(PlacesJson, places, placesText)
    })
  )
).pipe(
  Command.withDescription("Les places de l'organisation : capacité, places occupées, lots."),
  Command.withExamples(examples(["orga --as claire organizations places show org-1", "Les places du collège"]))
)

const add = Command.make(
  "add",
  {
    organization: organizationArgument,
    count: Flag.Finite("count").pipe(Flag.withDescription("Nombre de places (entier supérieur à 0).")),
    category: Flag.Literals("category", ["T0", "T1", "T2", "T2bis", "T3"]).pipe(
      Flag.withDescription("Catégorie : T0 gratuit, T1 tarif public, T2 réduit, T2bis réduit spécial, T3 plein tarif.")
    ),
    reference: Flag.String("reference").pipe(Flag.withDescription("Référence (bon de commande, devis).")),
    from: Flag.String("from").pipe(Flag.withDescription("Date d'activation (JJ/MM/AAAA).")),
    to: Flag.String("to").pipe(Flag.withDescription("Date d'expiration (JJ/MM/AAAA).")),
    id: Flag.String("id").pipe(Flag.withDescription("Identifiant choisi (sinon un nouvel identifiant)."), Flag.optional)
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const added = yield* (yield* BackOffice.BackOffice).addPlacesLot(yield* Actor.current, {
          organizationId: input.organization,
          ...(input.id._tag === "Some" ? { lotId: input.id.value } : {}),
          count: input.count,
          category: input.category,
          reference: input.reference,
          activationDate: isoDate(input.from),
          expirationDate: isoDate(input.to)
        })
        yield* Output.emit(
          PlacesLotJson,
          added,
          (lot) =>
            `${Output.green("✓")} Lot ${lot.lotId} de ${French.count(input.count, "place")} ajouté à ${input.organization}.`
        )
      })
    )
).pipe(
  Command.withDescription("Ajoute un lot de places (back-office)."),
  Command.withExamples(
    examples([
      "orga --as pix organizations places add org-1 --count 300 --category T1 --reference DEVIS-42 --from 01/09/2026 --to 31/08/2027",
      "300 places pour l'année scolaire"
    ])
  )
)

const remove = Command.make(
  "delete",
  {
    organization: organizationArgument,
    lot: Argument.String("lot").pipe(Argument.withDescription("Identifiant du lot."))
  },
  ({ organization, lot }) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* BackOffice.BackOffice).deletePlacesLot(actor, { organizationId: organization, lotId: lot })
        const places = yield* (yield* Team.Team).places(actor, organization)
        yield* Output.emit(PlacesJson, places, (p) => `${Output.green("✓")} Lot ${lot} supprimé.\n${placesText(p)}`)
      })
    )
).pipe(
  Command.withDescription("Supprime un lot de places (back-office) : il ne compte plus."),
  Command.withExamples(examples(["orga --as pix organizations places delete org-1 lot-1", "Retire le lot lot-1"]))
)

const limit = Command.make(
  "limit",
  {
    organization: organizationArgument,
    state: Argument.Literals("etat", ["on", "off"]).pipe(
      Argument.withDescription(
        "on : refuser les nouveaux élèves quand les places sont épuisées ; off : ne pas bloquer."
      )
    )
  },
  ({ organization, state }) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* BackOffice.BackOffice).setPlacesLimit(actor, {
          organizationId: organization,
          enabled: state === "on"
        })
        const places = yield* (yield* Team.Team).places(actor, organization)
        yield* Output.emit(PlacesJson, places, (p) => `${Output.green("✓")} ${placesText(p)}`)
      })
    )
).pipe(
  Command.withDescription("Active ou non le blocage au nombre maximum de places (back-office)."),
  Command.withExamples(examples(["orga --as pix organizations places limit org-1 on", "Bloquer quand c'est plein"]))
)

/**
 * `orga organizations places`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const places = Command.make("places").pipe(
  Command.withDescription("Les places d'une organisation : voir, ajouter ou supprimer un lot, le blocage."),
  Command.withExamples(examples(["orga --as claire organizations places show org-1", "Les places du collège"])),
  Command.withSubcommands([show, add, remove, limit])
)

/**
 * `orga organizations archive`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const archive = Command.make("archive", { organization: organizationArgument }, ({ organization }) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const backOffice = yield* BackOffice.BackOffice
      yield* backOffice.archiveOrganization(actor, { organizationId: organization })
      const sheet = yield* backOffice.organizationForAdmin(actor, organization)
      yield* Output.emit(
        ArchivedJson,
        { organizationId: sheet.organizationId, archivedAt: sheet.archivedAt ?? "" },
        (a) =>
          `${Output.green("✓")} Organisation « ${sheet.name} » archivée le ${French.date(a.archivedAt)} : invitations annulées, membres retirés, campagnes archivées.`
      )
    })
  )
).pipe(
  Command.withDescription("Archive une organisation (back-office), comme Pix Admin."),
  Command.withExamples(examples(["orga --as pix organizations archive org-1", "Archive le collège"]))
)

/**
 * `orga organizations sco-invitation`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const scoInvitation = Command.make(
  "sco-invitation",
  {
    uai: Flag.String("uai").pipe(Flag.withDescription("UAI/RNE de l'établissement.")),
    firstName: Flag.String("first-name").pipe(Flag.withDescription("Prénom de la personne qui demande.")),
    lastName: Flag.String("last-name").pipe(Flag.withDescription("Nom de la personne qui demande."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const sent = yield* (yield* Team.Team).sendScoInvitation(yield* Actor.current, input)
        yield* Output.emit(
          ScoInvitationJson,
          sent,
          (s) =>
            `${Output.green("✓")} Invitation d'administrateur de « ${s.organizationName} » envoyée à l'adresse de l'établissement : ${s.email}.`
        )
      })
    )
).pipe(
  Command.withDescription(
    "Activez ou récupérez votre espace Pix Orga : l'invitation d'administrateur part vers l'adresse de l'établissement."
  ),
  Command.withExamples(
    examples([
      "orga organizations sco-invitation --uai 0331234X --first-name Paul --last-name Durand",
      "Demande l'invitation du collège"
    ])
  )
)
