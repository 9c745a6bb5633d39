/**
 * The implementation of the `Orga` service: use cases decide on the read models' states (after catching up
 * with the log's head), append with the exact versions they saw, retry on a concurrent writer, and wait until
 * the read models folded their own events before answering.
 *
 * @since 0.1.0
 */
import { DomainError } from "@orga/domain"
import { EventStore, type EventStoreError } from "@orga/event-store"
import { ImportCommand, Siecle, type SiecleError } from "@orga/siecle"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Account from "../account/Account.ts"
import * as CampaignExport from "../export/CampaignExport.ts"
import type { Config, OrgaError, OrgaShape, TypedIdentity } from "../Orga.ts"
import * as Replay from "../Replay.ts"
import * as Runtime from "../runtime/Runtime.ts"
import type * as Views from "../Views.ts"
import * as Catchup from "./Catchup.ts"
import {
  type Actor,
  Campaign,
  CampaignCodeGenerator,
  CampaignCodeReservation,
  Competences,
  Levenshtein,
  NameMatching,
  Organization,
  OrganizationDecider,
  Participation,
  type ParticipationEvent,
  Policy,
  Reconciliation,
  Roster,
  RosterDecider,
  type StudentRecordSchema,
  TargetProfile,
  Uai
} from "./Domain.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Streams from "./Streams.ts"

const fromResult = <A>(result: Result.Result<A, DomainError.DomainError>): Effect.Effect<A, DomainError.DomainError> =>
  Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

const fail = (
  tag: DomainError.DomainError["_tag"],
  code: string,
  message: string,
  meta: Record<string, unknown> = {}
) => Effect.fail(DomainError.make(tag, code, message, meta))

const unauthenticated = () =>
  fail("Forbidden", "UNAUTHENTICATED", "Vous devez être connecté pour effectuer cette action.")

const userOf = (actor: Actor.Actor): Effect.Effect<string, DomainError.DomainError> =>
  actor._tag === "User" ? Effect.succeed(actor.userId as string) : unauthenticated()

const statusLabel = (
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  status: ParticipationEvent.ParticipationStatus
): string =>
  status === "STARTED"
    ? "En cours"
    : status === "TO_SHARE"
      ? "En attente d'envoi"
      : type === "ASSESSMENT"
        ? "Résultats reçus"
        : "Profil reçu"

// Lycée divisions in SIECLE start with the level: 2nde, 1ère, Terminale.
const isLyceeDivision = (division: string): boolean => /^(2|1|T)/i.test(division.trim())

/**
 * Builds the service (see `Orga.layer`).
 *
 * @since 0.1.0
 */
export const make = (config: Config) =>
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    const clock = yield* Runtime.Clock
    const ids = yield* Runtime.Ids
    const randomness = yield* Runtime.Randomness
    const models = ReadModels.make()
    const replay = yield* Effect.serviceOption(Replay.Replay)
    const catchup = yield* Catchup.start(
      store,
      models.apply,
      Option.isSome(replay) ? { replay: { read: replay.value.read, apply: models.applyRows } } : {}
    )
    const streams = Streams.make(store)
    const pixAdmins = new Set(config.pixAdminIds)
    const targetProfiles = new Map(config.targetProfiles.map((profile) => [profile.id, profile]))

    const version = (streamId: string): bigint => models.versions.get(streamId) ?? 0n

    /** Brings the read models up to the log's head before a decision. */
    const fresh = Effect.flatMap(store.head, catchup.awaitPosition)

    /** Appends the writes of a use case, then waits until the read models folded them. */
    const commit = (
      writes: ReadonlyArray<Streams.Write>,
      meta: { readonly actorId: string | null; readonly useCase: string; readonly organizationId: string | null },
      occurredAt: string
    ) =>
      Effect.gen(function* () {
        const { position } = yield* streams.append(
          writes,
          { actorId: meta.actorId, useCase: meta.useCase, occurredAt, organizationId: meta.organizationId },
          undefined,
          () => crypto.randomUUID()
        )
        if (position !== null) yield* catchup.awaitPosition(position)
        return writes.reduce((sum, write) => sum + write.events.length, 0)
      })

    const write = (streamId: string, events: ReadonlyArray<Streams.DomainEvent>): Streams.Write => ({
      streamId,
      expectedVersion: version(streamId),
      events
    })

    /** A use case: reads fresh states, decides, commits; runs again on a concurrent writer. */
    const useCase = <A>(body: Effect.Effect<A, OrgaError | EventStoreError.WrongExpectedVersion>) =>
      Streams.retryOnConflict(Effect.flatMap(fresh, () => body)) as Effect.Effect<A, OrgaError>

    const query = <A>(body: Effect.Effect<A, OrgaError>) => Effect.flatMap(fresh, () => body)

    // ---------------------------------------------------------------------------------------------------------
    // Lookups

    const organizationOf = (organizationId: string) => {
      const state = models.organizations.get(organizationId)
      return state === undefined || state.registration === null
        ? fail("NotFound", "ORGANIZATION_NOT_FOUND", "L'organisation est introuvable.", { organizationId })
        : Effect.succeed(state)
    }

    const campaignOf = (campaignId: string) => {
      const campaign = models.campaigns.get(campaignId)
      return campaign === undefined || campaign.deletedAt !== null
        ? fail("NotFound", "CAMPAIGN_NOT_FOUND", "La campagne est introuvable.", { campaignId })
        : Effect.succeed(campaign)
    }

    const check = (decision: Policy.Decision) => fromResult(decision)

    const withDivision = (organization: Organization.Organization) =>
      organization.type === "SCO" && organization.isManagingStudents

    const randomSource = (draws: Array<number>) => (bound: number) => {
      const next = draws.shift()
      return next === undefined ? 0 : next % bound
    }

    const drawMany = (count: number, bound: number) =>
      Effect.forEach(Array.from({ length: count }), () => randomness.int(bound))

    // ---------------------------------------------------------------------------------------------------------
    // Back office

    const requirePixAdmin = (actor: Actor.Actor) =>
      actor._tag === "User" && pixAdmins.has(actor.userId)
        ? Effect.succeed(actor.userId as string)
        : actor._tag === "Anonymous"
          ? unauthenticated()
          : fail("Forbidden", "PIX_ADMIN_REQUIRED", "Cette action est réservée à Pix Admin.")

    const registerOrganization: OrgaShape["registerOrganization"] = (actor, input) =>
      useCase(
        Effect.gen(function* () {
          const actorId = yield* requirePixAdmin(actor)
          const organizationId = input.organizationId ?? (yield* ids.next)
          const uai = input.uai === null ? null : yield* fromResult(Uai.parse(input.uai))
          const now = yield* clock.now
          const streamId = Organization.streamName(organizationId as never)
          const events = yield* fromResult(
            OrganizationDecider.decide(
              {
                _tag: "RegisterOrganization",
                organizationId: organizationId as never,
                name: input.name,
                type: input.type,
                uai,
                isManagingStudents: input.isManagingStudents,
                identityProviderForCampaigns: input.identityProviderForCampaigns ?? null,
                contactEmail: (input.contactEmail ?? null) as never,
                actorId: actorId as never,
                now: now as never
              },
              models.organizations.get(organizationId) ?? Organization.initial
            )
          )
          yield* commit([write(streamId, events)], { actorId, useCase: "registerOrganization", organizationId }, now)
          return { organizationId }
        })
      )

    const freshInvitationCode = Effect.gen(function* () {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
      let code = ""
      for (let i = 0; i < 10; i++) code += alphabet[yield* randomness.int(alphabet.length)]
      return code
    })

    const inviteFirstAdmin: OrgaShape["inviteFirstAdmin"] = (actor, input) =>
      useCase(
        Effect.gen(function* () {
          const actorId = yield* requirePixAdmin(actor)
          const organization = yield* organizationOf(input.organizationId)
          if (organization.members.size > 0)
            return yield* fail(
              "Conflict",
              "ORGANIZATION_ALREADY_HAS_MEMBERS",
              "Cette organisation a déjà des membres : invitez depuis l'équipe.",
              { organizationId: input.organizationId }
            )
          const email = input.email.trim().toLowerCase()
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
            return yield* fail("InvalidInput", "INVALID_EMAIL", "Le format de l'adresse e-mail est incorrect.")
          const pending = Organization.pendingInvitationOf(organization, email as never)
          if (pending !== undefined) return { invitationId: pending.invitationId, email, code: pending.code }
          const invitationId = yield* ids.next
          const code = yield* freshInvitationCode
          const now = yield* clock.now
          yield* commit(
            [
              write(Organization.streamName(input.organizationId as never), [
                {
                  _tag: "MemberInvited",
                  organizationId: input.organizationId,
                  invitationId,
                  email,
                  role: "ADMIN",
                  code,
                  actorId: null,
                  occurredAt: now
                } as Streams.DomainEvent
              ])
            ],
            { actorId, useCase: "inviteFirstAdmin", organizationId: input.organizationId },
            now
          )
          return { invitationId, email, code }
        })
      )

    // ---------------------------------------------------------------------------------------------------------
    // Accounts

    const registerUser: OrgaShape["registerUser"] = (input) =>
      useCase(
        Effect.gen(function* () {
          const userId = input.userId ?? (yield* ids.next)
          const now = yield* clock.now
          const email = input.email?.trim().toLowerCase() ?? null
          const username = input.username?.trim().toLowerCase() ?? null
          const events = yield* fromResult(
            Account.register(models.accounts.get(userId) ?? null, {
              userId,
              firstName: input.firstName.trim(),
              lastName: input.lastName.trim(),
              email,
              username,
              samlId: input.samlId ?? null,
              occurredAt: now
            })
          )
          const writes: Array<Streams.Write> = [write(Account.streamName(userId), events)]
          for (const login of [email, username]) {
            if (login === null) continue
            if (models.logins.has(login))
              return yield* fail(
                "Conflict",
                "LOGIN_ALREADY_USED",
                "Cette adresse e-mail ou cet identifiant est déjà utilisé."
              )
            writes.push(
              write(Account.loginStreamName(login), [
                { _tag: "UserLoginReserved", login, userId, occurredAt: now } as Account.UserLoginReserved
              ])
            )
          }
          yield* commit(writes, { actorId: userId, useCase: "registerUser", organizationId: null }, now)
          return { userId }
        })
      )

    const acceptPixOrgaTerms: OrgaShape["acceptPixOrgaTerms"] = (actor) =>
      useCase(
        Effect.gen(function* () {
          const userId = yield* userOf(actor)
          const now = yield* clock.now
          const events = yield* fromResult(
            Account.acceptTerms(models.accounts.get(userId) ?? null, userId, userId, now)
          )
          yield* commit(
            [write(Account.streamName(userId), events)],
            { actorId: userId, useCase: "acceptPixOrgaTerms", organizationId: null },
            now
          )
        })
      )

    const organizationView = (organizationId: string, state: Organization.Organization): Views.OrganizationView => ({
      organizationId,
      name: state.registration?.name ?? "",
      type: state.type,
      uai: state.registration?.uai ?? null,
      isManagingStudents: state.isManagingStudents,
      archivedAt: state.archivedAt,
      membersCount: state.members.size
    })

    const logIntoOrga: OrgaShape["logIntoOrga"] = (actor) =>
      query(
        Effect.gen(function* () {
          const userId = yield* userOf(actor)
          const mine: Array<Views.OrganizationView> = []
          for (const [organizationId, state] of models.organizations)
            if (state.members.has(userId as never)) mine.push(organizationView(organizationId, state))
          yield* check(Policy.canLogIn(actor, mine.length))
          return mine
        })
      )

    // ---------------------------------------------------------------------------------------------------------
    // Team

    const teamCommand = (
      useCaseName: string,
      organizationId: string,
      build: (now: string) => Effect.Effect<Parameters<typeof OrganizationDecider.decide>[0], OrgaError>
    ) =>
      useCase(
        Effect.gen(function* () {
          const state = yield* organizationOf(organizationId)
          const now = yield* clock.now
          const command = yield* build(now)
          const events = yield* fromResult(OrganizationDecider.decide(command, state))
          const actorId =
            "actorId" in command
              ? (command.actorId as string | null)
              : "userId" in command
                ? (command.userId as string)
                : null
          yield* commit(
            [write(Organization.streamName(organizationId as never), events)],
            { actorId, useCase: useCaseName, organizationId },
            now
          )
          return events
        })
      )

    const inviteMembers: OrgaShape["inviteMembers"] = (actor, input) =>
      Effect.gen(function* () {
        const actorId = yield* userOf(actor)
        const fresh = yield* Effect.forEach(input.emails, () =>
          Effect.all({ invitationId: ids.next, code: freshInvitationCode })
        )
        const events = yield* teamCommand("inviteMembers", input.organizationId, (now) =>
          Effect.succeed({
            _tag: "InviteMembers",
            organizationId: input.organizationId as never,
            actorId: actorId as never,
            emails: input.emails,
            role: input.role,
            freshInvitations: fresh as never,
            now: now as never
          })
        )
        const state = models.organizations.get(input.organizationId)!
        return events.flatMap((event): Array<Views.SentInvitation> => {
          if (event._tag !== "MemberInvited" && event._tag !== "InvitationResent") return []
          const invitation = state.invitations.get(event.invitationId)
          return invitation === undefined
            ? []
            : [{ invitationId: invitation.invitationId, email: invitation.email, code: invitation.code }]
        })
      })

    const resendInvitation: OrgaShape["resendInvitation"] = (actor, input) =>
      Effect.gen(function* () {
        const actorId = yield* userOf(actor)
        yield* teamCommand("resendInvitation", input.organizationId, (now) =>
          Effect.succeed({
            _tag: "ResendInvitation",
            organizationId: input.organizationId as never,
            actorId: actorId as never,
            invitationId: input.invitationId as never,
            now: now as never
          })
        )
      })

    const cancelInvitation: OrgaShape["cancelInvitation"] = (actor, input) =>
      Effect.gen(function* () {
        const actorId = yield* userOf(actor)
        yield* teamCommand("cancelInvitation", input.organizationId, (now) =>
          Effect.succeed({
            _tag: "CancelInvitation",
            organizationId: input.organizationId as never,
            actorId: actorId as never,
            invitationId: input.invitationId as never,
            now: now as never
          })
        )
      })

    const acceptInvitation: OrgaShape["acceptInvitation"] = (actor, input) =>
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        yield* teamCommand("acceptInvitation", input.organizationId, (now) =>
          Effect.gen(function* () {
            const account = models.accounts.get(userId)
            if (account === undefined)
              return yield* fail("NotFound", "USER_NOT_FOUND", "Utilisateur introuvable.", { userId })
            return {
              _tag: "AcceptInvitation" as const,
              organizationId: input.organizationId as never,
              invitationId: input.invitationId as never,
              code: input.code,
              userId: userId as never,
              email: account.email ?? "",
              now: now as never
            }
          })
        )
      })

    const changeMemberRole: OrgaShape["changeMemberRole"] = (actor, input) =>
      Effect.gen(function* () {
        const actorId = yield* userOf(actor)
        yield* teamCommand("changeMemberRole", input.organizationId, (now) =>
          Effect.succeed({
            _tag: "ChangeMemberRole",
            organizationId: input.organizationId as never,
            actorId: actorId as never,
            userId: input.userId as never,
            role: input.role,
            now: now as never
          })
        )
      })

    const removeMember: OrgaShape["removeMember"] = (actor, input) =>
      Effect.gen(function* () {
        const actorId = yield* userOf(actor)
        yield* teamCommand("removeMember", input.organizationId, (now) =>
          Effect.succeed({
            _tag: "RemoveMember",
            organizationId: input.organizationId as never,
            actorId: actorId as never,
            userId: input.userId as never,
            now: now as never
          })
        )
      })

    const leaveOrganization: OrgaShape["leaveOrganization"] = (actor, input) =>
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        yield* teamCommand("leaveOrganization", input.organizationId, (now) =>
          Effect.succeed({
            _tag: "LeaveOrganization",
            organizationId: input.organizationId as never,
            userId: userId as never,
            now: now as never
          })
        )
      })

    const setCollectionDeadline: OrgaShape["setCollectionDeadline"] = (actor, input) =>
      useCase(
        Effect.gen(function* () {
          const organization = yield* organizationOf(input.organizationId)
          yield* check(Policy.canManageInvitations(actor, organization))
          const actorId = yield* userOf(actor)
          if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || Number.isNaN(Date.parse(input.deadline)))
            return yield* fail("InvalidInput", "INVALID_DEADLINE", "La date limite est invalide.", {
              deadline: input.deadline
            })
          if (!/^\d{4}$/.test(input.schoolYear))
            return yield* fail("InvalidInput", "INVALID_SCHOOL_YEAR", "L'année scolaire est invalide.", {
              schoolYear: input.schoolYear
            })
          const now = yield* clock.now
          const event: ReadModels.CollectionDeadlineSet = {
            _tag: "CollectionDeadlineSet",
            organizationId: input.organizationId,
            schoolYear: input.schoolYear,
            deadline: input.deadline,
            actorId,
            occurredAt: now
          }
          yield* commit(
            [write(ReadModels.settingsStreamName(input.organizationId), [event])],
            { actorId, useCase: "setCollectionDeadline", organizationId: input.organizationId },
            now
          )
        })
      )

    // ---------------------------------------------------------------------------------------------------------
    // SIECLE import

    const schoolYearAt = (iso: string): string => {
      const date = new Date(iso)
      return String(date.getUTCMonth() >= 7 ? date.getUTCFullYear() : date.getUTCFullYear() - 1)
    }

    /** Reads the file and decides the import, without writing anything. */
    const planImport = (actor: Actor.Actor, input: { organizationId: string; fileName: string; bytes: Uint8Array }) =>
      Effect.gen(function* () {
        const organization = yield* organizationOf(input.organizationId)
        yield* check(Policy.canImportStudents(actor, organization))
        const actorId = yield* userOf(actor)
        const now = yield* clock.now
        const read = Siecle.read(input.bytes, { uai: organization.registration?.uai ?? "" })
        if (Result.isFailure(read)) return { _tag: "Refused" as const, actorId, now, failure: read.failure }
        const file = read.success
        const roster = ReadModels.rosterOf(models, input.organizationId)
        // Aligned with the file's students: a fresh id where the INE is new, the known learner's id (ignored)
        // elsewhere; accounts already linked to these INEs anywhere are carried over (§1.7).
        const newLearnerIds: Array<string> = []
        const knownAccounts: Array<ReadModels.Linked> = []
        for (const student of file.students) {
          const known = roster.byIne.get(student.nationalStudentId)
          newLearnerIds.push(known ?? (yield* ids.next))
          const linked = models.linkedByIne.get(student.nationalStudentId)
          if (linked !== undefined && linked.nationalStudentId !== null) knownAccounts.push(linked)
        }
        // The one mapping from read records to the domain's command (stricter field checks, Pix's codes).
        const command = ImportCommand.toImportCommand(file, {
          organizationId: input.organizationId as never,
          actorId: actorId as never,
          newLearnerIds: newLearnerIds as never,
          knownAccounts: knownAccounts as never,
          schoolYear: schoolYearAt(now) as never,
          fileName: input.fileName,
          now: now as never
        })
        if (Result.isFailure(command)) return { _tag: "Refused" as const, actorId, now, failure: command.failure }
        const records = command.success.records
        const schoolYear: string = command.success.schoolYear
        const events = yield* fromResult(RosterDecider.decide(command.success, roster as unknown as Roster.Roster))
        return { _tag: "Planned" as const, actorId, now, schoolYear, records, events, roster }
      })

    const summarize = (planned: {
      records: ReadonlyArray<StudentRecordSchema.StudentRecord>
      events: ReadonlyArray<Streams.DomainEvent>
      roster: ReadModels.RosterView
    }) => {
      const line = (record: { nationalStudentId: string; lastName: string; firstName: string; division: string }) => ({
        nationalStudentId: record.nationalStudentId,
        lastName: record.lastName,
        firstName: record.firstName,
        division: record.division
      })
      const added: Array<Views.PreviewLearner> = []
      const updated: Array<Views.PreviewLearner> = []
      const disabled: Array<Views.PreviewLearner> = []
      const reenabled: Array<Views.PreviewLearner> = []
      for (const event of planned.events as ReadonlyArray<Streams.DomainEvent & Record<string, never>>) {
        if (event._tag === "StudentImported") {
          const imported = event as unknown as StudentRecordSchema.StudentRecord & { learnerId: string }
          ;(planned.roster.learners.has(imported.learnerId) ? updated : added).push(line(imported))
        } else if (event._tag === "StudentDisabled" || event._tag === "StudentReenabled") {
          const learner = planned.roster.learners.get((event as unknown as { learnerId: string }).learnerId)
          if (learner !== undefined)
            (event._tag === "StudentDisabled" ? disabled : reenabled).push(line(learner.record))
        }
      }
      const changed = new Set([...added, ...updated].map((learner) => learner.nationalStudentId))
      return { added, updated, disabled, reenabled, unchanged: planned.records.length - changed.size }
    }

    const recordRefusal = (
      organizationId: string,
      fileName: string,
      planned: { actorId: string; now: string; failure: SiecleError.SiecleImportFailed }
    ) => {
      const event: ReadModels.SiecleImportRejected = {
        _tag: "SiecleImportRejected",
        organizationId,
        fileName,
        schoolYear: null,
        errors: planned.failure.errors.map((error) => ({ code: error.code, message: error.message, meta: error.meta })),
        actorId: planned.actorId,
        occurredAt: planned.now
      }
      return commit(
        [{ streamId: ReadModels.importsStreamName(organizationId), expectedVersion: undefined, events: [event] }],
        { actorId: planned.actorId, useCase: "importSiecleFile", organizationId },
        planned.now
      )
    }

    const previewSiecleImport: OrgaShape["previewSiecleImport"] = (actor, input) =>
      query(
        Effect.gen(function* () {
          const planned = yield* planImport(actor, input)
          if (planned._tag === "Refused") return yield* Effect.fail(planned.failure)
          return {
            fileName: input.fileName,
            schoolYear: planned.schoolYear,
            studentsInFile: planned.records.length,
            ...summarize(planned)
          }
        })
      )

    const importSiecleFile: OrgaShape["importSiecleFile"] = (actor, input) =>
      useCase(
        Effect.gen(function* () {
          const planned = yield* planImport(actor, input)
          if (planned._tag === "Refused") {
            yield* recordRefusal(input.organizationId, input.fileName, planned)
            return yield* Effect.fail(planned.failure)
          }
          const summary = summarize(planned)
          const appended = yield* commit(
            [write(Roster.streamName(input.organizationId as never), planned.events)],
            { actorId: planned.actorId, useCase: "importSiecleFile", organizationId: input.organizationId },
            planned.now
          )
          return {
            status: "IMPORTED" as const,
            fileName: input.fileName,
            schoolYear: planned.schoolYear,
            added: summary.added.length,
            updated: summary.updated.length,
            disabled: summary.disabled.length,
            reenabled: summary.reenabled.length,
            unchanged: summary.unchanged,
            eventsAppended: appended
          }
        })
      )

    // ---------------------------------------------------------------------------------------------------------
    // Campaigns

    const campaignActor = (actor: Actor.Actor, organization: Organization.Organization): Campaign.Actor => ({
      userId: (actor._tag === "User" ? actor.userId : "") as never,
      role: Policy.roleOf(actor, organization) ?? null
    })

    const createCampaign: OrgaShape["createCampaign"] = (actor, input) =>
      useCase(
        Effect.gen(function* () {
          const organization = yield* organizationOf(input.organizationId)
          yield* check(Policy.canCreateCampaign(actor, organization))
          const creatorId = yield* userOf(actor)
          const campaignId = input.campaignId ?? (yield* ids.next)
          const now = yield* clock.now
          const draws = yield* drawMany(9 * 20, 1 << 30)
          const code = yield* fromResult(
            CampaignCodeGenerator.generateAvailable(randomSource(draws), (candidate) =>
              models.campaignByCode.has(candidate)
            )
          )
          const ownerId = input.ownerId ?? creatorId
          const campaignEvents = yield* fromResult(
            Campaign.decide(
              {
                _tag: "CreateCampaign",
                campaignId,
                organizationId: input.organizationId,
                code,
                creatorId,
                ownerId,
                name: input.name,
                type: input.type,
                title: input.title ?? null,
                targetProfileId: input.targetProfileId ?? null,
                externalIdLabel: input.externalIdLabel ?? null,
                externalIdType: input.externalIdType ?? null,
                customLandingPageText: input.customLandingPageText ?? null,
                occurredAt: now,
                context: {
                  creatorIsMember: organization.members.has(creatorId as never),
                  ownerIsMember: organization.members.has(ownerId as never),
                  availableTargetProfileIds: [...targetProfiles.keys()],
                  multipleSendingAssessmentEnabled: false
                }
              } as never,
              models.campaigns.get(campaignId) ?? null
            )
          )
          const reservation = yield* fromResult(
            CampaignCodeReservation.decide(
              { _tag: "ReserveCampaignCode", code, campaignId: campaignId as never, occurredAt: now as never },
              { campaignId: (models.campaignByCode.get(code) ?? null) as never }
            )
          )
          yield* commit(
            [
              write(Campaign.streamName(campaignId), campaignEvents),
              write(CampaignCodeReservation.streamName(code), reservation)
            ],
            { actorId: creatorId, useCase: "createCampaign", organizationId: input.organizationId },
            now
          )
          return { campaignId, code }
        })
      )

    const manageCampaign = (
      useCaseName: string,
      actor: Actor.Actor,
      campaignId: string,
      build: (
        campaign: Campaign.Campaign,
        organization: Organization.Organization,
        now: string
      ) => Campaign.CampaignCommand
    ) =>
      useCase(
        Effect.gen(function* () {
          const campaign = yield* campaignOf(campaignId)
          const organization = yield* organizationOf(campaign.organizationId)
          yield* check(Policy.canManageCampaign(actor, organization, campaign.ownerId as never))
          const now = yield* clock.now
          const events = yield* fromResult(Campaign.decide(build(campaign, organization, now), campaign))
          yield* commit(
            [write(Campaign.streamName(campaignId), events)],
            {
              actorId: actor._tag === "User" ? actor.userId : null,
              useCase: useCaseName,
              organizationId: campaign.organizationId
            },
            now
          )
        })
      )

    const updateCampaign: OrgaShape["updateCampaign"] = (actor, input) =>
      manageCampaign("updateCampaign", actor, input.campaignId, (campaign, organization, now) => {
        const ownerId = input.ownerId ?? campaign.ownerId
        return {
          _tag: "UpdateCampaign",
          campaignId: input.campaignId,
          actor: campaignActor(actor, organization),
          name: input.name,
          title: input.title,
          customLandingPageText: input.customLandingPageText,
          ownerId: input.ownerId,
          occurredAt: now,
          context: {
            ownerIsMember: organization.members.has(ownerId as never),
            hasParticipations: (models.participationsByCampaign.get(input.campaignId)?.length ?? 0) > 0
          }
        } as never
      })

    const archiveCampaign: OrgaShape["archiveCampaign"] = (actor, input) =>
      manageCampaign(
        "archiveCampaign",
        actor,
        input.campaignId,
        (_campaign, organization, now) =>
          ({
            _tag: "ArchiveCampaign",
            campaignId: input.campaignId,
            actor: campaignActor(actor, organization),
            occurredAt: now
          }) as never
      )

    const unarchiveCampaign: OrgaShape["unarchiveCampaign"] = (actor, input) =>
      manageCampaign(
        "unarchiveCampaign",
        actor,
        input.campaignId,
        (_campaign, organization, now) =>
          ({
            _tag: "UnarchiveCampaign",
            campaignId: input.campaignId,
            actor: campaignActor(actor, organization),
            occurredAt: now
          }) as never
      )

    // ---------------------------------------------------------------------------------------------------------
    // Students: joining with reconciliation, outcomes, sharing

    const reconciliationLearners = (roster: ReadModels.RosterView): Array<Reconciliation.Learner> => {
      const learners: Array<Reconciliation.Learner> = []
      for (const learner of roster.learners.values())
        learners.push({
          learnerId: learner.learnerId,
          organizationId: learner.organizationId,
          firstName: learner.record.firstName,
          middleName: learner.record.middleName,
          thirdName: learner.record.thirdName,
          lastName: learner.record.lastName,
          preferredLastName: learner.record.preferredLastName,
          birthdate: learner.record.birthdate,
          nationalStudentId: learner.record.nationalStudentId,
          userId: learner.userId,
          isDisabled: learner.isDisabled
        })
      return learners
    }

    const reconcileRequest = (
      organizationId: string,
      userId: string | null,
      typed: TypedIdentity
    ): Reconciliation.ReconcileRequest => {
      const roster = ReadModels.rosterOf(models, organizationId)
      const learners = reconciliationLearners(roster)
      const reconciledByIne: Array<Reconciliation.LinkedLearner> = []
      const accountIds = new Set<string>()
      for (const learner of learners) {
        if (learner.userId !== null) accountIds.add(learner.userId)
        if (learner.nationalStudentId === null) continue
        const linked = models.linkedByIne.get(learner.nationalStudentId)
        if (linked !== undefined) {
          reconciledByIne.push(linked)
          accountIds.add(linked.userId)
        }
      }
      const userLearners = userId === null ? [] : [...(models.linksByUser.get(userId)?.values() ?? [])]
      const accounts: Array<Reconciliation.Account> = []
      for (const id of accountIds) {
        const account = models.accounts.get(id)
        if (account !== undefined)
          accounts.push({
            userId: id,
            authenticationMethods: { samlId: account.samlId, username: account.username, email: account.email }
          })
      }
      return { userId, organizationId, typed, learners, reconciledByIne, userLearners, accounts }
    }

    const joinCampaign: OrgaShape["joinCampaign"] = (actor, input) =>
      useCase(
        Effect.gen(function* () {
          const userId = yield* userOf(actor)
          if (!models.accounts.has(userId))
            return yield* fail("NotFound", "USER_NOT_FOUND", "Utilisateur introuvable.", { userId })
          const code = input.code.trim().toUpperCase()
          const campaignId = models.campaignByCode.get(code)
          if (campaignId === undefined)
            return yield* fail(
              "NotFound",
              "CAMPAIGN_CODE_NOT_FOUND",
              "Votre code est erroné, veuillez vérifier ou contacter la personne organisant le parcours.",
              { code }
            )
          const campaign = yield* campaignOf(campaignId)
          const organization = yield* organizationOf(campaign.organizationId)
          const roster = ReadModels.rosterOf(models, campaign.organizationId)
          const now = yield* clock.now
          const writes: Array<Streams.Write> = []
          // A school managing its students restricts its campaigns to its learners: the account is linked to
          // one first (reconciliation); elsewhere the participation belongs to the account alone.
          let learnerId: string | null = roster.byUser.get(userId) ?? null
          if (learnerId === null && organization.isManagingStudents) {
            const reconciled = yield* fromResult(
              Reconciliation.reconcile(reconcileRequest(campaign.organizationId, userId, input))
            )
            learnerId = reconciled.learnerId
            const linkEvents = yield* fromResult(
              RosterDecider.decide(
                {
                  _tag: "LinkStudentAccount",
                  organizationId: campaign.organizationId as never,
                  learnerId: learnerId as never,
                  userId: userId as never,
                  actorId: userId as never,
                  now: now as never
                },
                roster as unknown as Roster.Roster
              )
            )
            writes.push(write(Roster.streamName(campaign.organizationId as never), linkEvents))
          }
          const learner = learnerId === null ? undefined : roster.learners.get(learnerId)
          const profile = campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)
          const participationId = yield* ids.next
          const command: Participation.JoinCampaign = {
            _tag: "JoinCampaign",
            participationId: participationId as never,
            userId: userId as never,
            campaign: {
              campaignId: campaign.campaignId as never,
              organizationId: campaign.organizationId as never,
              type: campaign.type,
              isArchived: campaign.archivedAt !== null,
              isDeleted: campaign.deletedAt !== null,
              isRestricted: organization.isManagingStudents,
              multipleSendings: campaign.multipleSendings,
              externalIdLabel: campaign.externalIdLabel,
              targetSkillsCount: profile?.skills.length ?? 0,
              targetProfileResettable: profile?.areKnowledgeElementsResettable ?? false
            },
            learner:
              learner === undefined ? null : { learnerId: learner.learnerId as never, isDisabled: learner.isDisabled },
            participantExternalId: input.participantExternalId ?? null,
            occurredAt: now as never
          }
          const streamId = Participation.streamNameFor(command)
          const started = yield* fromResult(
            Participation.decide(command, models.participationStreams.get(streamId) ?? Participation.initialState)
          )
          writes.push(write(streamId, started))
          yield* commit(
            writes,
            { actorId: userId, useCase: "joinCampaign", organizationId: campaign.organizationId },
            now
          )
          return { participationId, learnerId: learnerId ?? "", campaignId }
        })
      )

    const participationOf = (participationId: string) => {
      const participation = models.participation(participationId)
      const streamId = models.streamOfParticipation(participationId)
      return participation === undefined || streamId === undefined
        ? fail("NotFound", "CAMPAIGN_PARTICIPATION_NOT_FOUND", "La participation demandée n'existe pas.", {
            participationId
          })
        : Effect.succeed({ participation, streamId })
    }

    const targetProfileOf = (campaign: Campaign.Campaign): TargetProfile.TargetProfile =>
      (campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)) ?? {
        id: "",
        name: "",
        skills: [],
        areKnowledgeElementsResettable: false
      }

    const participationUseCase = (
      useCaseName: string,
      actor: Actor.Actor,
      participationId: string,
      command: (campaign: Campaign.Campaign, userId: string, now: string) => Participation.ParticipationCommand
    ) =>
      useCase(
        Effect.gen(function* () {
          const userId = yield* userOf(actor)
          const { participation, streamId } = yield* participationOf(participationId)
          // Only the participant acts on his participation (the outcome comes from his own assessment).
          if (participation.userId !== userId)
            return yield* fail(
              "Forbidden",
              "USER_NOT_AUTHORIZED_TO_ACCESS_PARTICIPATION",
              "Vous ne pouvez agir que sur vos propres participations.",
              { participationId }
            )
          const campaign = yield* campaignOf(participation.campaignId)
          const now = yield* clock.now
          const events = yield* fromResult(
            Participation.decide(
              command(campaign, userId, now),
              models.participationStreams.get(streamId) ?? Participation.initialState
            )
          )
          yield* commit(
            [write(streamId, events)],
            { actorId: userId, useCase: useCaseName, organizationId: participation.organizationId },
            now
          )
        })
      )

    const recordAssessmentOutcome: OrgaShape["recordAssessmentOutcome"] = (actor, input) =>
      participationUseCase("recordAssessmentOutcome", actor, input.participationId, (campaign, _userId, now) => ({
        _tag: "RecordAssessmentOutcome",
        participationId: input.participationId as never,
        targetProfile: targetProfileOf(campaign),
        validatedSkillIds: input.validatedSkillIds,
        testedSkillIds: input.testedSkillIds,
        occurredAt: now as never
      }))

    const shareResults: OrgaShape["shareResults"] = (actor, input) =>
      participationUseCase("shareResults", actor, input.participationId, (campaign, userId, now) => ({
        _tag: "ShareParticipation",
        participationId: input.participationId as never,
        userId: userId as never,
        campaign: { isArchived: campaign.archivedAt !== null, isDeleted: campaign.deletedAt !== null },
        targetProfile: targetProfileOf(campaign),
        occurredAt: now as never
      }))

    const shareProfile: OrgaShape["shareProfile"] = (actor, input) =>
      participationUseCase("shareProfile", actor, input.participationId, (campaign, userId, now) => ({
        _tag: "ShareProfile",
        participationId: input.participationId as never,
        userId: userId as never,
        campaign: { isArchived: campaign.archivedAt !== null, isDeleted: campaign.deletedAt !== null },
        profile: Object.entries(input.pixByCompetence).map(([competenceId, pixScore]) => ({ competenceId, pixScore })),
        occurredAt: now as never
      }))

    // ---------------------------------------------------------------------------------------------------------
    // Queries

    const asMember = (actor: Actor.Actor, organizationId: string) =>
      Effect.gen(function* () {
        const organization = yield* organizationOf(organizationId)
        yield* check(Policy.canListMembers(actor, organization))
        return organization
      })

    const asAdmin = (actor: Actor.Actor, organizationId: string) =>
      Effect.gen(function* () {
        const organization = yield* organizationOf(organizationId)
        yield* check(Policy.canManageInvitations(actor, organization))
        return organization
      })

    const organizationQuery: OrgaShape["organization"] = (actor, organizationId) =>
      query(Effect.map(asMember(actor, organizationId), (state) => organizationView(organizationId, state)))

    const members: OrgaShape["members"] = (actor, organizationId) =>
      query(
        Effect.map(asMember(actor, organizationId), (state) =>
          [...state.members.values()].map((member) => {
            const account = models.accounts.get(member.userId)
            return {
              userId: member.userId,
              firstName: account?.firstName ?? "",
              lastName: account?.lastName ?? "",
              email: account?.email ?? null,
              role: member.role,
              since: member.since
            }
          })
        )
      )

    const invitations: OrgaShape["invitations"] = (actor, organizationId) =>
      query(
        Effect.map(asAdmin(actor, organizationId), (state) =>
          [...state.invitations.values()]
            .filter((invitation) => invitation.status === "pending")
            .map((invitation) => ({
              invitationId: invitation.invitationId,
              email: invitation.email,
              role: invitation.role,
              status: invitation.status,
              createdAt: invitation.createdAt,
              lastSentAt: invitation.lastSentAt
            }))
        )
      )

    /** A participation Orga lists: not deleted, and the latest of its participant (not improved since). */
    const live = (participationId: string): ReadModels.ParticipationView | undefined => {
      const participation = models.participation(participationId)
      return participation === undefined || participation.deletedAt !== null || participation.isImproved
        ? undefined
        : participation
    }

    /** The latest shared profile of each learner of an organization (any profiles collection). */
    const latestProfiles = (organizationId: string) => {
      const latest = new Map<string, ReadModels.ParticipationView>()
      for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? []) {
        const campaign = models.campaigns.get(campaignId)
        if (campaign === undefined || campaign.type !== "PROFILES_COLLECTION" || campaign.deletedAt !== null) continue
        for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
          const participation = live(participationId)
          if (participation === undefined || participation.sharedAt === null || participation.learnerId === null)
            continue
          const before = latest.get(participation.learnerId)
          if (before === undefined || (before.sharedAt ?? "") < participation.sharedAt)
            latest.set(participation.learnerId, participation)
        }
      }
      return latest
    }

    const participationCounts = (organizationId: string) => {
      const counts = new Map<string, number>()
      for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? [])
        for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
          const participation = models.participation(participationId)
          if (participation !== undefined && participation.learnerId !== null && participation.deletedAt === null)
            counts.set(participation.learnerId, (counts.get(participation.learnerId) ?? 0) + 1)
        }
      return counts
    }

    const learners: OrgaShape["learners"] = (actor, organizationId, filter) =>
      query(
        Effect.gen(function* () {
          yield* asMember(actor, organizationId)
          const roster = ReadModels.rosterOf(models, organizationId)
          const divisions =
            filter?.divisions !== undefined && filter.divisions.length > 0 ? new Set(filter.divisions) : null
          const search = filter?.search === undefined ? null : NameMatching.normalize(filter.search)
          const profiles = latestProfiles(organizationId)
          const counts = participationCounts(organizationId)
          const rows: Array<Views.LearnerView> = []
          for (const learner of roster.learners.values()) {
            if (learner.isDisabled && filter?.includeDisabled !== true) continue
            if (divisions !== null && !divisions.has(learner.record.division)) continue
            if (
              search !== null &&
              !NameMatching.normalize(`${learner.record.firstName}${learner.record.lastName}`).includes(search) &&
              !NameMatching.normalize(`${learner.record.lastName}${learner.record.firstName}`).includes(search)
            )
              continue
            const profile = profiles.get(learner.learnerId)
            rows.push({
              learnerId: learner.learnerId,
              lastName: learner.record.lastName,
              firstName: learner.record.firstName,
              birthdate: learner.record.birthdate,
              division: learner.record.division,
              nationalStudentId: learner.record.nationalStudentId,
              isDisabled: learner.isDisabled,
              isLinkedToAccount: learner.userId !== null,
              participationCount: counts.get(learner.learnerId) ?? 0,
              certificability:
                profile === undefined ? "Non communiqué" : profile.isCertifiable ? "Certifiable" : "Non Certifiable"
            })
          }
          return rows.sort(
            (a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr")
          )
        })
      )

    const activeDivisions = (organizationId: string): Array<string> => {
      const set = new Set<string>()
      for (const learner of ReadModels.rosterOf(models, organizationId).learners.values())
        if (!learner.isDisabled) set.add(learner.record.division)
      return [...set].sort((a, b) => a.localeCompare(b, "fr"))
    }

    const divisions: OrgaShape["divisions"] = (actor, organizationId) =>
      query(Effect.map(asMember(actor, organizationId), () => activeDivisions(organizationId)))

    const importHistory: OrgaShape["importHistory"] = (actor, organizationId) =>
      query(
        Effect.map(asMember(actor, organizationId), () =>
          (models.imports.get(organizationId) ?? []).map((entry) => ({
            fileName: entry.fileName,
            schoolYear: entry.schoolYear,
            status: entry.status,
            importedBy: entry.actorId,
            occurredAt: entry.occurredAt,
            counts: entry.counts,
            errors: entry.errors
          }))
        )
      )

    const campaignSummary = (campaign: Campaign.Campaign): Views.CampaignSummary => {
      let shared = 0
      let count = 0
      for (const id of models.participationsByCampaign.get(campaign.campaignId) ?? []) {
        const participation = live(id)
        if (participation === undefined) continue
        count++
        if (participation.sharedAt !== null) shared++
      }
      return {
        campaignId: campaign.campaignId,
        organizationId: campaign.organizationId,
        code: campaign.code,
        name: campaign.name,
        type: campaign.type,
        ownerId: campaign.ownerId,
        targetProfileId: campaign.targetProfileId,
        createdAt: campaign.createdAt,
        archivedAt: campaign.archivedAt,
        participationsCount: count,
        sharedParticipationsCount: shared
      }
    }

    const campaigns: OrgaShape["campaigns"] = (actor, organizationId) =>
      query(
        Effect.map(asMember(actor, organizationId), () =>
          (models.campaignsByOrganization.get(organizationId) ?? []).flatMap((campaignId) => {
            const campaign = models.campaigns.get(campaignId)
            return campaign === undefined || campaign.deletedAt !== null ? [] : [campaignSummary(campaign)]
          })
        )
      )

    const campaignForResults = (actor: Actor.Actor, campaignId: string) =>
      Effect.gen(function* () {
        const campaign = yield* campaignOf(campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        yield* check(Policy.canSeeResults(actor, organization))
        return { campaign, organization }
      })

    const participantsOf = (campaign: Campaign.Campaign, divisions: ReadonlyArray<string> | undefined) => {
      const wanted = divisions !== undefined && divisions.length > 0 ? new Set(divisions) : null
      const roster = ReadModels.rosterOf(models, campaign.organizationId)
      const rows: Array<{ participation: ReadModels.ParticipationView; learner: ReadModels.LearnerView | undefined }> =
        []
      for (const participationId of models.participationsByCampaign.get(campaign.campaignId) ?? []) {
        const participation = live(participationId)
        if (participation === undefined) continue
        const learner = participation.learnerId === null ? undefined : roster.learners.get(participation.learnerId)
        if (wanted !== null && (learner === undefined || !wanted.has(learner.record.division))) continue
        rows.push({ participation, learner })
      }
      return rows
    }

    const resultOf = (participation: ReadModels.ParticipationView): number | null =>
      participation.sharedAt === null
        ? null
        : participation.campaignType === "ASSESSMENT"
          ? participation.masteryRate
          : (participation.pixScore ?? 0) / Competences.maxPixTotal()

    const campaignResults: OrgaShape["campaignResults"] = (actor, campaignId, filter) =>
      query(
        Effect.gen(function* () {
          const { campaign } = yield* campaignForResults(actor, campaignId)
          const rows = participantsOf(campaign, filter?.divisions)
          let shared = 0
          let total = 0
          const participants = rows.map(({ participation, learner }): Views.ParticipantResult => {
            const result = resultOf(participation)
            if (result !== null) {
              shared++
              total += result
            }
            return {
              participationId: participation.participationId,
              learnerId: participation.learnerId ?? "",
              lastName: learner?.record.lastName ?? "",
              firstName: learner?.record.firstName ?? "",
              division: learner?.record.division ?? null,
              participantExternalId: participation.participantExternalId,
              statusLabel: statusLabel(participation.campaignType, participation.status),
              status: participation.status,
              createdAt: participation.createdAt,
              sharedAt: participation.sharedAt,
              masteryRate: participation.campaignType === "ASSESSMENT" ? participation.masteryRate : null,
              pixScore: participation.pixScore,
              isCertifiable: participation.isCertifiable
            }
          })
          return {
            campaign: campaignSummary(campaign),
            participationsCount: participants.length,
            sharedParticipationsCount: shared,
            averageResult: shared === 0 ? null : total / shared,
            participants
          }
        })
      )

    const resultsByDivision: OrgaShape["resultsByDivision"] = (actor, campaignId) =>
      query(
        Effect.gen(function* () {
          const { campaign } = yield* campaignForResults(actor, campaignId)
          const byDivision = new Map<
            string,
            { learners: number; participants: number; shared: number; total: number }
          >()
          for (const learner of ReadModels.rosterOf(models, campaign.organizationId).learners.values()) {
            if (learner.isDisabled) continue
            const entry = byDivision.get(learner.record.division) ?? {
              learners: 0,
              participants: 0,
              shared: 0,
              total: 0
            }
            entry.learners++
            byDivision.set(learner.record.division, entry)
          }
          for (const { participation, learner } of participantsOf(campaign, undefined)) {
            const division = learner?.record.division ?? ""
            const entry = byDivision.get(division) ?? { learners: 0, participants: 0, shared: 0, total: 0 }
            entry.participants++
            const result = resultOf(participation)
            if (result !== null) {
              entry.shared++
              entry.total += result
            }
            byDivision.set(division, entry)
          }
          return [...byDivision.entries()]
            .sort(([a], [b]) => a.localeCompare(b, "fr"))
            .map(([division, entry]) => ({
              division,
              learners: entry.learners,
              participants: entry.participants,
              shared: entry.shared,
              averageResult: entry.shared === 0 ? null : entry.total / entry.shared
            }))
        })
      )

    const certificability: OrgaShape["certificability"] = (actor, organizationId) =>
      query(
        Effect.gen(function* () {
          yield* asMember(actor, organizationId)
          const now = yield* clock.now
          const roster = ReadModels.rosterOf(models, organizationId)
          const schoolYear = roster.lastImport?.schoolYear ?? schoolYearAt(now)
          const set = models.deadlines.get(organizationId)
          const divisionNames = activeDivisions(organizationId)
          const lycee =
            divisionNames.length > 0 && divisionNames.filter(isLyceeDivision).length * 2 >= divisionNames.length
          // Lycées collect around 10 December, collèges around 7 April (settings of the school year).
          const deadline =
            set !== undefined && set.schoolYear === schoolYear
              ? set.deadline
              : lycee
                ? `${schoolYear}-12-10`
                : `${Number(schoolYear) + 1}-04-07`
          const daysLeft = Math.ceil((Date.parse(`${deadline}T23:59:59.999Z`) - Date.parse(now)) / 86_400_000)
          const profiles = latestProfiles(organizationId)
          const byDivision = new Map<
            string,
            { learners: number; certifiable: Array<string>; notCertifiable: Array<string>; notSharedYet: Array<string> }
          >()
          const sorted = [...roster.learners.values()]
            .filter((learner) => !learner.isDisabled)
            .sort(
              (a, b) =>
                a.record.lastName.localeCompare(b.record.lastName, "fr") ||
                a.record.firstName.localeCompare(b.record.firstName, "fr")
            )
          for (const learner of sorted) {
            const entry = byDivision.get(learner.record.division) ?? {
              learners: 0,
              certifiable: [],
              notCertifiable: [],
              notSharedYet: []
            }
            entry.learners++
            const name = `${learner.record.lastName} ${learner.record.firstName}`
            const profile = profiles.get(learner.learnerId)
            if (profile === undefined) entry.notSharedYet.push(name)
            else (profile.isCertifiable ? entry.certifiable : entry.notCertifiable).push(name)
            byDivision.set(learner.record.division, entry)
          }
          return {
            organizationId,
            schoolYear,
            deadline,
            daysLeft,
            divisions: [...byDivision.entries()]
              .sort(([a], [b]) => a.localeCompare(b, "fr"))
              .map(([division, entry]) => ({ division, ...entry }))
          }
        })
      )

    const whyRefused: OrgaShape["whyRefused"] = (actor, organizationId, typed) =>
      query(
        Effect.gen(function* () {
          yield* asMember(actor, organizationId)
          const request = reconcileRequest(organizationId, null, typed)
          const verdict = Reconciliation.reconcile(request)
          const typedFirst = NameMatching.normalize(typed.firstName)
          const typedLast = NameMatching.normalize(typed.lastName)
          const distanceTo = (typedName: string, names: ReadonlyArray<string | null | undefined>) => {
            let best = Number.POSITIVE_INFINITY
            for (const name of names)
              if (name !== null && name !== undefined && name.trim() !== "")
                best = Math.min(best, Levenshtein.ratio(typedName, NameMatching.normalize(name)))
            return best
          }
          const roster = ReadModels.rosterOf(models, organizationId)
          const scored = [...roster.learners.values()].map((learner) => {
            const first = distanceTo(typedFirst, [
              learner.record.firstName,
              learner.record.middleName,
              learner.record.thirdName
            ])
            const last = distanceTo(typedLast, [learner.record.lastName, learner.record.preferredLastName])
            const sameBirthdate = learner.record.birthdate === typed.birthdate
            return { learner, first, last, sameBirthdate, score: first + last + (sameBirthdate ? 0 : 0.5) }
          })
          scored.sort((a, b) => a.score - b.score)
          const candidates = scored
            .slice(0, 5)
            .map(({ learner, first, last, sameBirthdate }): Views.RefusalCandidate => {
              const reasons: Array<{ code: string; message: string }> = []
              if (!sameBirthdate)
                reasons.push({
                  code: "BIRTHDATE_DIFFERS",
                  message: `La date de naissance saisie (${typed.birthdate}) diffère de celle de la base élèves (${learner.record.birthdate}).`
                })
              const limit = NameMatching.maxDistanceRate
              if (first > limit || last > limit)
                reasons.push({
                  code: "NAME_TOO_DIFFERENT",
                  message: `Le nom ou le prénom saisi est trop éloigné (écart prénom ${Math.round(Math.min(first, 9) * 100)} %, nom ${Math.round(Math.min(last, 9) * 100)} % ; au plus ${limit * 100} % accepté).`
                })
              if (learner.isDisabled)
                reasons.push({
                  code: "LEARNER_DISABLED",
                  message: "L'élève ne figure plus dans le dernier import SIECLE (élève désactivé)."
                })
              if (learner.userId !== null) {
                const account = models.accounts.get(learner.userId)
                const login = account === undefined ? null : Account.maskLogin(account)
                reasons.push({
                  code: "ALREADY_LINKED",
                  message:
                    login === null
                      ? "L'élève est déjà associé à un compte (connexion par le Médiacentre ou compte inconnu)."
                      : `L'élève est déjà associé au compte ${login} : qu'il se connecte avec ce compte.`
                })
              }
              return {
                learnerId: learner.learnerId,
                lastName: learner.record.lastName,
                firstName: learner.record.firstName,
                division: learner.record.division,
                reasons
              }
            })
          return {
            verdict: Result.isSuccess(verdict)
              ? null
              : { code: verdict.failure.code, message: verdict.failure.message },
            candidates
          }
        })
      )

    const auditTrail: OrgaShape["auditTrail"] = (actor, organizationId, options) =>
      query(
        Effect.gen(function* () {
          yield* asAdmin(actor, organizationId)
          const limit = options?.limit ?? 1000
          const entries: Array<Views.AuditEntry> = []
          let after = 0n
          while (true) {
            const events = yield* store.readAll({ after, maxCount: 5000 })
            if (events.length === 0) break
            for (const event of events) {
              if (event.metadata.organizationId !== organizationId) continue
              entries.push({
                position: String(event.globalPosition),
                occurredAt: String(event.metadata.occurredAt ?? event.recordedAt.toISOString()),
                actorId: (event.metadata.actorId as string | null | undefined) ?? null,
                useCase: String(event.metadata.useCase ?? ""),
                event: event.type,
                streamId: event.streamId
              })
            }
            after = events[events.length - 1]!.globalPosition
          }
          return entries.slice(-limit).reverse()
        })
      )

    const exportFor = (actor: Actor.Actor, campaignId: string, divisions: ReadonlyArray<string> | undefined) =>
      Effect.gen(function* () {
        const { campaign, organization } = yield* campaignForResults(actor, campaignId)
        const now = yield* clock.now
        const header: CampaignExport.CampaignHeader = {
          organizationName: organization.registration?.name ?? "",
          campaignId: campaign.campaignId,
          code: campaign.code,
          name: campaign.name,
          externalIdLabel: campaign.externalIdLabel,
          withDivision: withDivision(organization)
        }
        const rows = participantsOf(campaign, divisions)
        const base = (participation: ReadModels.ParticipationView, learner: ReadModels.LearnerView | undefined) => ({
          lastName: learner?.record.lastName ?? "",
          firstName: learner?.record.firstName ?? "",
          division: learner?.record.division ?? null,
          externalId: participation.participantExternalId,
          sharedAt: participation.sharedAt
        })
        let lines: Iterable<string>
        if (campaign.type === "ASSESSMENT") {
          const profile = campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)
          const skills = profile?.skills ?? []
          const target = TargetProfile.mastery(
            { id: "", name: "", skills, areKnowledgeElementsResettable: false },
            []
          ).competences.map((c) => ({ competenceId: c.id, targetSkillsCount: c.targetSkillsCount }))
          const competenceOfSkill = new Map(skills.map((skill) => [skill.id, skill.competenceId]))
          const total = skills.length
          lines = CampaignExport.assessmentLines(
            header,
            profile?.name ?? "",
            target,
            (function* () {
              for (const { participation, learner } of rows) {
                const validatedByCompetence: Record<string, number> = {}
                for (const skillId of participation.validatedSkillIds) {
                  const competenceId = competenceOfSkill.get(skillId)
                  if (competenceId !== undefined)
                    validatedByCompetence[competenceId] = (validatedByCompetence[competenceId] ?? 0) + 1
                }
                yield {
                  ...base(participation, learner),
                  createdAt: participation.createdAt,
                  progress:
                    participation.status !== "STARTED"
                      ? 1
                      : total === 0
                        ? 0
                        : participation.testedSkillIds.length / total,
                  validatedByCompetence
                }
              }
            })()
          )
        } else {
          lines = CampaignExport.profilesLines(
            header,
            (function* () {
              for (const { participation, learner } of rows)
                yield { ...base(participation, learner), pixByCompetence: participation.pixByCompetence ?? {} }
            })()
          )
        }
        return { fileName: CampaignExport.fileName({ name: campaign.name, campaignId }, now), lines }
      })

    const exportResults: OrgaShape["exportResults"] = (actor, campaignId, options) =>
      query(exportFor(actor, campaignId, options?.divisions))

    const exportResultsStream: OrgaShape["exportResultsStream"] = (actor, campaignId, options) =>
      Stream.unwrap(Effect.map(exportResults(actor, campaignId, options), (csv) => Stream.fromIterable(csv.lines)))

    return {
      registerOrganization,
      inviteFirstAdmin,
      registerUser,
      acceptPixOrgaTerms,
      logIntoOrga,
      inviteMembers,
      resendInvitation,
      cancelInvitation,
      acceptInvitation,
      changeMemberRole,
      removeMember,
      leaveOrganization,
      setCollectionDeadline,
      previewSiecleImport,
      importSiecleFile,
      createCampaign,
      updateCampaign,
      archiveCampaign,
      unarchiveCampaign,
      joinCampaign,
      recordAssessmentOutcome,
      shareResults,
      shareProfile,
      organization: organizationQuery,
      members,
      invitations,
      learners,
      divisions,
      importHistory,
      campaigns,
      campaignResults,
      resultsByDivision,
      certificability,
      whyRefused,
      auditTrail,
      exportResults,
      exportResultsStream,
      rebuild: catchup.rebuild
    } satisfies OrgaShape
  })
