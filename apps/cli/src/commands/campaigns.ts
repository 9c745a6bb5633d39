/**
 * `orga campaigns …`: create, list, archive and unarchive campaigns.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Campaigns, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"
import { DoneJson } from "./team.ts"

/**
 * `campaigns create`: the new campaign's id and code.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CreatedJson = Schema.Struct({ campaignId: Schema.String, code: Schema.String })

/**
 * `campaigns list` (one entry per campaign).
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignJson = Schema.Struct({
  campaignId: Schema.String,
  organizationId: Schema.String,
  code: Schema.String,
  name: Schema.String,
  type: Schema.Literals(["ASSESSMENT", "PROFILES_COLLECTION"]),
  ownerId: Schema.String,
  targetProfileId: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
  archivedAt: Schema.NullOr(Schema.String),
  participationsCount: Schema.Number,
  sharedParticipationsCount: Schema.Number,
  ownerFirstName: Schema.String,
  ownerLastName: Schema.String
})

/**
 * `campaigns delete`: the campaigns deleted and how many participations went with them.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DeletedJson = ViewSchemas.CampaignsDeleted

const organization = Flag.String("organization").pipe(
  Flag.withAlias("o"),
  Flag.withDescription("Identifiant de l'organisation.")
)
const campaign = Argument.String("campagne").pipe(Argument.withDescription("Identifiant de la campagne."))
const typeLabel = { ASSESSMENT: "évaluation", PROFILES_COLLECTION: "collecte de profils" } as const

const create = Command.make(
  "create",
  {
    organization,
    name: Flag.String("name").pipe(Flag.withDescription("Nom de la campagne.")),
    type: Flag.Literals("type", ["ASSESSMENT", "PROFILES_COLLECTION"]).pipe(
      Flag.withDescription("Évaluation (ASSESSMENT) ou collecte de profils (PROFILES_COLLECTION).")
    ),
    targetProfile: Flag.String("target-profile").pipe(
      Flag.withDescription("Profil cible (évaluation)."),
      Flag.optional
    ),
    id: Flag.String("id").pipe(
      Flag.withDescription("Identifiant choisi (sinon un nouvel identifiant)."),
      Flag.optional
    ),
    multipleSendings: Flag.Boolean("multiple-sendings").pipe(
      Flag.withDescription("Envoi multiple : les participants peuvent renvoyer leur profil ou repasser l'évaluation."),
      Flag.withDefault(false)
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const created = yield* (yield* Campaigns.Campaigns).createCampaign(actor, {
          organizationId: input.organization,
          ...(input.id._tag === "Some" ? { campaignId: input.id.value } : {}),
          name: input.name,
          type: input.type,
          targetProfileId: input.targetProfile._tag === "Some" ? input.targetProfile.value : null,
          multipleSendings: input.multipleSendings
        })
        yield* Output.emit(
          CreatedJson,
          created,
          (c) => `${Output.green("✓")} Campagne « ${input.name} » créée : ${c.campaignId}, code ${c.code}.`
        )
      })
    )
).pipe(
  Command.withDescription("Crée une campagne."),
  Command.withExamples(
    examples(["orga --as claire campaigns create -o org-1 --name 'Collecte 3e' --type PROFILES_COLLECTION", "Collecte"])
  )
)

const some = <A>(option: { readonly _tag: "Some"; readonly value: A } | { readonly _tag: "None" }) =>
  option._tag === "Some" ? option.value : undefined

const list = Command.make(
  "list",
  {
    organization,
    mine: Flag.Boolean("mine").pipe(
      Flag.withDescription("Seulement mes campagnes (« Mes campagnes »)."),
      Flag.withDefault(false)
    ),
    status: Flag.Literals("status", ["active", "archived"]).pipe(
      Flag.withDescription("Seulement les campagnes actives (active) ou archivées (archived)."),
      Flag.optional
    ),
    owner: Flag.String("owner").pipe(
      Flag.withDescription("Seulement les campagnes de ce propriétaire (identifiant)."),
      Flag.optional
    ),
    ownerName: Flag.String("owner-name").pipe(
      Flag.withDescription("Seulement les campagnes dont le propriétaire porte ce nom (ou une partie)."),
      Flag.optional
    ),
    name: Flag.String("name").pipe(
      Flag.withDescription("Seulement les campagnes dont le nom contient ce texte."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const status = some(input.status)
        const owner = some(input.owner)
        const ownerName = some(input.ownerName)
        const name = some(input.name)
        const campaigns = yield* (yield* Campaigns.Campaigns).campaigns(actor, input.organization, {
          ...(input.mine ? { mine: true } : {}),
          ...(status === undefined ? {} : { status }),
          ...(owner === undefined ? {} : { ownerId: owner }),
          ...(ownerName === undefined ? {} : { ownerName }),
          ...(name === undefined ? {} : { name })
        })
        yield* Output.emit(Schema.Array(CampaignJson), campaigns, (all) =>
          all.length === 0
            ? "Aucune campagne."
            : Output.table(
                ["Campagne", "Code", "Nom", "Type", "Propriétaire", "Participations", "Partagées", "Archivée le"],
                all.map((c) => [
                  c.campaignId,
                  c.code,
                  c.name,
                  typeLabel[c.type],
                  `${c.ownerFirstName} ${c.ownerLastName}`.trim() || c.ownerId,
                  c.participationsCount,
                  c.sharedParticipationsCount,
                  c.archivedAt === null ? "" : French.date(c.archivedAt)
                ])
              )
        )
      })
    )
).pipe(
  Command.withDescription(
    "Liste les campagnes d'une organisation (filtres : les miennes, actives ou archivées, propriétaire, nom)."
  ),
  Command.withExamples(
    examples(
      ["orga --as claire campaigns list -o org-1", "Les campagnes du collège"],
      ["orga --as claire campaigns list -o org-1 --mine --status archived", "Mes campagnes archivées"]
    )
  )
)

const remove = Command.make(
  "delete",
  {
    organization,
    campaigns: Argument.String("campagne").pipe(
      Argument.withDescription("Identifiant d'une campagne à supprimer (une ou plusieurs)."),
      Argument.atLeast(1)
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const deleted = yield* (yield* Campaigns.Campaigns).deleteCampaigns(actor, {
          organizationId: input.organization,
          campaignIds: input.campaigns
        })
        yield* Output.emit(
          DeletedJson,
          deleted,
          (d) =>
            `${Output.green("✓")} ${French.count(d.campaignIds.length, "campagne supprimée", "campagnes supprimées")}, avec ${French.count(d.participationsDeleted, "participation supprimée et anonymisée", "participations supprimées et anonymisées")}.`
        )
      })
    )
).pipe(
  Command.withDescription(
    "Supprime des campagnes (définitif : elles disparaissent de Pix Orga, leurs participations sont supprimées et anonymisées)."
  ),
  Command.withExamples(
    examples(["orga --as claire campaigns delete -o org-1 camp-1 camp-2", "Supprime deux campagnes"])
  )
)

const removeParticipation = Command.make(
  "delete-participation",
  {
    campaign,
    participation: Argument.String("participation").pipe(Argument.withDescription("Identifiant de la participation."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* Campaigns.Campaigns).deleteParticipation(actor, {
          campaignId: input.campaign,
          participationId: input.participation
        })
        yield* Output.emit(
          DoneJson,
          { ok: true },
          () => `${Output.green("✓")} Participation ${input.participation} supprimée et anonymisée.`
        )
      })
    )
).pipe(
  Command.withDescription("Supprime la participation d'un participant à une campagne (anonymisée)."),
  Command.withExamples(
    examples(["orga --as claire campaigns delete-participation camp-1 part-1", "Supprime une participation"])
  )
)

const archive = Command.make("archive", { campaign }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* Campaigns.Campaigns).archiveCampaign(actor, { campaignId: input.campaign })
      yield* Output.emit(DoneJson, { ok: true }, () => `${Output.green("✓")} Campagne ${input.campaign} archivée.`)
    })
  )
).pipe(
  Command.withDescription("Archive une campagne."),
  Command.withExamples(examples(["orga --as claire campaigns archive camp-1", "Archive la campagne"]))
)

const unarchive = Command.make("unarchive", { campaign }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* Campaigns.Campaigns).unarchiveCampaign(actor, { campaignId: input.campaign })
      yield* Output.emit(DoneJson, { ok: true }, () => `${Output.green("✓")} Campagne ${input.campaign} désarchivée.`)
    })
  )
).pipe(
  Command.withDescription("Désarchive une campagne."),
  Command.withExamples(examples(["orga --as claire campaigns unarchive camp-1", "Désarchive la campagne"]))
)

const update = Command.make(
  "update",
  {
    campaign,
    name: Flag.String("name").pipe(Flag.withDescription("Nom de la campagne (obligatoire, comme dans Pix Orga).")),
    title: Flag.String("title").pipe(
      Flag.withDescription("Titre du parcours affiché aux participants ('' l'efface)."),
      Flag.optional
    ),
    landingText: Flag.String("landing-text").pipe(
      Flag.withDescription("Texte de la page d'accueil de la campagne ('' l'efface)."),
      Flag.optional
    ),
    owner: Flag.String("owner").pipe(
      Flag.withDescription("Nouveau propriétaire (un membre de l'organisation)."),
      Flag.optional
    ),
    multipleSendings: Flag.Literals("multiple-sendings", ["on", "off"]).pipe(
      Flag.withDescription("Envoi multiple : on ou off (impossible à changer une fois des participations reçues)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* Campaigns.Campaigns).updateCampaign(actor, {
          campaignId: input.campaign,
          name: input.name,
          ...(input.title._tag === "Some" ? { title: input.title.value } : {}),
          ...(input.landingText._tag === "Some" ? { customLandingPageText: input.landingText.value } : {}),
          ...(input.owner._tag === "Some" ? { ownerId: input.owner.value } : {}),
          ...(input.multipleSendings._tag === "Some" ? { multipleSendings: input.multipleSendings.value === "on" } : {})
        })
        yield* Output.emit(DoneJson, { ok: true }, () => `${Output.green("✓")} Campagne ${input.campaign} modifiée.`)
      })
    )
).pipe(
  Command.withDescription("Modifie une campagne : nom, titre, texte d'accueil, propriétaire, envoi multiple."),
  Command.withExamples(
    examples([
      "orga --as claire campaigns update camp-1 --name 'Collecte 3e (juin)' --owner paul",
      "Renomme la campagne et la confie à Paul"
    ])
  )
)

/**
 * `orga campaigns`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("campaigns").pipe(
  Command.withDescription("Les campagnes : créer, lister, archiver, supprimer."),
  Command.withExamples(examples(["orga --as claire campaigns list -o org-1", "Les campagnes du collège"])),
  Command.withSubcommands([create, list, archive, unarchive, remove, removeParticipation, update])
)
