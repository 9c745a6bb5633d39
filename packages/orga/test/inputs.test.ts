/**
 * Typed inputs at the door: every use case decodes its input once; a bad input (too long, control or bidi
 * characters, an invalid e-mail or date, an oversized list or id, a wrong type) fails with `InvalidInput` and a
 * French message, and the log is unchanged. And no `as never` reaches the domain.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { TargetProfileCatalogue } from "@orga/domain"
import { EventStore, MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import { config, pixAdmin } from "./support/harness.ts"

const store = MemoryEventStore.makeUnsafe()
const managed = ManagedRuntime.make(
  Orga.layer(config).pipe(
    Layer.provide(
      Layer.merge(
        Layer.succeed(EventStore.EventStore, store),
        Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z", idPrefix: "id" }).layer
      )
    )
  )
)
const run = <A, E>(f: (orga: Orga.OrgaShape) => Effect.Effect<A, E>) =>
  managed.runPromise(
    Effect.gen(function* () {
      return yield* f(yield* Orga.all)
    })
  )
const runExit = <A, E>(f: (orga: Orga.OrgaShape) => Effect.Effect<A, E>) =>
  managed.runPromiseExit(
    Effect.gen(function* () {
      return yield* f(yield* Orga.all)
    })
  )

const admin = Orga.user("admin")
const student = Orga.user("student")
const long = "x".repeat(100_000)
const nul = "Léa\u0000"
const terminalEscape = "Léa\u001b[31m"
const bidi = "Léa\u202egnp.exe"
const hugeId = "a".repeat(3000)
// Calling with a wrong-typed input, as an untyped caller (an HTTP body) would.
const untyped = <A>(value: unknown): A => value as A

// `Orga.user` refuses such an id when called; an actor built by hand (a session's data) reaches the door.
const hugeActor = untyped<Orga.OrgaActor>({ _tag: "User", userId: hugeId })

let participationId = ""

const cases: ReadonlyArray<readonly [string, (orga: Orga.OrgaShape) => Effect.Effect<unknown, unknown>]> = [
  [
    "registerUser: a 100,000-character name",
    (o) => o.registerUser({ firstName: long, lastName: "M", email: "l@x.fr" })
  ],
  ["registerUser: NUL in a name", (o) => o.registerUser({ firstName: nul, lastName: "M", email: "l@x.fr" })],
  [
    "registerUser: a terminal escape",
    (o) => o.registerUser({ firstName: terminalEscape, lastName: "M", email: "l@x.fr" })
  ],
  [
    "registerUser: a right-to-left override",
    (o) => o.registerUser({ firstName: bidi, lastName: "M", email: "l@x.fr" })
  ],
  ["registerUser: not an e-mail", (o) => o.registerUser({ firstName: "L", lastName: "M", email: "not-an-email" })],
  ["registerUser: an empty username", (o) => o.registerUser({ firstName: "L", lastName: "M", username: "" })],
  [
    "registerUser: a 3,000-character id",
    (o) => o.registerUser({ userId: hugeId, firstName: "L", lastName: "M", email: "l@x.fr" })
  ],
  ["registerUser: a number as name", (o) => o.registerUser(untyped({ firstName: 12, lastName: "M", email: "l@x.fr" }))],
  ["registerUser: no input at all", (o) => o.registerUser(untyped(null))],
  [
    "registerOrganization: a 100,000-character name",
    (o) =>
      o.registerOrganization(Orga.user(pixAdmin), { name: long, type: "SCO", uai: null, isManagingStudents: false })
  ],
  [
    "registerOrganization: an unknown type",
    (o) =>
      o.registerOrganization(
        Orga.user(pixAdmin),
        untyped({ name: "L", type: "XYZ", uai: null, isManagingStudents: false })
      )
  ],
  [
    "inviteFirstAdmin: not an e-mail",
    (o) => o.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "nope" })
  ],
  [
    "inviteMembers: 5,000 addresses",
    (o) =>
      o.inviteMembers(admin, {
        organizationId: "org",
        emails: Array.from({ length: 5000 }, (_, i) => `m${i}@x.fr`),
        role: "MEMBER"
      })
  ],
  [
    "inviteMembers: an unknown role",
    (o) => o.inviteMembers(admin, untyped({ organizationId: "org", emails: ["a@x.fr"], role: "OWNER" }))
  ],
  [
    "changeMemberRole: a 3,000-character id",
    (o) => o.changeMemberRole(admin, { organizationId: "org", userId: hugeId, role: "ADMIN" })
  ],
  [
    "setCollectionDeadline: 30 February",
    (o) => o.setCollectionDeadline(admin, { organizationId: "org", schoolYear: "2026", deadline: "2027-02-30" })
  ],
  [
    "setCollectionDeadline: a school year in letters",
    (o) => o.setCollectionDeadline(admin, { organizationId: "org", schoolYear: "deux", deadline: "2027-04-07" })
  ],
  [
    "createCampaign: a 100,000-character name",
    (o) => o.createCampaign(admin, { organizationId: "org", name: long, type: "PROFILES_COLLECTION" })
  ],
  [
    "createCampaign: a bidi override in the external id label",
    (o) =>
      o.createCampaign(admin, {
        organizationId: "org",
        name: "C",
        type: "PROFILES_COLLECTION",
        externalIdLabel: bidi
      })
  ],
  ["updateCampaign: NUL in the name", (o) => o.updateCampaign(admin, { campaignId: "c1", name: nul })],
  ["archiveCampaign: a 3,000-character id", (o) => o.archiveCampaign(admin, { campaignId: hugeId })],
  [
    "importSiecleFile: a bidi override in the file name",
    (o) => o.importSiecleFile(admin, { organizationId: "org", fileName: bidi, bytes: new Uint8Array(1) })
  ],
  [
    "importSiecleFile: a 100,000-character file name",
    (o) => o.importSiecleFile(admin, { organizationId: "org", fileName: long, bytes: new Uint8Array(1) })
  ],
  [
    "importSiecleFile: bytes that are a string",
    (o) => o.importSiecleFile(admin, untyped({ organizationId: "org", fileName: "e.xml", bytes: "<xml/>" }))
  ],
  [
    "joinCampaign: a 100,000-character name",
    (o) => o.joinCampaign(student, { code: "ABCDEF234", firstName: long, lastName: "M", birthdate: "2010-01-01" })
  ],
  [
    "joinCampaign: a terminal escape in the external id",
    (o) =>
      o.joinCampaign(student, {
        code: "ABCDEF234",
        firstName: "L",
        lastName: "M",
        birthdate: "2010-01-01",
        participantExternalId: terminalEscape
      })
  ],
  [
    "recordAssessmentOutcome: skills that are not a list",
    (o) =>
      o.recordAssessmentOutcome(student, untyped({ participationId, validatedSkillIds: "rec1", testedSkillIds: [] }))
  ],
  [
    "shareProfile: a negative score",
    (o) => o.shareProfile(student, { participationId, pixByCompetence: { "1.1": -5 } })
  ],
  ["shareResults: a 3,000-character id", (o) => o.shareResults(student, { participationId: hugeId })],
  // Every other use case and query of the seven services, fed the same kinds of input.
  ["registerUser: an empty first name", (o) => o.registerUser({ firstName: "", lastName: "M", email: "l@x.fr" })],
  [
    "registerUser: a 100,000-character e-mail",
    (o) => o.registerUser({ firstName: "L", lastName: "M", email: `${long}@x.fr` })
  ],
  [
    "registerOrganization: a bidi override in the name",
    (o) =>
      o.registerOrganization(Orga.user(pixAdmin), { name: bidi, type: "SCO", uai: null, isManagingStudents: false })
  ],
  [
    "registerOrganization: an empty name",
    (o) => o.registerOrganization(Orga.user(pixAdmin), { name: "", type: "SCO", uai: null, isManagingStudents: false })
  ],
  [
    "registerOrganization: a 3,000-character id",
    (o) =>
      o.registerOrganization(Orga.user(pixAdmin), {
        organizationId: hugeId,
        name: "L",
        type: "SCO",
        uai: null,
        isManagingStudents: false
      })
  ],
  [
    "registerOrganization: an invalid contact e-mail",
    (o) =>
      o.registerOrganization(Orga.user(pixAdmin), {
        name: "L",
        type: "SCO",
        uai: null,
        isManagingStudents: false,
        contactEmail: "a@b"
      })
  ],
  [
    "inviteFirstAdmin: a 3,000-character organization id",
    (o) => o.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: hugeId, email: "a@x.fr" })
  ],
  [
    "inviteFirstAdmin: an empty e-mail",
    (o) => o.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "" })
  ],
  ["acceptPixOrgaTerms: a 3,000-character user id", (o) => o.acceptPixOrgaTerms(hugeActor)],
  ["logIntoOrga: a 3,000-character user id", (o) => o.logIntoOrga(hugeActor)],
  [
    "inviteMembers: an address with a bidi override",
    (o) => o.inviteMembers(admin, { organizationId: "org", emails: [`${bidi}@x.fr`], role: "MEMBER" })
  ],
  [
    "resendInvitation: a 3,000-character id",
    (o) => o.resendInvitation(admin, { organizationId: "org", invitationId: hugeId })
  ],
  [
    "cancelInvitation: a 3,000-character id",
    (o) => o.cancelInvitation(admin, { organizationId: "org", invitationId: hugeId })
  ],
  [
    "acceptInvitation: a 100,000-character code",
    (o) => o.acceptInvitation(student, { organizationId: "org", invitationId: "i1", code: long })
  ],
  ["removeMember: a 3,000-character id", (o) => o.removeMember(admin, { organizationId: "org", userId: hugeId })],
  ["leaveOrganization: a 3,000-character id", (o) => o.leaveOrganization(admin, { organizationId: hugeId })],
  [
    "setCollectionDeadline: 2026-02-30",
    (o) => o.setCollectionDeadline(admin, { organizationId: "org", schoolYear: "2026", deadline: "2026-02-30" })
  ],
  [
    "setCollectionDeadline: a deadline that is a number",
    (o) => o.setCollectionDeadline(admin, untyped({ organizationId: "org", schoolYear: "2026", deadline: 20270407 }))
  ],
  ["organization: a 3,000-character id", (o) => o.organization(admin, hugeId)],
  ["members: a 3,000-character id", (o) => o.members(admin, hugeId)],
  ["invitations: a 3,000-character id", (o) => o.invitations(admin, hugeId)],
  [
    "previewSiecleImport: a bidi override in the file name",
    (o) => o.previewSiecleImport(admin, { organizationId: "org", fileName: bidi, bytes: new Uint8Array(1) })
  ],
  [
    "previewSiecleImport: a 100,000-character file name",
    (o) => o.previewSiecleImport(admin, { organizationId: "org", fileName: long, bytes: new Uint8Array(1) })
  ],
  ["learners: a 3,000-character id", (o) => o.learners(admin, hugeId)],
  ["learners: a 100,000-character search", (o) => o.learners(admin, "org", { search: long })],
  ["learners: divisions that are not a list", (o) => o.learners(admin, "org", untyped({ divisions: "3A" }))],
  ["divisions: a 3,000-character id", (o) => o.divisions(admin, hugeId)],
  ["importHistory: a 3,000-character id", (o) => o.importHistory(admin, hugeId)],
  [
    "whyRefused: 100,000-character names",
    (o) => o.whyRefused(admin, "org", { firstName: long, lastName: long, birthdate: "2010-01-01" })
  ],
  [
    "whyRefused: 2026-02-30",
    (o) => o.whyRefused(admin, "org", { firstName: "L", lastName: "M", birthdate: "2026-02-30" })
  ],
  [
    "createCampaign: a title on a profiles collection",
    (o) => o.createCampaign(admin, { organizationId: "org", name: "C", type: "PROFILES_COLLECTION", title: "T" })
  ],
  [
    "updateCampaign: a title on a profiles collection",
    (o) => o.updateCampaign(admin, { campaignId: "c1", name: "C", title: "Titre" })
  ],
  ["updateCampaign: a 100,000-character name", (o) => o.updateCampaign(admin, { campaignId: "c1", name: long })],
  ["unarchiveCampaign: a 3,000-character id", (o) => o.unarchiveCampaign(admin, { campaignId: hugeId })],
  ["campaigns: a 3,000-character id", (o) => o.campaigns(admin, hugeId)],
  [
    "joinCampaign: 2026-02-30",
    (o) => o.joinCampaign(student, { code: "ABCDEF234", firstName: "L", lastName: "M", birthdate: "2026-02-30" })
  ],
  [
    "joinCampaign: a 100,000-character code",
    (o) => o.joinCampaign(student, { code: long, firstName: "L", lastName: "M", birthdate: "2010-01-01" })
  ],
  [
    "recordAssessmentOutcome: 100,000 skills",
    (o) =>
      o.recordAssessmentOutcome(student, {
        participationId,
        validatedSkillIds: Array.from({ length: 100_000 }, (_, i) => `rec${i}`),
        testedSkillIds: []
      })
  ],
  ["campaignResults: a 3,000-character id", (o) => o.campaignResults(admin, hugeId)],
  ["campaignResults: divisions that are not a list", (o) => o.campaignResults(admin, "c1", untyped({ divisions: 3 }))],
  ["resultsByDivision: a 3,000-character id", (o) => o.resultsByDivision(admin, hugeId)],
  ["certificability: a 3,000-character id", (o) => o.certificability(admin, hugeId)],
  ["exportResults: a 3,000-character id", (o) => o.exportResults(admin, hugeId)],
  ["exportResultsStream: a 3,000-character id", (o) => Stream.runCollect(o.exportResultsStream(admin, hugeId))],
  ["auditTrail: limit -1", (o) => o.auditTrail(admin, "org", { limit: -1 })],
  ["auditTrail: limit 1.5", (o) => o.auditTrail(admin, "org", { limit: 1.5 })],
  ["auditTrail: a limit that is a string", (o) => o.auditTrail(admin, "org", untyped({ limit: "10" }))],
  ["auditTrail: a 3,000-character id", (o) => o.auditTrail(admin, hugeId)],
  [
    "createCampaign: multiple sendings that are a string",
    (o) =>
      o.createCampaign(
        admin,
        untyped({ organizationId: "org", name: "C", type: "PROFILES_COLLECTION", multipleSendings: "oui" })
      )
  ],
  [
    "updateCampaign: multiple sendings that are a number",
    (o) => o.updateCampaign(admin, untyped({ campaignId: "c1", name: "C", multipleSendings: 1 }))
  ],
  [
    "joinCampaign: a reset that is a string",
    (o) =>
      o.joinCampaign(
        student,
        untyped({ code: "ABCDEF234", firstName: "L", lastName: "M", birthdate: "2010-01-01", isReset: "yes" })
      )
  ],
  [
    "setOrganizationFeature: an unknown feature",
    (o) =>
      o.setOrganizationFeature(
        Orga.user(pixAdmin),
        untyped({ organizationId: "org", feature: "EVERYTHING", enabled: true })
      )
  ],
  [
    "setOrganizationFeature: enabled that is a string",
    (o) =>
      o.setOrganizationFeature(
        Orga.user(pixAdmin),
        untyped({ organizationId: "org", feature: "MULTIPLE_SENDING_ASSESSMENT", enabled: "true" })
      )
  ],
  ["organizationFeatures: a 3,000-character id", (o) => o.organizationFeatures(admin, hugeId)],
  ["createTargetProfile: no definition", (o) => o.createTargetProfile(Orga.user(pixAdmin), untyped({}))],
  [
    "createTargetProfile: a 100,000-character name",
    (o) =>
      o.createTargetProfile(Orga.user(pixAdmin), {
        definition: { ...TargetProfileCatalogue.college3e, id: "tp-x", name: long }
      })
  ],
  [
    "createTargetProfile: a bidi override in a stage's title",
    (o) =>
      o.createTargetProfile(Orga.user(pixAdmin), {
        definition: {
          ...TargetProfileCatalogue.college3e,
          id: "tp-x",
          stages: TargetProfileCatalogue.college3e.stages.map((stage) => ({ ...stage, title: bidi }))
        }
      })
  ],
  [
    "createTargetProfile: 10,000 tubes",
    (o) =>
      o.createTargetProfile(Orga.user(pixAdmin), {
        definition: {
          ...TargetProfileCatalogue.college3e,
          id: "tp-x",
          tubes: Array.from({ length: 10_000 }, (_, i) => ({ tube: `@t${i}`, competenceId: "1.1", level: 1 }))
        }
      })
  ],
  [
    "createTargetProfile: a rule broken (no tube, stages without the zero stage)",
    (o) =>
      o.createTargetProfile(Orga.user(pixAdmin), {
        definition: { ...TargetProfileCatalogue.college3e, id: "tp-x", tubes: [] }
      })
  ],
  [
    "attachTargetProfile: a 3,000-character profile id",
    (o) => o.attachTargetProfile(Orga.user(pixAdmin), { organizationId: "org", targetProfileId: hugeId })
  ],
  [
    "detachTargetProfile: a 3,000-character organization id",
    (o) => o.detachTargetProfile(Orga.user(pixAdmin), { organizationId: hugeId, targetProfileId: "tp-college-3e" })
  ],
  ["availableTargetProfiles: a 3,000-character id", (o) => o.availableTargetProfiles(admin, hugeId)],
  [
    "archiveOrganization: a 3,000-character id",
    (o) => o.archiveOrganization(Orga.user(pixAdmin), { organizationId: hugeId })
  ],
  [
    "organizationsForAdmin: a 100,000-character name",
    (o) => o.organizationsForAdmin(Orga.user(pixAdmin), { name: long })
  ],
  [
    "organizationsForAdmin: an unknown type",
    (o) => o.organizationsForAdmin(Orga.user(pixAdmin), untyped({ type: "ECOLE" }))
  ],
  ["organizationForAdmin: a 3,000-character id", (o) => o.organizationForAdmin(Orga.user(pixAdmin), hugeId)],
  ["places: a 3,000-character id", (o) => o.places(admin, hugeId)],
  [
    "addPlacesLot: a count in letters",
    (o) =>
      o.addPlacesLot(
        Orga.user(pixAdmin),
        untyped({
          organizationId: "org",
          count: "trente",
          category: "T1",
          reference: "R",
          activationDate: "2026-09-01",
          expirationDate: "2027-08-31"
        })
      )
  ],
  [
    "addPlacesLot: 2.5 places",
    (o) =>
      o.addPlacesLot(Orga.user(pixAdmin), {
        organizationId: "org",
        count: 2.5,
        category: "T1",
        reference: "R",
        activationDate: "2026-09-01",
        expirationDate: "2027-08-31"
      })
  ],
  [
    "addPlacesLot: an unknown category",
    (o) =>
      o.addPlacesLot(Orga.user(pixAdmin), {
        organizationId: "org",
        count: 30,
        category: "T9",
        reference: "R",
        activationDate: "2026-09-01",
        expirationDate: "2027-08-31"
      })
  ],
  [
    "addPlacesLot: a terminal escape in the reference",
    (o) =>
      o.addPlacesLot(Orga.user(pixAdmin), {
        organizationId: "org",
        count: 30,
        category: "T1",
        reference: terminalEscape,
        activationDate: "2026-09-01",
        expirationDate: "2027-08-31"
      })
  ],
  [
    "addPlacesLot: a date DD/MM/YYYY",
    (o) =>
      o.addPlacesLot(Orga.user(pixAdmin), {
        organizationId: "org",
        count: 30,
        category: "T1",
        reference: "R",
        activationDate: "01/09/2026",
        expirationDate: "2027-08-31"
      })
  ],
  [
    "deletePlacesLot: a 3,000-character lot id",
    (o) => o.deletePlacesLot(Orga.user(pixAdmin), { organizationId: "org", lotId: hugeId })
  ],
  [
    "setPlacesLimit: a limit that is a string",
    (o) => o.setPlacesLimit(Orga.user(pixAdmin), untyped({ organizationId: "org", enabled: "oui" }))
  ],
  [
    "sendScoInvitation: an empty first name",
    (o) => o.sendScoInvitation(Orga.anonymous, { uai: "0331234X", firstName: " ", lastName: "D" })
  ],
  [
    "sendScoInvitation: a 100,000-character UAI",
    (o) => o.sendScoInvitation(Orga.anonymous, { uai: long, firstName: "P", lastName: "D" })
  ],
  [
    "sendScoInvitation: NUL in a name",
    (o) => o.sendScoInvitation(Orga.anonymous, { uai: "0331234X", firstName: nul, lastName: "D" })
  ],
  ["campaignAnalysis: a 3,000-character id", (o) => o.campaignAnalysis(admin, hugeId)],
  ["campaignAnalysis: a 100,000-character class", (o) => o.campaignAnalysis(admin, "c1", { division: long })],
  ["campaignAnalysis: a class that is a number", (o) => o.campaignAnalysis(admin, "c1", untyped({ division: 3 }))],
  ["participantDetail: a 3,000-character participation id", (o) => o.participantDetail(admin, "c1", hugeId)],
  ["participantDetail: a 3,000-character campaign id", (o) => o.participantDetail(admin, hugeId, participationId)],
  ["campaignActivity: a 3,000-character id", (o) => o.campaignActivity(admin, hugeId)],
  ["resultsPage: a 3,000-character id", (o) => o.resultsPage(admin, hugeId)],
  ["resultsPage: page 0", (o) => o.resultsPage(admin, "c1", { page: 0 })],
  ["resultsPage: page -3", (o) => o.resultsPage(admin, "c1", { page: -3 })],
  ["resultsPage: page 1.5", (o) => o.resultsPage(admin, "c1", { page: 1.5 })],
  ["resultsPage: size 0", (o) => o.resultsPage(admin, "c1", { size: 0 })],
  ["resultsPage: size 201", (o) => o.resultsPage(admin, "c1", { size: 201 })],
  ["resultsPage: a size that is a string", (o) => o.resultsPage(admin, "c1", untyped({ size: "10" }))],
  ["resultsPage: an unknown status", (o) => o.resultsPage(admin, "c1", untyped({ statuses: ["DONE"] }))],
  ["resultsPage: a 100,000-character search", (o) => o.resultsPage(admin, "c1", { search: long })],
  ["resultsPage: classes that are not a list", (o) => o.resultsPage(admin, "c1", untyped({ divisions: "3A" }))],
  ["learnersPage: page 0", (o) => o.learnersPage(admin, "org", { page: 0 })],
  ["learnersPage: page 1.5", (o) => o.learnersPage(admin, "org", { page: 1.5 })],
  ["learnersPage: a page that is a string", (o) => o.learnersPage(admin, "org", untyped({ page: "2" }))],
  ["learnersPage: 101 lines a page", (o) => o.learnersPage(admin, "org", { pageSize: 101 })],
  ["learnersPage: 0 lines a page", (o) => o.learnersPage(admin, "org", { pageSize: 0 })],
  ["learnersPage: a 3,000-character id", (o) => o.learnersPage(admin, hugeId)],
  [
    "learnersPage: an unknown certificability",
    (o) => o.learnersPage(admin, "org", untyped({ certificability: ["oui"] }))
  ],
  ["learners: an unknown connection type", (o) => o.learners(admin, "org", untyped({ connectionTypes: ["sms"] }))],
  ["campaigns: an unknown status", (o) => o.campaigns(admin, "org", untyped({ status: "deleted" }))],
  ["campaigns: a 100,000-character name filter", (o) => o.campaigns(admin, "org", { name: long })],
  ["deleteCampaigns: no campaign", (o) => o.deleteCampaigns(admin, { organizationId: "org", campaignIds: [] })],
  [
    "deleteCampaigns: 1,001 campaigns",
    (o) =>
      o.deleteCampaigns(admin, { organizationId: "org", campaignIds: Array.from({ length: 1001 }, (_, i) => `c${i}`) })
  ],
  [
    "deleteCampaigns: a 3,000-character id",
    (o) => o.deleteCampaigns(admin, { organizationId: "org", campaignIds: [hugeId] })
  ],
  [
    "deleteCampaigns: ids that are not a list",
    (o) => o.deleteCampaigns(admin, untyped({ organizationId: "org", campaignIds: "c1" }))
  ],
  [
    "deleteParticipation: a 3,000-character id",
    (o) => o.deleteParticipation(admin, { campaignId: "c1", participationId: hugeId })
  ],
  [
    "confirmSiecleImport: a 3,000-character preview id",
    (o) => o.confirmSiecleImport(admin, { organizationId: "org", previewId: hugeId })
  ],
  [
    "confirmSiecleImport: a preview id with spaces",
    (o) => o.confirmSiecleImport(admin, { organizationId: "org", previewId: "a b" })
  ],
  [
    "confirmSiecleImport: a 3,000-character organization id",
    (o) => o.confirmSiecleImport(admin, { organizationId: hugeId, previewId: "p1" })
  ],
  [
    "importSiecleFile: a 3,000-character preview id",
    (o) =>
      o.importSiecleFile(admin, {
        organizationId: "org",
        fileName: "e.xml",
        bytes: new Uint8Array(1),
        previewId: hugeId
      })
  ],
  [
    "addUsername: a 3,000-character learner id",
    (o) => o.addUsername(admin, { organizationId: "org", learnerId: hugeId })
  ],
  [
    "addUsername: a learner id that is a number",
    (o) => o.addUsername(admin, untyped({ organizationId: "org", learnerId: 7 }))
  ],
  [
    "addUsername: a 3,000-character organization id",
    (o) => o.addUsername(admin, { organizationId: hugeId, learnerId: "l1" })
  ],
  ["auditTrail: limit 0", (o) => o.auditTrail(admin, "org", { limit: 0 })],
  ["auditTrail: limit 1001", (o) => o.auditTrail(admin, "org", { limit: 1001 })],
  ["auditTrail: a cursor that is not a position", (o) => o.auditTrail(admin, "org", { before: "abc" })],
  ["auditTrail: an empty cursor", (o) => o.auditTrail(admin, "org", { before: "" })],
  ["auditTrail: a negative cursor", (o) => o.auditTrail(admin, "org", { before: "-5" })],
  ["auditTrail: a cursor with a decimal point", (o) => o.auditTrail(admin, "org", { before: "12.5" })],
  ["auditTrail: a 41-digit cursor", (o) => o.auditTrail(admin, "org", { before: "9".repeat(41) })],
  ["auditTrail: a cursor that is a number", (o) => o.auditTrail(admin, "org", untyped({ before: 12 }))],
  [
    "eraseLearner: a 3,000-character id",
    (o) => o.eraseLearner(Orga.user(pixAdmin), { organizationId: "org", learnerId: hugeId })
  ],
  [
    "eraseLearner: an unknown reason",
    (o) => o.eraseLearner(Orga.user(pixAdmin), untyped({ organizationId: "org", learnerId: "l", reason: "WHY" }))
  ],
  ["eraseUser: a 3,000-character id", (o) => o.eraseUser(Orga.user(pixAdmin), { userId: hugeId })],
  ["eraseUser: no input at all", (o) => o.eraseUser(Orga.user(pixAdmin), untyped(null))],
  [
    "learnerData: a number as id",
    (o) => o.learnerData(Orga.user(pixAdmin), untyped({ organizationId: "org", learnerId: 12 }))
  ],
  ["userData: a 3,000-character id", (o) => o.userData(Orga.user(pixAdmin), { userId: hugeId })],
  ["applyRetention: 5 days", (o) => o.applyRetention(Orga.user(pixAdmin), { inactiveDays: 5 })],
  ["applyRetention: 1.5 school years", (o) => o.applyRetention(Orga.user(pixAdmin), { disabledSchoolYears: 1.5 })]
]

describe("bad inputs", () => {
  beforeAll(async () => {
    for (const userId of [pixAdmin, "admin", "student"])
      await run((o) => o.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@x.fr` }))
    await run((o) =>
      o.registerOrganization(Orga.user(pixAdmin), {
        organizationId: "org",
        name: "Lycée",
        type: "SCO",
        uai: null,
        isManagingStudents: false
      })
    )
    const invitation = await run((o) =>
      o.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "admin@x.fr" })
    )
    await run((o) => o.acceptInvitation(admin, { organizationId: "org", ...invitation }))
    const { code } = await run((o) =>
      o.createCampaign(admin, { organizationId: "org", campaignId: "c1", name: "C", type: "PROFILES_COLLECTION" })
    )
    participationId = (
      await run((o) => o.joinCampaign(student, { code, firstName: "A", lastName: "student", birthdate: "2010-01-01" }))
    ).participationId
  })
  afterAll(() => managed.dispose())

  it.each(cases)("%s: InvalidInput in French, nothing appended", async (_name, call) => {
    const head = await Effect.runPromise(store.head)
    const exit = await runExit(call)
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isSuccess(exit)) return
    const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail")
    const error = (failure as { readonly error?: { readonly _tag: string; readonly message: string } } | undefined)
      ?.error
    expect(error?._tag).toBe("InvalidInput")
    // French: accents, the typographic apostrophe or French words.
    expect(error?.message).toMatch(/[éèàçûêô’]|valide|incorrect|doit|campagne|correct/)
    expect(await Effect.runPromise(store.head)).toBe(head)
  })
})

describe("no casts to the domain", () => {
  const files = (dir: string): Array<string> =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : []
    })

  it("has no `as never` in packages/orga/src", () => {
    const offenders = files(join(import.meta.dirname, "..", "src")).filter((file) =>
      readFileSync(file, "utf8").includes("as never")
    )
    expect(offenders).toEqual([])
  })
})
