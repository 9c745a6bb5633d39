/**
 * `orga team …`: invite, list the members and pending invitations, change a role, remove a member, accept an
 * invitation (the invited user, with the code received).
 *
 * @since 0.1.0
 */
import { Team } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import * as Output from "../Output.ts"
import { examples, withOrga } from "../Run.ts"
import { InvitationSentJson } from "./organizations.ts"

/**
 * `team list`: the members and the invitations.
 *
 * @category schemas
 * @since 0.1.0
 */
export const TeamJson = Schema.Struct({
  members: Schema.Array(
    Schema.Struct({
      userId: Schema.String,
      firstName: Schema.String,
      lastName: Schema.String,
      email: Schema.NullOr(Schema.String),
      role: Schema.Literals(["ADMIN", "MEMBER"]),
      since: Schema.String
    })
  ),
  invitations: Schema.Array(
    Schema.Struct({
      invitationId: Schema.String,
      email: Schema.String,
      role: Schema.NullOr(Schema.Literals(["ADMIN", "MEMBER"])),
      status: Schema.Literals(["pending", "accepted", "cancelled"]),
      createdAt: Schema.String,
      lastSentAt: Schema.String
    })
  )
})

/**
 * `team role`, `team remove`, `team accept`: what was done.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DoneJson = Schema.Struct({ ok: Schema.Literal(true) })

const organization = Flag.String("organization").pipe(
  Flag.withAlias("o"),
  Flag.withDescription("Identifiant de l'organisation.")
)
const roleLabel = (role: "ADMIN" | "MEMBER" | null) =>
  role === "ADMIN" ? "administrateur" : role === "MEMBER" ? "membre" : "(par défaut)"
const statusLabel = { pending: "en attente", accepted: "acceptée", cancelled: "annulée" } as const
const done = (sentence: string) => Output.emit(DoneJson, { ok: true }, () => `${Output.green("✓")} ${sentence}`)

const invite = Command.make(
  "invite",
  {
    organization,
    emails: Argument.String("email").pipe(Argument.withDescription("Adresses e-mail à inviter."), Argument.variadic()),
    role: Flag.Literals("role", ["ADMIN", "MEMBER"]).pipe(Flag.withDescription("Rôle proposé."), Flag.optional)
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const sent = yield* (yield* Team.Team).inviteMembers(actor, {
          organizationId: input.organization,
          emails: input.emails,
          role: input.role._tag === "Some" ? input.role.value : null
        })
        yield* Output.emit(Schema.Array(InvitationSentJson), sent, (list) =>
          Output.table(
            ["Invitation", "E-mail", "Code"],
            list.map((s) => [s.invitationId, s.email, s.code])
          )
        )
      })
    )
).pipe(
  Command.withDescription("Invite des membres dans l'équipe."),
  Command.withExamples(
    examples(["orga --as claire team invite -o org-1 paul@college.fr anne@college.fr", "Invite Paul et Anne"])
  )
)

const list = Command.make("list", { organization }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const team = yield* Team.Team
      const members = yield* team.members(actor, input.organization)
      const invitations = yield* team.invitations(actor, input.organization)
      yield* Output.emit(TeamJson, { members, invitations }, (t) =>
        [
          Output.table(
            ["Utilisateur", "Prénom", "Nom", "E-mail", "Rôle", "Depuis"],
            t.members.map((m) => [m.userId, m.firstName, m.lastName, m.email ?? "", roleLabel(m.role), m.since])
          ),
          "",
          t.invitations.length === 0
            ? "Aucune invitation."
            : Output.table(
                ["Invitation", "E-mail", "Rôle", "Statut", "Envoyée le"],
                t.invitations.map((i) => [
                  i.invitationId,
                  i.email,
                  roleLabel(i.role),
                  statusLabel[i.status],
                  i.lastSentAt
                ])
              )
        ].join("\n")
      )
    })
  )
).pipe(
  Command.withDescription("Liste les membres et les invitations de l'équipe."),
  Command.withExamples(examples(["orga --as claire team list -o org-1", "L'équipe du collège"]))
)

const role = Command.make(
  "role",
  {
    organization,
    user: Argument.String("utilisateur").pipe(Argument.withDescription("Identifiant du membre.")),
    role: Argument.Literals("role", ["ADMIN", "MEMBER"]).pipe(Argument.withDescription("Nouveau rôle."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* Team.Team).changeMemberRole(actor, {
          organizationId: input.organization,
          userId: input.user,
          role: input.role
        })
        yield* done(`${input.user} est maintenant ${roleLabel(input.role)}.`)
      })
    )
).pipe(
  Command.withDescription("Change le rôle d'un membre."),
  Command.withExamples(examples(["orga --as claire team role -o org-1 paul ADMIN", "Paul devient administrateur"]))
)

const remove = Command.make(
  "remove",
  { organization, user: Argument.String("utilisateur").pipe(Argument.withDescription("Identifiant du membre.")) },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* Team.Team).removeMember(actor, { organizationId: input.organization, userId: input.user })
        yield* done(`${input.user} ne fait plus partie de l'équipe.`)
      })
    )
).pipe(
  Command.withDescription("Retire un membre de l'équipe."),
  Command.withExamples(examples(["orga --as claire team remove -o org-1 paul", "Retire Paul"]))
)

const accept = Command.make(
  "accept",
  {
    organization,
    invitation: Argument.String("invitation").pipe(Argument.withDescription("Identifiant de l'invitation.")),
    code: Argument.String("code").pipe(Argument.withDescription("Code reçu avec l'invitation."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* Team.Team).acceptInvitation(actor, {
          organizationId: input.organization,
          invitationId: input.invitation,
          code: input.code
        })
        yield* done("Invitation acceptée : vous faites partie de l'équipe.")
      })
    )
).pipe(
  Command.withDescription("Accepte une invitation (l'utilisateur invité, avec --as)."),
  Command.withExamples(examples(["orga --as claire team accept -o org-1 inv-1 7KRL4JAWWR", "Claire accepte"]))
)

const deadline = Command.make(
  "deadline",
  {
    organization,
    schoolYear: Flag.String("school-year").pipe(Flag.withDescription("Année scolaire (ex. 2026).")),
    date: Argument.String("date").pipe(Argument.withDescription("Date limite, AAAA-MM-JJ."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        yield* (yield* Team.Team).setCollectionDeadline(actor, {
          organizationId: input.organization,
          schoolYear: input.schoolYear,
          deadline: input.date
        })
        yield* done(`Date limite de collecte fixée au ${input.date}.`)
      })
    )
).pipe(
  Command.withDescription("Fixe la date limite de collecte des profils (certificabilité)."),
  Command.withExamples(
    examples(["orga --as claire team deadline -o org-1 --school-year 2026 2027-03-31", "Date limite au 31 mars"])
  )
)

const invitation = Argument.String("invitation").pipe(
  Argument.withDescription("Identifiant de l'invitation (voir team list).")
)

const resend = Command.make("resend", { organization, invitation }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* Team.Team).resendInvitation(actor, {
        organizationId: input.organization,
        invitationId: input.invitation
      })
      yield* done(`Invitation ${input.invitation} renvoyée.`)
    })
  )
).pipe(
  Command.withDescription("Renvoie une invitation en attente (même code, nouvelle date d'envoi)."),
  Command.withExamples(examples(["orga --as claire team resend -o org-1 inv-1", "Renvoie l'invitation de Paul"]))
)

const cancel = Command.make("cancel", { organization, invitation }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* Team.Team).cancelInvitation(actor, {
        organizationId: input.organization,
        invitationId: input.invitation
      })
      yield* done(`Invitation ${input.invitation} annulée : son code ne permet plus de rejoindre l'équipe.`)
    })
  )
).pipe(
  Command.withDescription("Annule une invitation en attente."),
  Command.withExamples(examples(["orga --as claire team cancel -o org-1 inv-1", "Annule l'invitation de Paul"]))
)

const leave = Command.make("leave", { organization }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      yield* (yield* Team.Team).leaveOrganization(actor, { organizationId: input.organization })
      yield* done(`Vous avez quitté l'organisation ${input.organization}.`)
    })
  )
).pipe(
  Command.withDescription("Quitte l'équipe d'une organisation (l'utilisateur de --as)."),
  Command.withExamples(examples(["orga --as paul team leave -o org-1", "Paul quitte l'équipe"]))
)

/**
 * `orga team`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("team").pipe(
  Command.withDescription(
    "L'équipe d'une organisation : inviter, lister, changer un rôle, retirer, renvoyer ou annuler une invitation, quitter."
  ),
  Command.withExamples(examples(["orga --as claire team list -o org-1", "L'équipe du collège"])),
  Command.withSubcommands([invite, list, role, remove, accept, deadline, resend, cancel, leave])
)
