/**
 * Which partitions of the read models an event reaches (issue 17: read models kept where the log lives).
 *
 * The read models split into partitions: `org:<organizationId>` holds everything a school's pages and use cases read
 * about the school, and a few small global partitions hold what crosses schools (accounts, logins, campaign codes,
 * target profiles, the links of an account to learners of any school, the last link of each INE). A projection
 * leader folds each event into the partitions it reaches; the router is the small projection (ids only) it keeps to
 * tell them: the school of each campaign, the schools a user took part in and the logins he reserved (an erasure of
 * the user reaches all of them). It also keeps what the calls that cross schools need to name theirs rather than
 * read every school (`Scopes`): the schools each user is a member of (a login lists them) and the organizations of
 * each UAI (an invitation by UAI finds its school).
 *
 * @since 0.3.0
 */
import { CompactMap } from "./CompactMap.ts"
import type { StoredEvent } from "./Domain.ts"
import * as RouterBytes from "./RouterBytes.ts"

/**
 * A partition's key, `<kind>:<id>`.
 *
 * @category models
 * @since 0.3.0
 */
export type Key = string

/**
 * The partition of a school: its organization, roster, imports, settings, campaigns, participations and their
 * analysis, features, places, attached target profiles, erased learners, and the versions of its streams.
 *
 * @category constructors
 * @since 0.3.0
 */
export const org = (organizationId: string): Key => `org:${organizationId}`

/**
 * The partition of a user: his account and whether he was erased (the same text as `PersonalSubjects.user`).
 *
 * @category constructors
 * @since 0.3.0
 */
export const user = (userId: string): Key => `user:${userId}`

/**
 * The partition of a login (an e-mail or username), written as its reservation stream writes it (trimmed, lower
 * case): the user who reserved it.
 *
 * @category constructors
 * @since 0.3.0
 */
export const login = (text: string): Key => `login:${text.trim().toLowerCase()}`

/**
 * The partition of a campaign code: the campaign it was reserved for.
 *
 * @category constructors
 * @since 0.3.0
 */
export const code = (text: string): Key => `code:${text}`

/**
 * The partition of a catalogue target profile: its entry.
 *
 * @category constructors
 * @since 0.3.0
 */
export const profile = (targetProfileId: string): Key => `profile:${targetProfileId}`

/**
 * The partition of an INE: its most recent link to an account, in any school.
 *
 * @category constructors
 * @since 0.3.0
 */
export const ine = (nationalStudentId: string): Key => `ine:${nationalStudentId}`

/**
 * The partition of a user's links: every learner of any school his account is linked to.
 *
 * @category constructors
 * @since 0.3.0
 */
export const links = (userId: string): Key => `links:${userId}`

/**
 * A campaign whose school is not known yet (an event of a campaign before its creation): kept apart rather than
 * guessed; a valid log has none.
 *
 * @category constructors
 * @since 0.3.0
 */
export const orphanCampaign = (campaignId: string): Key => `campaign:${campaignId}`

/**
 * Whether a key names a partition folded together with the school whose roster event reaches it (`ine:` and
 * `links:`): their fold reads the learner's state in the school's roster, so they are only ever folded by
 * `PartitionFold` with that school's partition beside them.
 *
 * @category guards
 * @since 0.3.0
 */
export const isDerived = (key: Key): boolean => key.startsWith("ine:") || key.startsWith("links:")

/**
 * One id, or several in the order they came: most users took part in one school and reserved one login, and a
 * `Set` per user was most of a follower's memory on the académie (200,000 users: 100 MB of the router's 127 MB).
 * Never changed in place (`addId` makes a new array), so a router's copy shares them.
 *
 * @category models
 * @since 0.3.0
 */
export type Ids = string | ReadonlyArray<string>

/**
 * The ids of an `Ids` (none for undefined), to iterate.
 *
 * @category getters
 * @since 0.3.0
 */
export const idsOf = (ids: Ids | undefined): ReadonlyArray<string> =>
  ids === undefined ? [] : typeof ids === "string" ? [ids] : ids

const hasId = (ids: Ids, id: string): boolean => (typeof ids === "string" ? ids === id : ids.includes(id))

/**
 * The router's state: ids only, folded from the log by `observe`. Its three maps of one entry per user or login
 * stream are `CompactMap`s (their strings as bytes in typed arrays: a follower holds the whole log's), the others
 * `Map`s.
 *
 * @category models
 * @since 0.3.0
 */
export interface Router {
  /** The school of each campaign (from its creation, or a participation's start). */
  readonly campaignOrg: Map<string, string>
  /** The schools each user took part in (his participations live in their partitions). */
  readonly userOrgs: CompactMap<Ids>
  /** The logins each user reserved (as their keys write them). */
  readonly userLogins: CompactMap<Ids>
  /** The school of each erased learner (the erased subjects name the learner only). */
  readonly erasedLearnerOrg: Map<string, string>
  /**
   * The login of each reservation stream not named after it: where the store shreds personal data the stream is
   * named by a keyed hash of the login (docs/adr/0049-crypto-shredding.md), and its version lives with the login.
   */
  readonly loginStreams: CompactMap<string>
  /**
   * The schools each user is a member of (joined, not removed nor left since), to name the schools of a login, a
   * user's data and erasure without reading every school.
   */
  readonly userMemberships: Map<string, Ids>
  /** The organizations registered with each UAI (as registered: trimmed, upper case), for the lookups by UAI. */
  readonly uaiOrgs: Map<string, Ids>
  /**
   * Set on a router stored before the memberships and UAIs (a table of version 1, read while version 2 is built
   * beside it): those maps hold only what was folded since, so `Scopes` does not name schools from them. Kept in
   * its bytes, and by its copies.
   */
  readonly partial?: true
}

/**
 * An empty router.
 *
 * @category constructors
 * @since 0.3.0
 */
export const make = (): Router => ({
  campaignOrg: new Map(),
  userOrgs: new CompactMap(),
  userLogins: new CompactMap(),
  erasedLearnerOrg: new Map(),
  loginStreams: new CompactMap(),
  userMemberships: new Map(),
  uaiOrgs: new Map()
})

/**
 * A copy of a router, to route a batch ahead of folding it (`PartitionFold.plan`) without moving the leader's own:
 * the maps are copied (the compact ones' typed arrays), their `Ids` shared (never changed in place).
 *
 * @category constructors
 * @since 0.3.0
 */
export const copy = (router: Router): Router => ({
  campaignOrg: new Map(router.campaignOrg),
  userOrgs: router.userOrgs.clone(),
  userLogins: router.userLogins.clone(),
  erasedLearnerOrg: new Map(router.erasedLearnerOrg),
  loginStreams: router.loginStreams.clone(),
  userMemberships: new Map(router.userMemberships),
  uaiOrgs: new Map(router.uaiOrgs),
  ...(router.partial === true ? { partial: true as const } : {})
})

// What `addTo` and `removeFrom` use of a map, compact or not.
interface IdsMap {
  get(key: string): Ids | undefined
  set(key: string, ids: Ids): unknown
  delete(key: string): boolean
}

const addTo = (map: IdsMap, key: string, value: string) => {
  const ids = map.get(key)
  if (ids === undefined) map.set(key, value)
  else if (!hasId(ids, value)) map.set(key, typeof ids === "string" ? [ids, value] : [...ids, value])
}

// The ids without `value` (the key gone with the last one): a new value, the old one is shared by copies.
const removeFrom = (map: IdsMap, key: string, value: string) => {
  const ids = map.get(key)
  if (ids === undefined || !hasId(ids, value)) return
  if (typeof ids === "string") {
    map.delete(key)
    return
  }
  const rest = ids.filter((id) => id !== value)
  map.set(key, rest.length === 1 ? rest[0]! : rest)
}

/**
 * Folds one event into the router, in place (after routing it: an event is routed by the router as it stood
 * before the event).
 *
 * @category combinators
 * @since 0.3.0
 */
export const observe = (router: Router, streamId: string, event: StoredEvent.StoredEvent): void => {
  switch (event._tag) {
    case "CampaignCreated":
      router.campaignOrg.set(event.campaignId, event.organizationId)
      return
    case "ParticipationStarted":
      if (!router.campaignOrg.has(event.campaignId)) router.campaignOrg.set(event.campaignId, event.organizationId)
      addTo(router.userOrgs, event.userId, router.campaignOrg.get(event.campaignId)!)
      return
    case "UserLoginReserved": {
      const text = event.login.trim().toLowerCase()
      addTo(router.userLogins, event.userId, text)
      if (streamId !== `user-login-${text}`) router.loginStreams.set(streamId, text)
      return
    }
    case "UserErased": {
      // A hashed login stream's version leaves the login's partition for the hash's (`erasedLoginHomes`): neither the
      // router nor a partition key keeps the erased login.
      for (const [stream] of erasedLoginHomes(router, event.userId)) router.loginStreams.delete(stream)
      // The erasure replaces the user's logins by one erased login (`PersonalSubjects.erasedLogin`).
      if (router.userLogins.has(event.userId))
        router.userLogins.set(event.userId, `efface-${event.userId}`.toLowerCase())
      return
    }
    case "LearnerErased":
      router.erasedLearnerOrg.set(event.learnerId, event.organizationId)
      return
    // As the organization's fold keeps its members: a role change keeps the member, a removal or a leave ends it.
    case "MemberJoined":
      addTo(router.userMemberships, event.userId, event.organizationId)
      return
    case "MemberRemoved":
    case "MemberLeft":
      removeFrom(router.userMemberships, event.userId, event.organizationId)
      return
    case "OrganizationRegistered":
      if (event.uai !== null) addTo(router.uaiOrgs, event.uai, event.organizationId)
      return
    default:
      return
  }
}

// The login streams named by a hash (shredding stores) of the logins a user reserved, each with the partition its
// version moves to when the user is erased: the hash's (`login:<hash>`, as `homeOfStream` names it once the router
// forgot the login).
const erasedLoginHomes = (router: Router, userId: string): ReadonlyArray<readonly [string, Key]> => {
  const reserved = router.userLogins.get(userId)
  if (reserved === undefined) return []
  const homes: Array<readonly [string, Key]> = []
  // Found by the logins' indexes in the compact map: no string made for the other streams.
  for (const text of idsOf(reserved))
    for (const stream of router.loginStreams.keysWith(text))
      if (stream.startsWith("user-login-")) homes.push([stream, login(stream.slice("user-login-".length))])
  return homes
}

/**
 * The partition of a campaign: its school's, once known.
 *
 * @category getters
 * @since 0.3.0
 */
export const campaignKey = (router: Router, campaignId: string): Key => {
  const organizationId = router.campaignOrg.get(campaignId)
  return organizationId === undefined ? orphanCampaign(campaignId) : org(organizationId)
}

/**
 * The partitions an event reaches, its stream's own first (`homeOfStream`), as the router stands before it. Roster
 * events and learner erasures may also reach `ine:` and `links:` partitions, which depend on the learner's state in
 * the school's roster: `PartitionFold.linkKeys` adds them.
 *
 * @category getters
 * @since 0.3.0
 */
export const partitionsOf = (router: Router, streamId: string, event: StoredEvent.StoredEvent): ReadonlyArray<Key> => {
  switch (event._tag) {
    case "CampaignCreated":
      return [org(event.organizationId)]
    case "CampaignCodeReserved":
      return [code(event.code)]
    case "UserRegistered":
    case "PixOrgaTermsAccepted":
    case "UsernameAdded":
      return [user(event.userId)]
    case "UserLoginReserved": {
      // A stream named by a hash also reaches the hash's partition, where its version goes while its login is
      // erased (`erasedLoginHomes`): a login reserved again takes its version back from there.
      const text = event.login.trim().toLowerCase()
      return streamId.startsWith("user-login-") && streamId !== `user-login-${text}`
        ? [login(text), login(streamId.slice("user-login-".length))]
        : [login(text)]
    }
    case "TargetProfileCreated":
      return [profile(event.targetProfileId)]
    case "UserErased": {
      // The account, every login it reserved and the erased login that replaces them, every school it took part in
      // (its typed external ids are erased there).
      const keys = [user(event.userId)]
      const reserved = router.userLogins.get(event.userId)
      if (reserved !== undefined) {
        for (const text of idsOf(reserved)) keys.push(login(text))
        const erased = login(`efface-${event.userId}`)
        if (!keys.includes(erased)) keys.push(erased)
      }
      for (const organizationId of idsOf(router.userOrgs.get(event.userId))) keys.push(org(organizationId))
      for (const [, home] of erasedLoginHomes(router, event.userId)) if (!keys.includes(home)) keys.push(home)
      return keys
    }
    default:
      break
  }
  if ("organizationId" in event && typeof event.organizationId === "string") {
    // A participation's start names its school, but its partition is its campaign's (they agree in a valid log).
    if (event._tag === "ParticipationStarted")
      return [
        router.campaignOrg.has(event.campaignId) ? campaignKey(router, event.campaignId) : org(event.organizationId)
      ]
    return [org(event.organizationId)]
  }
  if ("campaignId" in event && typeof event.campaignId === "string") return [campaignKey(router, event.campaignId)]
  throw new Error(`No partition for the event ${event._tag}`)
}

// Streams named after a school, a user, a login, a code or a profile (docs/events.md lists the streams).
const streamPrefixes: ReadonlyArray<readonly [string, (rest: string) => Key]> = [
  ["organization-target-profiles-", org],
  ["organization-settings-", org],
  ["organization-features-", org],
  ["organization-", org],
  ["roster-", org],
  ["siecle-imports-", org],
  ["places-", org],
  ["campaign-code-", code],
  ["user-login-", login],
  ["user-", user],
  ["target-profile-", profile]
]

/**
 * The partition that keeps a stream's version: the partition every event of the stream reaches first. Participation
 * streams (`participation-<campaignId>-…`) are their campaign's school's, found from the participations they hold
 * (`campaignIdOfStream`) since campaign ids may hold dashes.
 *
 * @category getters
 * @since 0.3.0
 */
export const homeOfStream = (
  router: Router,
  streamId: string,
  campaignIdOfStream: (streamId: string) => string | undefined
): Key => {
  if (streamId.startsWith("participation-")) {
    const campaignId = campaignIdOfStream(streamId)
    if (campaignId !== undefined) return campaignKey(router, campaignId)
    // A stream holding no participation (an event before its start): its campaign is the longest known prefix.
    let found: string | undefined
    for (const campaignId of router.campaignOrg.keys())
      if (
        streamId.startsWith(`participation-${campaignId}-`) &&
        (found === undefined || campaignId.length > found.length)
      )
        found = campaignId
    return found === undefined ? `stream:${streamId}` : campaignKey(router, found)
  }
  const reserved = router.loginStreams.get(streamId)
  if (reserved !== undefined) return login(reserved)
  // A campaign's stream, unless it is a code's (a campaign id may itself open with `code-`: the router knows it).
  if (streamId.startsWith("campaign-")) {
    const campaignId = streamId.slice("campaign-".length)
    if (router.campaignOrg.has(campaignId) || !campaignId.startsWith("code-")) return campaignKey(router, campaignId)
  }
  for (const [prefix, key] of streamPrefixes) if (streamId.startsWith(prefix)) return key(streamId.slice(prefix.length))
  return `stream:${streamId}`
}

/**
 * The router as bytes (the partitions' codec, `RouterBytes`), to keep with the leader's checkpoint: its maps as they
 * are (a user's ids as one id or an array, no `Set` to write per user). A leader writes it with every batch.
 *
 * @category constructors
 * @since 0.3.0
 */
export const encode = (router: Router): Buffer => RouterBytes.encode(router)

/**
 * A router from its bytes, as `encode` writes them or as they were written before a user's ids were compact (a
 * stored router is read as it is, no rebuild) or before its memberships and UAIs (those maps empty: the tables'
 * version 2 came with them, so an older store is rebuilt beside); throws on bytes that are not one. The big maps
 * are read straight into their compact form (`RouterBytes.decode`).
 *
 * @category constructors
 * @since 0.3.0
 */
export const decode = (bytes: Uint8Array): Router => RouterBytes.decode(bytes)
