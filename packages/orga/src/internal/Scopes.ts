/**
 * Which partitions each call of the front door needs when the instance serves from the read-model tables (issue
 * 17): one table, from a method's arguments to the loads to run before its body (the school, with what it needs;
 * the acting user's `user:` and `links:`; logins, codes, profiles). Keys only a body knows (the INEs of a file read)
 * are loaded there (`Plumbing.ensure`); streams a decision writes under a fresh id are loaded after it (`Plumbing`'s
 * guard). Calls that cross schools name theirs from the router, which the follower's copy keeps as the tail comes
 * (the schools a user is a member of at login, the organizations of a UAI, the schools of a user's data or
 * erasure). Pix Admin's list of every organization goes over the schools a batch at a time (`eachSchool`); only
 * retention, which truly reads every school at once, loads every partition: correct, and costly at country scale
 * (every row is read and decoded).
 *
 * @since 0.3.0
 */
import type { EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import * as BackOfficeOrganizations from "./BackOfficeOrganizations.ts"
import type * as Follower from "./Follower.ts"
import * as PartitionRouter from "./PartitionRouter.ts"

type Load = Effect.Effect<void, EventStoreError.EventStoreError>

/**
 * The loads a call needs, from its arguments.
 *
 * @category models
 * @since 0.3.0
 */
export type Scope = (follower: Follower.Follower, args: ReadonlyArray<unknown>) => Load

// Ids come from outside: a value that is not a plausible id names nothing to load (the body refuses it).
const id = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 && value.length <= 200 ? value : undefined

const field = (value: unknown, name: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined

const all = (loads: ReadonlyArray<Load>): Load => Effect.asVoid(Effect.all(loads, { discard: true }))

/** The acting user's account and links. */
const actor = (follower: Follower.Follower, value: unknown): Load => {
  const userId = field(value, "_tag") === "User" ? id(field(value, "userId")) : undefined
  return userId === undefined
    ? Effect.void
    : follower.ensure([PartitionRouter.user(userId), PartitionRouter.links(userId)])
}

const school = (follower: Follower.Follower, value: unknown): Load => {
  const organizationId = id(value)
  return organizationId === undefined ? Effect.void : follower.ensureSchool(organizationId)
}

/** A campaign's school, when the router knows it (an unknown campaign is refused by the body). */
const campaign = (follower: Follower.Follower, value: unknown): Load =>
  Effect.suspend(() => {
    const campaignId = id(value)
    const organizationId = campaignId === undefined ? undefined : follower.cache.router.campaignOrg.get(campaignId)
    return organizationId === undefined ? Effect.void : follower.ensureSchool(organizationId)
  })

/** An account with its links. */
const account = (follower: Follower.Follower, value: unknown): Load => {
  const userId = id(value)
  return userId === undefined
    ? Effect.void
    : follower.ensure([PartitionRouter.user(userId), PartitionRouter.links(userId)])
}

const logins = (follower: Follower.Follower, values: ReadonlyArray<unknown>): Load =>
  follower.ensure(values.flatMap((value) => (typeof value === "string" ? [PartitionRouter.login(value)] : [])))

/** The schools a user took part in (his participations live there). */
const schoolsOfUser = (follower: Follower.Follower, value: unknown): Load =>
  Effect.suspend(() => {
    const userId = field(value, "_tag") === "User" ? id(field(value, "userId")) : id(value)
    // One id or several (`Ids`): spreading one id would name its characters.
    const schools = userId === undefined ? [] : PartitionRouter.idsOf(follower.cache.router.userOrgs.get(userId))
    return all(schools.map((organizationId) => follower.ensureSchool(organizationId)))
  })

// A router read from a table of version 1 (`PartitionRouter.Router.partial`): its memberships and UAIs are not the
// whole log's, so the calls that name schools from them read every school instead (until the instance restarts on
// the rebuilt table).
const partial = (follower: Follower.Follower): boolean => follower.cache.router.partial === true

/** The schools a user is a member of (a login lists them), from the router. */
const membershipsOfUser = (follower: Follower.Follower, value: unknown): Load =>
  Effect.suspend(() => {
    if (partial(follower)) return follower.ensureAll
    const userId = field(value, "_tag") === "User" ? id(field(value, "userId")) : id(value)
    const schools = userId === undefined ? [] : PartitionRouter.idsOf(follower.cache.router.userMemberships.get(userId))
    return all(schools.map((organizationId) => follower.ensureSchool(organizationId)))
  })

/**
 * The organizations registered with a UAI (written as the domain compares it: trimmed, upper case), from the
 * router: a lookup by UAI reads them only (none: the body answers that no school has it).
 */
const schoolsOfUai = (follower: Follower.Follower, value: unknown): Load =>
  Effect.suspend(() => {
    if (partial(follower)) return follower.ensureAll
    const uai = id(value)?.trim().toUpperCase()
    const schools = uai === undefined ? [] : PartitionRouter.idsOf(follower.cache.router.uaiOrgs.get(uai))
    return all(schools.map((organizationId) => follower.ensureSchool(organizationId)))
  })

/** Every login a user reserved (his data lists them, his erasure replaces them), from the router. */
const loginsOfUser = (follower: Follower.Follower, value: unknown): Load =>
  Effect.suspend(() => {
    const userId = id(value)
    const texts = userId === undefined ? [] : PartitionRouter.idsOf(follower.cache.router.userLogins.get(userId))
    return follower.ensure(texts.map(PartitionRouter.login))
  })

/**
 * What a user's data and erasure read: his account and links, his logins, the schools he took part in (his
 * participations) and those he is a member of.
 */
const wholeUser = (follower: Follower.Follower, actorValue: unknown, value: unknown): Load => {
  const userId = field(value, "userId")
  return all([
    actor(follower, actorValue),
    account(follower, userId),
    loginsOfUser(follower, userId),
    schoolsOfUser(follower, userId),
    membershipsOfUser(follower, userId)
  ])
}

/**
 * A participation: the acting user's schools; when it is not there (another user's, or an unknown id), every
 * school, so that the body answers as it would in memory mode.
 */
const participation = (follower: Follower.Follower, actorValue: unknown, value: unknown): Load =>
  Effect.gen(function* () {
    yield* schoolsOfUser(follower, actorValue)
    const participationId = id(value)
    if (participationId !== undefined && follower.models.streamOfParticipation(participationId) === undefined)
      yield* follower.ensureAll
  })

/** A campaign code, then the campaign's school. */
const code = (follower: Follower.Follower, value: unknown): Load =>
  Effect.gen(function* () {
    const text = id(value)
    if (text === undefined) return
    yield* follower.ensure([PartitionRouter.code(text)])
    yield* campaign(follower, follower.models.campaignByCode.get(text))
  })

/** What an input object names: its school, campaigns, participation, user, e-mails, target profile. */
const input = (follower: Follower.Follower, actorValue: unknown, value: unknown): Load => {
  const loads: Array<Load> = [school(follower, field(value, "organizationId"))]
  loads.push(campaign(follower, field(value, "campaignId")))
  const campaignIds = field(value, "campaignIds")
  if (Array.isArray(campaignIds)) for (const each of campaignIds) loads.push(campaign(follower, each))
  if (field(value, "participationId") !== undefined)
    loads.push(participation(follower, actorValue, field(value, "participationId")))
  loads.push(account(follower, field(value, "userId")), account(follower, field(value, "ownerId")))
  const emails = field(value, "emails")
  loads.push(logins(follower, [...(Array.isArray(emails) ? emails : []), field(value, "email")]))
  const targetProfileId = id(field(value, "targetProfileId"))
  if (targetProfileId !== undefined) loads.push(follower.ensure([PartitionRouter.profile(targetProfileId)]))
  return all(loads)
}

// The queries whose second argument is a campaign id (the others' is an organization id).
const byCampaign: ReadonlySet<string> = new Set([
  "campaignResults",
  "resultsByDivision",
  "exportResults",
  "exportResultsStream",
  "campaignAnalysis",
  "participantDetail",
  "campaignActivity",
  "resultsPage"
])

/**
 * The scope of a method the table does not name: the actor (first argument), then the second argument, an
 * organization's id (a campaign's for the campaign pages) or an input object.
 *
 * @category getters
 * @since 0.3.0
 */
export const generic =
  (name: string): Scope =>
  (follower, args) =>
    all([
      actor(follower, args[0]),
      typeof args[1] === "string"
        ? byCampaign.has(name)
          ? campaign(follower, args[1])
          : school(follower, args[1])
        : input(follower, args[0], args[1])
    ])

const everything: Scope = (follower, args) => Effect.andThen(actor(follower, args[0]), follower.ensureAll)

/**
 * The methods whose needs the generic rule does not tell.
 *
 * @category getters
 * @since 0.3.0
 */
export const table: Readonly<Partial<Record<keyof OrgaShape, Scope>>> = {
  registerUser: (follower, [value]) =>
    all([
      account(follower, field(value, "userId")),
      logins(follower, [field(value, "email"), field(value, "username")])
    ]),
  acceptPixOrgaTerms: (follower, [actorValue]) => actor(follower, actorValue),
  // The schools a user is a member of, named by the router (the body keeps those whose members hold him).
  logIntoOrga: (follower, [actorValue]) => all([actor(follower, actorValue), membershipsOfUser(follower, actorValue)]),
  account: (follower, [userId]) => account(follower, userId),
  accountByLogin: (follower, [login]) =>
    Effect.gen(function* () {
      if (typeof login !== "string") return
      yield* logins(follower, [login])
      yield* account(follower, follower.models.logins.get(login.trim().toLowerCase()))
    }),
  myParticipations: (follower, [actorValue]) =>
    Effect.andThen(actor(follower, actorValue), schoolsOfUser(follower, actorValue)),
  joinCampaign: (follower, [actorValue, value]) =>
    all([actor(follower, actorValue), schoolsOfUser(follower, actorValue), code(follower, field(value, "code"))]),
  // The school registered (a fresh id's stream is loaded after the decision), and the schools already registered
  // with its UAI (the router's), should the decision compare them.
  registerOrganization: (follower, [actorValue, value]) =>
    all([
      actor(follower, actorValue),
      school(follower, field(value, "organizationId")),
      schoolsOfUai(follower, field(value, "uai"))
    ]),
  // An invitation by UAI: the organizations registered with it (the body refuses none or several).
  sendScoInvitation: (follower, [actorValue, value]) =>
    all([actor(follower, actorValue), schoolsOfUai(follower, field(value, "uai"))]),
  // The catalogue's entry of the profile's id (a configured public profile needs no row).
  createTargetProfile: (follower, [actorValue, value]) => {
    const targetProfileId = id(field(field(value, "definition"), "id"))
    return all([
      actor(follower, actorValue),
      targetProfileId === undefined ? Effect.void : follower.ensure([PartitionRouter.profile(targetProfileId)])
    ])
  },
  // A user's data and erasure: his account, logins and the schools he is a member of or took part in.
  eraseUser: (follower, [actorValue, value]) => wholeUser(follower, actorValue, value),
  userData: (follower, [actorValue, value]) => wholeUser(follower, actorValue, value),
  // Retention looks for expired learners and inactive accounts in every school: it truly needs them all.
  applyRetention: everything
}

/**
 * A call that reads every school and answers the union of what each gives, and how its answers over some schools
 * make the whole answer.
 *
 * @category models
 * @since 0.3.0
 */
export interface EachSchool {
  /** The answer from the answers over each batch of schools (a school may be in several: each is kept once). */
  readonly merge: (answers: ReadonlyArray<unknown>) => unknown
}

/**
 * The calls that go over the schools a batch at a time: each batch is loaded, answered and released before the
 * next, so an instance holds a batch's schools, not every school (on the académie of `bench/scale`, 1.8 GB of
 * decoded rows for one call, read twice).
 *
 * @category getters
 * @since 0.3.0
 */
export const eachSchool: Readonly<Partial<Record<keyof OrgaShape, EachSchool>>> = {
  // Pix Admin's list of every organization: each school's organization, the list sorted again.
  organizationsForAdmin: {
    merge: (answers) =>
      BackOfficeOrganizations.mergeForAdmin(answers as ReadonlyArray<ReadonlyArray<Views.OrganizationForAdmin>>)
  }
}

/**
 * How many schools a batch of an `eachSchool` call loads: at most as many as the instance keeps, and at most 8 (a
 * school of 1,000 students decodes to about 9 MB).
 *
 * @category getters
 * @since 0.3.0
 */
export const schoolsPerBatch = (follower: Follower.Follower): number =>
  Math.max(1, Math.min(8, follower.cache.options.maxSchools))

// An `eachSchool` call: first over the schools already loaded only (an actor the body refuses is refused before any
// school is read), then batch after batch, each with its own lease.
const overSchools = (
  follower: Follower.Follower,
  each: EachSchool,
  method: (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown, never>,
  args: ReadonlyArray<unknown>
) =>
  Effect.gen(function* () {
    yield* follower.arrive
    const answers: Array<unknown> = [
      yield* follower.leased(Effect.andThen(actor(follower, args[0]), () => method(...args)))
    ]
    const organizationIds = yield* follower.schools
    const size = schoolsPerBatch(follower)
    for (let at = 0; at < organizationIds.length; at += size) {
      const batch = organizationIds.slice(at, at + size)
      answers.push(
        yield* follower.leased(
          Effect.andThen(all([actor(follower, args[0]), follower.ensureSchoolRows(batch)]), () => method(...args))
        )
      )
    }
    return each.merge(answers)
  })

// The service's methods returning a stream.
const streams: ReadonlySet<string> = new Set(["exportResultsStream"])

/**
 * The same service, each method loading what it needs first (after folding the log's tail, so that the router
 * names the schools of campaigns created elsewhere), with its own lease: what it loaded stays until it ends. In
 * memory mode (`follower` undefined), the service as it is.
 *
 * @category combinators
 * @since 0.3.0
 */
export const guard = (shape: OrgaShape, follower: Follower.Follower | undefined): OrgaShape => {
  if (follower === undefined) return shape
  const scoped: Record<string, unknown> = { ...shape }
  for (const [name, member] of Object.entries(shape)) {
    if (typeof member !== "function") continue
    const method = member as (...args: ReadonlyArray<unknown>) => unknown
    const each = eachSchool[name as keyof OrgaShape]
    if (each !== undefined) {
      scoped[name] = (...args: ReadonlyArray<unknown>) =>
        overSchools(follower, each, member as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown>, args)
      continue
    }
    const scope = table[name as keyof OrgaShape] ?? generic(name)
    const before = (args: ReadonlyArray<unknown>) => Effect.andThen(follower.arrive, scope(follower, args))
    scoped[name] = streams.has(name)
      ? (...args: ReadonlyArray<unknown>) =>
          // A stream's pulls run after the call's loads: its lease covers the loads only.
          Stream.unwrap(
            follower.leased(Effect.map(before(args), () => method(...args) as Stream.Stream<unknown, unknown, never>))
          )
      : (...args: ReadonlyArray<unknown>) =>
          follower.leased(Effect.andThen(before(args), () => method(...args) as Effect.Effect<unknown, unknown, never>))
  }
  return scoped as unknown as OrgaShape
}
