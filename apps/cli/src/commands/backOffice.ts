/**
 * `orga organizations features …` and `orga organizations target-profiles …`: what Pix Admin sets for an
 * organization from the back office (its features, e.g. multiple sendings of assessments; the target profiles
 * its campaigns may use), and what its members read of it.
 *
 * @since 0.2.0
 */
import { BackOffice, TargetProfiles, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import { FileError } from "../Failure.ts"
import * as Files from "../Files.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"

/**
 * `organizations features`: the features on for the organization.
 *
 * @category schemas
 * @since 0.2.0
 */
export const FeaturesJson = ViewSchemas.OrganizationFeatures

/**
 * `organizations target-profiles list`: the profiles the organization's campaigns may use.
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfilesJson = Schema.Array(ViewSchemas.TargetProfileView)

/**
 * `organizations target-profiles create`: the profiles created.
 *
 * @category schemas
 * @since 0.2.0
 */
export const CreatedProfilesJson = Schema.Array(Schema.Struct({ targetProfileId: Schema.String }))

const featureNames = [
  "MULTIPLE_SENDING_ASSESSMENT",
  "PLACES_MANAGEMENT",
  "LEARNER_IMPORT",
  "MISSIONS_MANAGEMENT",
  "COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY"
] as const

// What people read of a feature (Pix Admin's wording).
const featureLabel: Record<(typeof featureNames)[number], string> = {
  MULTIPLE_SENDING_ASSESSMENT: "Envoi multiple des campagnes d'évaluation",
  PLACES_MANAGEMENT: "Gestion des places",
  LEARNER_IMPORT: "Import des participants",
  MISSIONS_MANAGEMENT: "Gestion des missions",
  COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY: "Calcul de la certificabilité des élèves"
}

const organization = Argument.String("organisation").pipe(Argument.withDescription("Identifiant de l'organisation."))

const features = Command.make(
  "features",
  {
    organization,
    enable: Flag.Literals("enable", featureNames).pipe(
      Flag.withDescription("Active une fonctionnalité (Pix Admin)."),
      Flag.optional
    ),
    disable: Flag.Literals("disable", featureNames).pipe(
      Flag.withDescription("Désactive une fonctionnalité (Pix Admin)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const backOffice = yield* BackOffice.BackOffice
        if (input.enable._tag === "Some")
          yield* backOffice.setOrganizationFeature(actor, {
            organizationId: input.organization,
            feature: input.enable.value,
            enabled: true
          })
        if (input.disable._tag === "Some")
          yield* backOffice.setOrganizationFeature(actor, {
            organizationId: input.organization,
            feature: input.disable.value,
            enabled: false
          })
        const enabled = yield* backOffice.organizationFeatures(actor, input.organization)
        yield* Output.emit(FeaturesJson, enabled, (all) =>
          all.length === 0
            ? "Aucune fonctionnalité activée."
            : `Fonctionnalités activées : ${all.map((feature) => featureLabel[feature]).join(", ")}.`
        )
      })
    )
).pipe(
  Command.withDescription(
    "Les fonctionnalités d'une organisation ; Pix Admin les active ou les désactive (--enable, --disable)."
  ),
  Command.withExamples(
    examples(
      [
        "orga --as pix organizations features org-1 --enable MULTIPLE_SENDING_ASSESSMENT",
        "Autorise l'envoi multiple des campagnes d'évaluation"
      ],
      ["orga --as claire organizations features org-1", "Les fonctionnalités du collège"]
    )
  )
)

const profilesTable = (profiles: ReadonlyArray<typeof ViewSchemas.TargetProfileView.Type>): string =>
  profiles.length === 0
    ? "Aucun profil cible."
    : Output.table(
        ["Profil cible", "Nom", "Acquis", "Paliers", "Résultats thématiques"],
        profiles.map((profile) => [
          profile.targetProfileId,
          profile.name,
          profile.skillsCount,
          profile.stages.length,
          profile.badges.map((badge) => badge.title).join(", ")
        ])
      )

const list = Command.make("list", { organization }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const profiles = yield* (yield* BackOffice.BackOffice).availableTargetProfiles(actor, input.organization)
      yield* Output.emit(TargetProfilesJson, profiles, profilesTable)
    })
  )
).pipe(
  Command.withDescription("Liste les profils cibles que les campagnes de l'organisation peuvent utiliser."),
  Command.withExamples(examples(["orga --as claire organizations target-profiles list org-1", "Les parcours"]))
)

const profile = Argument.String("profil").pipe(Argument.withDescription("Identifiant du profil cible."))

const attach = Command.make("attach", { organization, profile }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* BackOffice.BackOffice).attachTargetProfile(actor, {
        organizationId: input.organization,
        targetProfileId: input.profile
      })
      yield* Output.line(
        `${Output.green("✓")} Profil cible ${input.profile} rattaché à l'organisation ${input.organization}.`
      )
    })
  )
).pipe(
  Command.withDescription("Rattache un profil cible à une organisation (Pix Admin)."),
  Command.withExamples(
    examples(["orga --as pix organizations target-profiles attach org-1 tp-college-3e", "Le parcours 3e"])
  )
)

const detach = Command.make("detach", { organization, profile }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* BackOffice.BackOffice).detachTargetProfile(actor, {
        organizationId: input.organization,
        targetProfileId: input.profile
      })
      yield* Output.line(
        `${Output.green("✓")} Profil cible ${input.profile} détaché de l'organisation ${input.organization}.`
      )
    })
  )
).pipe(
  Command.withDescription("Détache un profil cible d'une organisation (Pix Admin) : plus aucune nouvelle campagne."),
  Command.withExamples(
    examples(["orga --as pix organizations target-profiles detach org-1 tp-college-3e", "Retire le parcours 3e"])
  )
)

const parseJson = (path: string, bytes: Uint8Array) =>
  Effect.try({
    try: (): unknown => JSON.parse(new TextDecoder().decode(bytes)),
    catch: () => new FileError({ path, message: `Le fichier ${path} n'est pas un JSON valide.` })
  })

const create = Command.make(
  "create",
  {
    file: Flag.String("file").pipe(
      Flag.withDescription("Fichier JSON de la définition (sujets, paliers, résultats thématiques)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const backOffice = yield* BackOffice.BackOffice
        // Without a file: the profiles Orga ships (collège 3e, lycée 2nde).
        const definitions =
          input.file._tag === "Some"
            ? [yield* parseJson(input.file.value, yield* Files.read(input.file.value))]
            : TargetProfiles.catalogue
        const created: Array<{ readonly targetProfileId: string }> = []
        for (const definition of definitions)
          created.push(
            yield* backOffice.createTargetProfile(actor, {
              definition: definition as (typeof TargetProfiles.catalogue)[number]
            })
          )
        yield* Output.emit(
          CreatedProfilesJson,
          created,
          (all) => `${Output.green("✓")} Profils cibles créés : ${all.map((p) => p.targetProfileId).join(", ")}.`
        )
      })
    )
).pipe(
  Command.withDescription(
    "Crée un profil cible depuis un fichier JSON (Pix Admin) ; sans fichier, les profils livrés (3e, 2nde)."
  ),
  Command.withExamples(
    examples(
      ["orga --as pix organizations target-profiles create", "Les parcours 3e et 2nde livrés avec Orga"],
      ["orga --as pix organizations target-profiles create --file parcours.json", "Un parcours défini dans un fichier"]
    )
  )
)

/**
 * `orga organizations features`.
 *
 * @category constructors
 * @since 0.2.0
 */
export const featuresCommand = features

/**
 * `orga organizations target-profiles`.
 *
 * @category constructors
 * @since 0.2.0
 */
export const targetProfilesCommand = Command.make("target-profiles").pipe(
  Command.withDescription("Les profils cibles (parcours) : créer, rattacher, détacher (Pix Admin), lister."),
  Command.withExamples(examples(["orga --as claire organizations target-profiles list org-1", "Les parcours"])),
  Command.withSubcommands([list, attach, detach, create])
)
