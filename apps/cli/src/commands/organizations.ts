/**
 * `orga organizations …` and `orga users register`: the back office registers a school and invites its first
 * administrator; a user lists the organizations they belong to.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Accounts, BackOffice, Team, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"
import * as Settings from "../Settings.ts"
import * as Store from "../Store.ts"
import * as BackOfficeCommands from "./backOffice.ts"
import * as Places from "./places.ts"
import * as UserAccounts from "./userAccounts.ts"

/**
 * `organizations show` for the back office: what Pix Admin sees of the organization beyond what its members see.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationDetailsJson = Schema.Struct({
  contactEmail: Schema.NullOr(Schema.String),
  registeredAt: Schema.NullOr(Schema.String),
  identityProviderForCampaigns: Schema.NullOr(Schema.Literal("GAR")),
  pendingInvitationsCount: Schema.Number,
  campaignsCount: Schema.Number,
  learnersCount: Schema.Number,
  places: ViewSchemas.PlacesView
})

/**
 * `organizations show` / `organizations list` (one entry): an organization as the library shows it.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationJson = Schema.Struct({
  organizationId: Schema.String,
  name: Schema.String,
  type: Schema.NullOr(Schema.Literals(["SCO", "SUP", "PRO"])),
  uai: Schema.NullOr(Schema.String),
  isManagingStudents: Schema.Boolean,
  archivedAt: Schema.NullOr(Schema.String),
  membersCount: Schema.Number,
  /** Only for the back office's `organizations show`. */
  details: Schema.optionalKey(OrganizationDetailsJson)
})

/**
 * `organizations list`: the organizations of the `--as` user, or every one for the back office.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationListJson = Schema.Array(OrganizationJson)

/**
 * `organizations register`: the new organization's id.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RegisteredJson = Schema.Struct({ organizationId: Schema.String })

/**
 * `organizations invite-admin` and `team invite` (one entry): the invitation sent, with its code.
 *
 * @category schemas
 * @since 0.1.0
 */
export const InvitationSentJson = Schema.Struct({
  invitationId: Schema.String,
  email: Schema.String,
  code: Schema.String
})

/**
 * `users register`: the new user's id.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UserJson = Schema.Struct({ userId: Schema.String })

const organizationTable = (organizations: ReadonlyArray<typeof OrganizationJson.Type>): string =>
  organizations.length === 0
    ? "Aucune organisation."
    : Output.table(
        ["Identifiant", "Nom", "Type", "UAI", "Gère des élèves", "Membres", "Archivée le"],
        organizations.map((o) => [
          o.organizationId,
          o.name,
          o.type ?? "",
          o.uai ?? "",
          o.isManagingStudents ? "oui" : "non",
          o.membersCount,
          o.archivedAt === null ? "" : French.date(o.archivedAt)
        ])
      )

const register = Command.make(
  "register",
  {
    name: Flag.String("name").pipe(Flag.withDescription("Nom de l'organisation.")),
    type: Flag.Literals("type", ["SCO", "SUP", "PRO"]).pipe(Flag.withDescription("Type : SCO, SUP ou PRO.")),
    uai: Flag.String("uai").pipe(Flag.withDescription("Code UAI de l'établissement."), Flag.optional),
    managingStudents: Flag.Boolean("managing-students").pipe(
      Flag.withDescription("L'organisation gère ses élèves (import SIECLE)."),
      Flag.withDefault(false)
    ),
    id: Flag.String("id").pipe(
      Flag.withDescription("Identifiant choisi (sinon un nouvel identifiant)."),
      Flag.optional
    ),
    contactEmail: Flag.String("contact-email").pipe(
      Flag.withDescription("Adresse e-mail de contact de l'établissement (invitation SCO)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const backOffice = yield* BackOffice.BackOffice
        const registered = yield* backOffice.registerOrganization(actor, {
          ...(input.id._tag === "Some" ? { organizationId: input.id.value } : {}),
          name: input.name,
          type: input.type,
          uai: input.uai._tag === "Some" ? input.uai.value : null,
          isManagingStudents: input.managingStudents,
          ...(input.contactEmail._tag === "Some" ? { contactEmail: input.contactEmail.value } : {})
        })
        yield* Output.emit(
          RegisteredJson,
          registered,
          (r) => `${Output.green("✓")} Organisation « ${input.name} » enregistrée : ${r.organizationId}.`
        )
      })
    )
).pipe(
  Command.withDescription("Enregistre une organisation (back-office)."),
  Command.withExamples(
    examples([
      "orga --as pix organizations register --name 'Collège Jean Moulin' --type SCO --uai 0331234X --managing-students",
      "Enregistre un collège qui gère ses élèves"
    ])
  )
)

const inviteAdmin = Command.make(
  "invite-admin",
  {
    organization: Argument.String("organisation").pipe(Argument.withDescription("Identifiant de l'organisation.")),
    email: Flag.String("email").pipe(Flag.withDescription("Adresse e-mail du premier administrateur."))
  },
  ({ organization, email }) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const sent = yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(actor, {
          organizationId: organization,
          email
        })
        yield* Output.emit(
          InvitationSentJson,
          sent,
          (s) => `${Output.green("✓")} Invitation envoyée à ${s.email} (invitation ${s.invitationId}, code ${s.code}).`
        )
      })
    )
).pipe(
  Command.withDescription("Invite le premier administrateur d'une organisation (back-office)."),
  Command.withExamples(
    examples(["orga --as pix organizations invite-admin org-1 --email claire@college.fr", "Invite Claire"])
  )
)

// Whether `--as` is a back-office identity: then `list` is every organization and `show` the back office's sheet.
const isBackOffice = Effect.map(Settings.As, (as) => Option.isSome(as) && Store.pixAdminIds().includes(as.value))

const summaryOf = (o: typeof ViewSchemas.OrganizationForAdmin.Type): typeof OrganizationJson.Type => ({
  organizationId: o.organizationId,
  name: o.name,
  type: o.type,
  uai: o.uai,
  isManagingStudents: o.isManagingStudents,
  archivedAt: o.archivedAt,
  membersCount: o.membersCount
})

const showText = (o: typeof OrganizationJson.Type): string => {
  const details = o.details
  if (details === undefined) return organizationTable([o])
  return [
    organizationTable([o]),
    `Adresse de contact : ${details.contactEmail ?? "aucune"}.`,
    `Enregistrée le ${details.registeredAt === null ? "?" : French.date(details.registeredAt)} ; ${French.count(
      details.pendingInvitationsCount,
      "invitation en attente",
      "invitations en attente"
    )}, ${French.count(details.campaignsCount, "campagne")}, ${French.count(details.learnersCount, "élève")}.`,
    Places.placesText(details.places)
  ].join("\n")
}

const show = Command.make(
  "show",
  { organization: Argument.String("organisation").pipe(Argument.withDescription("Identifiant de l'organisation.")) },
  ({ organization }) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        if (yield* isBackOffice) {
          const sheet = yield* (yield* BackOffice.BackOffice).organizationForAdmin(actor, organization)
          const view: typeof OrganizationJson.Type = {
            ...summaryOf(sheet),
            details: {
              contactEmail: sheet.contactEmail,
              registeredAt: sheet.registeredAt,
              identityProviderForCampaigns: sheet.identityProviderForCampaigns,
              pendingInvitationsCount: sheet.pendingInvitationsCount,
              campaignsCount: sheet.campaignsCount,
              learnersCount: sheet.learnersCount,
              places: sheet.places
            }
          }
          return yield* Output.emit(OrganizationJson, view, showText)
        }
        const view = yield* (yield* Team.Team).organization(actor, organization)
        yield* Output.emit(OrganizationJson, view, showText)
      })
    )
).pipe(
  Command.withDescription(
    "Affiche une organisation (pour le back-office : contact, équipe, campagnes, élèves, places)."
  ),
  Command.withExamples(
    examples(
      ["orga --as claire organizations show org-1", "L'organisation de Claire"],
      ["orga --as pix organizations show org-1", "La fiche du back-office"]
    )
  )
)

const list = Command.make(
  "list",
  {
    name: Flag.String("name").pipe(Flag.withDescription("Une partie du nom."), Flag.optional),
    uai: Flag.String("uai").pipe(Flag.withDescription("Une partie de l'UAI."), Flag.optional),
    type: Flag.Literals("type", ["SCO", "SUP", "PRO"]).pipe(Flag.withDescription("Le type."), Flag.optional),
    archived: Flag.Boolean("archived").pipe(
      Flag.withDescription("Les organisations archivées seulement."),
      Flag.withDefault(false)
    ),
    active: Flag.Boolean("active").pipe(
      Flag.withDescription("Les organisations non archivées seulement."),
      Flag.withDefault(false)
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const archived = input.archived ? true : input.active ? false : undefined
        const name = Option.getOrUndefined(input.name)
        const uai = Option.getOrUndefined(input.uai)
        const type = Option.getOrUndefined(input.type)
        const organizations = (yield* isBackOffice)
          ? (yield* (yield* BackOffice.BackOffice).organizationsForAdmin(actor, { name, uai, type, archived })).map(
              summaryOf
            )
          : (yield* (yield* Accounts.Accounts).logIntoOrga(actor)).filter(
              (o) =>
                (name === undefined || o.name.toLocaleLowerCase("fr").includes(name.trim().toLocaleLowerCase("fr"))) &&
                (uai === undefined || (o.uai ?? "").includes(uai.trim().toUpperCase())) &&
                (type === undefined || o.type === type) &&
                (archived === undefined || (o.archivedAt !== null) === archived)
            )
        yield* Output.emit(OrganizationListJson, organizations, organizationTable)
      })
    )
).pipe(
  Command.withDescription(
    "Liste les organisations dont l'utilisateur (--as) est membre ; pour le back-office, toutes les organisations."
  ),
  Command.withExamples(
    examples(
      ["orga --as claire organizations list", "Les organisations de Claire"],
      ["orga --as pix organizations list --type SCO --name moulin", "Recherche du back-office"]
    )
  )
)

/**
 * `orga organizations`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("organizations").pipe(
  Command.withDescription(
    "Les organisations : enregistrer, inviter le premier administrateur, lister, afficher, archiver, les places, fonctionnalités, profils cibles."
  ),
  Command.withExamples(examples(["orga --as claire organizations list", "Les organisations de Claire"])),
  Command.withSubcommands([
    register,
    inviteAdmin,
    list,
    show,
    Places.archive,
    Places.places,
    Places.scoInvitation,
    BackOfficeCommands.featuresCommand,
    BackOfficeCommands.targetProfilesCommand
  ])
)

const registerUser = Command.make(
  "register",
  {
    id: Flag.String("id").pipe(
      Flag.withDescription("Identifiant choisi (sinon un nouvel identifiant)."),
      Flag.optional
    ),
    firstName: Flag.String("first-name").pipe(Flag.withDescription("Prénom.")),
    lastName: Flag.String("last-name").pipe(Flag.withDescription("Nom.")),
    email: Flag.String("email").pipe(Flag.withDescription("Adresse e-mail."), Flag.optional)
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const registered = yield* (yield* Accounts.Accounts).registerUser({
          ...(input.id._tag === "Some" ? { userId: input.id.value } : {}),
          firstName: input.firstName,
          lastName: input.lastName,
          email: input.email._tag === "Some" ? input.email.value : null
        })
        yield* Output.emit(
          UserJson,
          registered,
          (r) => `${Output.green("✓")} Utilisateur ${input.firstName} ${input.lastName} enregistré : ${r.userId}.`
        )
      })
    )
).pipe(
  Command.withDescription("Crée un compte utilisateur."),
  Command.withExamples(
    examples([
      "orga users register --id claire --first-name Claire --last-name Martin --email claire@college.fr",
      "Crée le compte de Claire"
    ])
  )
)

/**
 * `orga users`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const users = Command.make("users").pipe(
  Command.withDescription("Les comptes utilisateurs : créer un compte, en retrouver un (back-office)."),
  Command.withExamples(examples(["orga users register --first-name Claire --last-name Martin", "Crée un compte"])),
  Command.withSubcommands([registerUser, UserAccounts.show])
)
