/**
 * `orga campaigns …`: create, list, archive and unarchive campaigns.
 *
 * @since 0.1.0
 */
import { Campaigns } from "@orga/orga"
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
  sharedParticipationsCount: Schema.Number
})

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

const list = Command.make("list", { organization }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const campaigns = yield* (yield* Campaigns.Campaigns).campaigns(actor, input.organization)
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
                c.ownerId,
                c.participationsCount,
                c.sharedParticipationsCount,
                c.archivedAt ?? ""
              ])
            )
      )
    })
  )
).pipe(
  Command.withDescription("Liste les campagnes d'une organisation."),
  Command.withExamples(examples(["orga --as claire campaigns list -o org-1", "Les campagnes du collège"]))
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

/**
 * `orga campaigns`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("campaigns").pipe(
  Command.withDescription("Les campagnes : créer, lister, archiver."),
  Command.withExamples(examples(["orga --as claire campaigns list -o org-1", "Les campagnes du collège"])),
  Command.withSubcommands([create, list, archive, unarchive])
)
