/**
 * The authorization matrix over real HTTP: every endpoint × anonymous, outsider, member of another organization,
 * member, campaign owner, admin, the student, another student; plus ids of another organization's resources.
 * Each cell is the status answered; a refusal is a problem+json with Pix's code.
 */
import { Accounts, TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
const tokens: Record<string, string | undefined> = {}
const ids: Record<string, string> = {}

const school = SiecleTesting.generateSchool({ seed: 3, students: 12, uai: "0331234X", schoolYear: "2026" })
const pupil = school.expected.students[0]!
const classmate = school.expected.students[1]!
const resetOne = school.expected.students[2]!

const ok = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const answer = await call(app, method, path, { token, body })
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}
const signUp = (firstName: string, email: string) =>
  ok("POST", "/auth/sign-up", undefined, { firstName, lastName: "Test", email, password: "Motdepasse1" })

beforeAll(async () => {
  app = await startApi()
  const admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  for (const [key, name, uai] of [
    ["a", "Collège A", "0331234X"],
    ["b", "Collège B", "0339999Z"]
  ] as const) {
    const { organizationId } = await ok("POST", "/back-office/organizations", admin, {
      name,
      type: "SCO",
      uai,
      isManagingStudents: true,
      contactEmail: key === "a" ? "ce.0331234x@ac-bordeaux.fr" : null
    })
    ids[key] = organizationId
  }
  // Staff: Claire admin of A, Nadia member of A, Paul member of A and owner of a campaign, Bob admin of B.
  for (const [role, email] of [
    ["admin", "claire@a.fr"],
    ["member", "nadia@a.fr"],
    ["owner", "paul@a.fr"],
    ["otherMember", "bob@b.fr"],
    ["outsider", "olivia@x.fr"]
  ] as const) {
    await signUp(role, email)
    tokens[role] = await tokenFor(app, email, "Motdepasse1")
    await ok("POST", "/me/pix-orga-terms", tokens[role])
  }
  const invite = async (organizationId: string, email: string, token: string) => {
    const invitation = await ok("POST", `/back-office/organizations/${organizationId}/first-admin-invitation`, admin, {
      email
    })
    await ok("POST", `/invitations/${invitation.invitationId}/accept`, token, { organizationId, code: invitation.code })
  }
  await invite(ids.a!, "claire@a.fr", tokens.admin!)
  await invite(ids.b!, "bob@b.fr", tokens.otherMember!)
  const sent = await ok("POST", `/organizations/${ids.a}/invitations`, tokens.admin, {
    emails: ["nadia@a.fr", "paul@a.fr", "zoe@a.fr"],
    role: "MEMBER"
  })
  for (const [index, role] of ["member", "owner"].entries())
    await ok("POST", `/invitations/${sent[index].invitationId}/accept`, tokens[role], {
      organizationId: ids.a,
      code: sent[index].code
    })
  ids.pendingInvitation = sent[2].invitationId
  ids.pendingCode = sent[2].code
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  const imported = await call(app, "POST", `/organizations/${ids.a}/imports`, { token: tokens.admin, form })
  expect(imported.status).toBe(200)
  const campaign = await ok("POST", `/organizations/${ids.a}/campaigns`, tokens.owner, {
    name: "Évaluation",
    type: "ASSESSMENT",
    targetProfileId: TargetProfiles.sample.id
  })
  ids.campaign = campaign.campaignId
  ids.code = campaign.code
  ids.campaignB = (
    await ok("POST", `/organizations/${ids.b}/campaigns`, tokens.otherMember, {
      name: "B",
      type: "PROFILES_COLLECTION"
    })
  ).campaignId
  // Students: Sam joined the campaign, Tom has an account and no participation.
  for (const [role, who, email] of [
    ["student", pupil, "sam@eleve.fr"],
    ["anotherStudent", classmate, "tom@eleve.fr"]
  ] as const) {
    await ok("POST", "/auth/sign-up", undefined, {
      firstName: who.firstName,
      lastName: who.lastName,
      email,
      password: "Motdepasse1"
    })
    tokens[role] = await tokenFor(app, email, "Motdepasse1")
  }
  const joined = await ok("POST", "/participations/reconciliation", tokens.student, { code: ids.code, ...pupil })
  ids.participation = joined.participationId
  // Léo's password is what staff reset (a reset signs him out everywhere; Sam keeps his session for the rows).
  await ok("POST", "/auth/sign-up", undefined, {
    firstName: resetOne.firstName,
    lastName: resetOne.lastName,
    email: "leo@eleve.fr",
    password: "Motdepasse1"
  })
  const leo = await tokenFor(app, "leo@eleve.fr", "Motdepasse1")
  ids.learner = (await ok("POST", "/participations/reconciliation", leo, { code: ids.code, ...resetOne })).learnerId
  // A campaign of Paul's that the deletion rows delete, with Sam's participation (Sam, linked already, needs only
  // the code).
  const toDelete = await ok("POST", `/organizations/${ids.a}/campaigns`, tokens.owner, {
    name: "À supprimer",
    type: "PROFILES_COLLECTION"
  })
  ids.campaignToDelete = toDelete.campaignId
  ids.participationToDelete = (
    await ok("POST", "/participations/reconciliation", tokens.student, { code: toDelete.code })
  ).participationId
  ids.preview = (
    await call(app, "POST", `/organizations/${ids.a}/imports/preview`, { token: tokens.admin, form: siecle() })
  ).body.previewId
  ids.nadia = (await app.run(Effect.flatMap(Accounts.Accounts, (a) => a.accountByLogin("nadia@a.fr"))))!.userId
  void Library
}, 60_000)
afterAll(() => app.close())

type Role = "anonymous" | "outsider" | "otherMember" | "member" | "owner" | "admin" | "student" | "anotherStudent"
const roles: ReadonlyArray<Role> = [
  "anonymous",
  "outsider",
  "otherMember",
  "member",
  "owner",
  "admin",
  "student",
  "anotherStudent"
]

interface Row {
  readonly name: string
  readonly method: string
  readonly path: () => string
  readonly body?: () => unknown
  readonly form?: () => FormData
  readonly expected: Readonly<Record<Role, number>>
}

const A = () => ids.a!
const siecle = () => {
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  return form
}
const statuses = (values: string): Readonly<Record<Role, number>> => {
  const numbers = values.split(/\s+/).map(Number)
  return Object.fromEntries(roles.map((role, index) => [role, numbers[index]!])) as Record<Role, number>
}

// Columns: anonymous outsider otherMember member owner admin student anotherStudent.
// Pix's rules (§3.2): invitations, SIECLE import and the audit trail are the admin's; a campaign is updated and
// archived by its owner or an admin (the admin's 409 follows the owner's archive: the state, not the right).
// Joining as Sam again: his participation exists (409); anyone else claims a learner linked to Sam (409, R-code).
const rows: ReadonlyArray<Row> = [
  { name: "me", method: "GET", path: () => "/me", expected: statuses("401 200 200 200 200 200 200 200") },
  {
    name: "organizations",
    method: "GET",
    path: () => "/me/organizations",
    expected: statuses("401 403 200 200 200 200 403 403")
  },
  {
    name: "organization",
    method: "GET",
    path: () => `/organizations/${A()}`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "members",
    method: "GET",
    path: () => `/organizations/${A()}/members`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "invitations",
    method: "GET",
    path: () => `/organizations/${A()}/invitations`,
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  {
    name: "inviteMembers",
    method: "POST",
    path: () => `/organizations/${A()}/invitations`,
    body: () => ({ emails: ["new@a.fr"], role: "MEMBER" }),
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  {
    name: "resendInvitation",
    method: "POST",
    path: () => `/organizations/${A()}/invitations/${ids.pendingInvitation}/resend`,
    expected: statuses("401 403 403 403 403 204 403 403")
  },
  {
    name: "changeMemberRole",
    method: "PATCH",
    path: () => `/organizations/${A()}/members/${ids.nadia}`,
    body: () => ({ role: "MEMBER" }),
    expected: statuses("401 403 403 403 403 204 403 403")
  },
  {
    name: "setCollectionDeadline",
    method: "PUT",
    path: () => `/organizations/${A()}/collection-deadline`,
    body: () => ({ schoolYear: "2026", deadline: "2027-03-31" }),
    expected: statuses("401 403 403 403 403 204 403 403")
  },
  {
    name: "previewImport",
    method: "POST",
    path: () => `/organizations/${A()}/imports/preview`,
    form: siecle,
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  {
    name: "importSiecle",
    method: "POST",
    path: () => `/organizations/${A()}/imports`,
    form: siecle,
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  {
    name: "importHistory",
    method: "GET",
    path: () => `/organizations/${A()}/imports`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "learners",
    method: "GET",
    path: () => `/organizations/${A()}/learners?division=3A&search=a`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "divisions",
    method: "GET",
    path: () => `/organizations/${A()}/divisions`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "whyRefused",
    method: "POST",
    path: () => `/organizations/${A()}/why-refused`,
    body: () => ({ firstName: "A", lastName: "B", birthdate: "2012-01-01" }),
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "passwordReset",
    method: "POST",
    path: () => `/organizations/${A()}/learners/${ids.learner}/password-reset`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "usernameProposal",
    method: "POST",
    path: () => `/organizations/${A()}/username-proposal`,
    body: () => ({ firstName: "Léa", lastName: "Dupont", birthdate: "2012-03-14" }),
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "campaigns",
    method: "GET",
    path: () => `/organizations/${A()}/campaigns`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "createCampaign",
    method: "POST",
    path: () => `/organizations/${A()}/campaigns`,
    body: () => ({ name: "Nouvelle", type: "PROFILES_COLLECTION" }),
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "updateCampaign",
    method: "PUT",
    path: () => `/campaigns/${ids.campaign}`,
    body: () => ({ name: "Évaluation" }),
    expected: statuses("401 403 403 403 204 204 403 403")
  },
  {
    name: "archiveCampaign",
    method: "POST",
    path: () => `/campaigns/${ids.campaign}/archive`,
    expected: statuses("401 403 403 403 204 409 403 403")
  },
  {
    name: "unarchiveCampaign",
    method: "POST",
    path: () => `/campaigns/${ids.campaign}/unarchive`,
    expected: statuses("401 403 403 403 204 409 403 403")
  },
  {
    name: "campaignResults",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/results`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "resultsByDivision",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/results-by-division`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "exportResults",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/export.csv`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "certificability",
    method: "GET",
    path: () => `/organizations/${A()}/certificability`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "auditTrail",
    method: "GET",
    path: () => `/organizations/${A()}/audit-trail?limit=3`,
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  {
    name: "registerOrganization",
    method: "POST",
    path: () => "/back-office/organizations",
    body: () => ({ name: "X", type: "PRO", uai: null, isManagingStudents: false }),
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "inviteFirstAdmin",
    method: "POST",
    path: () => `/back-office/organizations/${A()}/first-admin-invitation`,
    body: () => ({ email: "x@a.fr" }),
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "recordAssessmentOutcome",
    method: "POST",
    path: () => `/participations/${ids.participation}/assessment-outcome`,
    body: () => ({ validatedSkillIds: [], testedSkillIds: [] }),
    expected: statuses("401 403 403 403 403 403 204 403")
  },
  {
    name: "shareResults",
    method: "POST",
    path: () => `/participations/${ids.participation}/share-results`,
    expected: statuses("401 403 403 403 403 403 204 403")
  },
  {
    name: "joinCampaign",
    method: "POST",
    path: () => "/participations/reconciliation",
    body: () => ({ code: ids.code, ...pupil }),
    expected: statuses("401 409 409 409 409 409 409 409")
  },
  {
    name: "cancelInvitation (unknown id)",
    method: "DELETE",
    path: () => `/organizations/${A()}/invitations/nope`,
    expected: statuses("401 403 403 403 403 404 403 403")
  },
  {
    name: "removeMember (not a member)",
    method: "DELETE",
    path: () => `/organizations/${A()}/members/nobody`,
    expected: statuses("401 403 403 403 403 404 403 403")
  },
  {
    name: "acceptInvitation (wrong code)",
    method: "POST",
    path: () => `/invitations/${ids.pendingInvitation}/accept`,
    body: () => ({ organizationId: A(), code: "WRONG" }),
    expected: statuses("401 404 404 404 404 404 404 404")
  },
  {
    name: "shareProfile (not a collection)",
    method: "POST",
    path: () => `/participations/${ids.participation}/share-profile`,
    body: () => ({ pixByCompetence: { "1.1": 8 } }),
    expected: statuses("401 403 403 403 403 403 422 403")
  },
  {
    name: "acceptTerms",
    method: "POST",
    path: () => "/me/pix-orga-terms",
    expected: statuses("401 204 204 204 204 204 204 204")
  },
  // Ids of another organization's resources: A's staff on B's campaign.
  {
    name: "results of B's campaign",
    method: "GET",
    path: () => `/campaigns/${ids.campaignB}/results`,
    expected: statuses("401 403 200 403 403 403 403 403")
  },
  {
    name: "learner of A reset from B",
    method: "POST",
    path: () => `/organizations/${ids.b}/learners/${ids.learner}/password-reset`,
    expected: statuses("401 403 404 403 403 403 403 403")
  },
  // Public: the e-mail's link (id and code) is the credential.
  {
    name: "showInvitation",
    method: "GET",
    path: () => `/organization-invitations/${ids.pendingInvitation}?code=${ids.pendingCode}`,
    expected: statuses("200 200 200 200 200 200 200 200")
  },
  {
    name: "showInvitation (wrong code)",
    method: "GET",
    path: () => `/organization-invitations/${ids.pendingInvitation}?code=WRONGCODE0`,
    expected: statuses("404 404 404 404 404 404 404 404")
  },
  {
    name: "myParticipations",
    method: "GET",
    path: () => "/me/participations",
    expected: statuses("401 200 200 200 200 200 200 200")
  },
  { name: "health", method: "GET", path: () => "/health", expected: statuses("200 200 200 200 200 200 200 200") },
  { name: "ready", method: "GET", path: () => "/ready", expected: statuses("200 200 200 200 200 200 200 200") },
  {
    name: "setOrganizationFeature",
    method: "PUT",
    path: () => `/back-office/organizations/${A()}/features/MULTIPLE_SENDING_ASSESSMENT`,
    body: () => ({ enabled: true }),
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "organizationFeatures",
    method: "GET",
    path: () => `/organizations/${A()}/features`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "createTargetProfile",
    method: "POST",
    path: () => "/back-office/target-profiles",
    body: () => ({ definition: { ...TargetProfiles.catalogue[1]!, id: "tp-nouveau" } }),
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "attachTargetProfile",
    method: "PUT",
    path: () => `/back-office/organizations/${A()}/target-profiles/tp-lycee-2nde`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "detachTargetProfile",
    method: "DELETE",
    path: () => `/back-office/organizations/${A()}/target-profiles/tp-college-3e`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "availableTargetProfiles",
    method: "GET",
    path: () => `/organizations/${A()}/target-profiles`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "places",
    method: "GET",
    path: () => `/organizations/${A()}/places`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  // The back office's organizations and places: Pix Admin's only (no column here is Pix Admin).
  {
    name: "organizationsForAdmin",
    method: "GET",
    path: () => "/back-office/organizations?archived=false",
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "organizationForAdmin",
    method: "GET",
    path: () => `/back-office/organizations/${A()}`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "archiveOrganization",
    method: "POST",
    path: () => `/back-office/organizations/${A()}/archive`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "addPlacesLot",
    method: "POST",
    path: () => `/back-office/organizations/${A()}/places-lots`,
    body: () => ({
      count: 30,
      category: "T1",
      reference: "DEVIS-1",
      activationDate: "2026-09-01",
      expirationDate: "2027-08-31"
    }),
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "deletePlacesLot",
    method: "DELETE",
    path: () => `/back-office/organizations/${A()}/places-lots/lot-1`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "setPlacesLimit",
    method: "PUT",
    path: () => `/back-office/organizations/${A()}/places-limit`,
    body: () => ({ enabled: true }),
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  // Public, as Pix's: anyone may ask; the invitation goes to the school's mailbox.
  {
    name: "sendScoInvitation",
    method: "POST",
    path: () => "/organization-invitations/sco",
    body: () => ({ uai: "0331234X", firstName: "Paul", lastName: "Durand" }),
    expected: statuses("200 200 200 200 200 200 200 200")
  },
  {
    name: "campaignAnalysis",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/analysis`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "campaignAnalysis of a class",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/analysis?division=3A`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "participantDetail",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/participants/${ids.participation}`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "campaignActivity",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/activity`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "resultsPage",
    method: "GET",
    path: () => `/campaigns/${ids.campaign}/participants?page=1&size=10&search=a&status=SHARED&status=STARTED`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "analysis of B's campaign",
    method: "GET",
    path: () => `/campaigns/${ids.campaignB}/analysis`,
    expected: statuses("401 403 200 403 403 403 403 403")
  },
  {
    name: "A's participant from B's campaign",
    method: "GET",
    path: () => `/campaigns/${ids.campaignB}/participants/${ids.participation}`,
    expected: statuses("401 403 404 403 403 403 403 403")
  },
  {
    name: "learnersPage",
    method: "GET",
    path: () => `/organizations/${A()}/learners/page?certificability=not-available&connectionType=email&page=1`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  {
    name: "campaigns (filtered)",
    method: "GET",
    path: () => `/organizations/${A()}/campaigns?mine=true&status=active&ownerName=test&name=a`,
    expected: statuses("401 403 403 200 200 200 403 403")
  },
  // The owner deletes, then the admin finds it deleted already.
  {
    name: "deleteParticipation",
    method: "DELETE",
    path: () => `/campaigns/${ids.campaignToDelete}/participations/${ids.participationToDelete}`,
    expected: statuses("401 403 403 403 204 409 403 403")
  },
  {
    name: "deleteCampaigns of B from A",
    method: "DELETE",
    path: () => `/organizations/${ids.a}/campaigns`,
    body: () => ({ campaignIds: [ids.campaignB] }),
    expected: statuses("401 403 403 422 422 422 403 403")
  },
  {
    name: "deleteCampaigns",
    method: "DELETE",
    path: () => `/organizations/${A()}/campaigns`,
    body: () => ({ campaignIds: [ids.campaignToDelete] }),
    expected: statuses("401 403 403 403 200 409 403 403")
  },
  // The admin's preview: refused to others before it is looked up (then the admin confirms it).
  {
    name: "confirmImport",
    method: "POST",
    path: () => `/organizations/${A()}/imports/previews/${ids.preview}/confirm`,
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  // Léo's e-mail account gets a username from A's staff (then it has one: the later cells find it set).
  {
    name: "addUsername of A's learner from B",
    method: "POST",
    path: () => `/organizations/${ids.b}/learners/${ids.learner}/username`,
    expected: statuses("401 403 404 403 403 403 403 403")
  },
  {
    name: "addUsername",
    method: "POST",
    path: () => `/organizations/${A()}/learners/${ids.learner}/username`,
    expected: statuses("401 403 403 200 409 409 403 403")
  },
  {
    name: "auditTrail before a cursor",
    method: "GET",
    path: () => `/organizations/${A()}/audit-trail?limit=3&before=1000`,
    expected: statuses("401 403 403 403 403 200 403 403")
  },
  // Personal data: Pix Admin's only (no column here is Pix Admin; test/api/privacy.test.ts shows Pix Admin's side).
  {
    name: "eraseLearner",
    method: "POST",
    path: () => `/back-office/organizations/${A()}/learners/${ids.learner}/erasure`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "eraseUser",
    method: "POST",
    path: () => `/back-office/users/${ids.nadia}/erasure`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "learnerData",
    method: "GET",
    path: () => `/back-office/organizations/${A()}/learners/${ids.learner}/personal-data`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "userData",
    method: "GET",
    path: () => `/back-office/users/${ids.nadia}/personal-data`,
    expected: statuses("401 403 403 403 403 403 403 403")
  },
  {
    name: "applyRetention",
    method: "POST",
    path: () => "/back-office/retention?dryRun=true",
    expected: statuses("401 403 403 403 403 403 403 403")
  }
]

/** Operations whose rights are shown elsewhere (they open or close sessions, or change who is a member). */
const elsewhere: Readonly<Record<string, string>> = {
  signUp: "accounts.test.ts",
  signIn: "accounts.test.ts",
  signOut: "accounts.test.ts",
  leaveOrganization: "this file, leaving and switching organizations",
  resetStudentPassword: "the passwordReset rows"
}

describe("authorization matrix", () => {
  it("answers every endpoint for every role as the table says", async () => {
    const actual: Array<string> = []
    const mismatches: Array<string> = []
    for (const row of rows) {
      const cells: Array<number> = []
      for (const role of roles) {
        const answer = await call(app, row.method, row.path(), {
          token: role === "anonymous" ? undefined : tokens[role],
          ...(row.body === undefined ? {} : { body: row.body() }),
          ...(row.form === undefined ? {} : { form: row.form() })
        })
        cells.push(answer.status)
        if (answer.status >= 400) {
          expect(answer.headers.get("content-type")).toMatch(/application\/problem\+json/)
          expect(answer.body.code).toMatch(/^[A-Z0-9_]+$/)
          expect(answer.body.detail.length).toBeGreaterThan(10)
        }
        if (answer.status !== row.expected[role])
          mismatches.push(
            `${row.name} × ${role}: ${answer.status} (${answer.body?.code ?? ""}), expected ${row.expected[role]}`
          )
      }
      actual.push(`${row.name.padEnd(28)} ${cells.join(" ")}`)
    }
    if (mismatches.length > 0) console.log(actual.join("\n"))
    expect(mismatches).toEqual([])
  }, 120_000)
})

describe("the matrix's coverage", () => {
  it("has a row for every operation of the OpenAPI document, or names where its rights are shown", async () => {
    const document = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>
    }
    const named = new Set(rows.map((row) => row.name.split(" ")[0]))
    const missing = Object.values(document.paths)
      .flatMap((methods) => Object.values(methods).map((operation) => operation.operationId.split(".")[1]!))
      .filter((name) => !named.has(name) && elsewhere[name] === undefined)
    expect(missing).toEqual([])
  })
})

describe("the student's own participations", () => {
  it("lists Sam's participation to Sam only", async () => {
    const sam = await call(app, "GET", "/me/participations", { token: tokens.student })
    expect(sam.body.map((p: { participationId: string }) => p.participationId)).toEqual([ids.participation])
    const tom = await call(app, "GET", "/me/participations", { token: tokens.anotherStudent })
    expect(tom.body).toEqual([])
  })
})

describe("leaving and switching organizations", () => {
  it("lets a member leave, after which A's endpoints refuse him and his organizations list says so", async () => {
    const outsider = await call(app, "POST", `/organizations/${ids.a}/leave`, { token: tokens.outsider })
    expect(outsider.status).toBe(404)
    const left = await call(app, "POST", `/organizations/${ids.a}/leave`, { token: tokens.member })
    expect(left.status).toBe(204)
    const after = await call(app, "GET", `/organizations/${ids.a}/members`, { token: tokens.member })
    expect(after.status).toBe(403)
    const organizations = await call(app, "GET", "/me/organizations", { token: tokens.member })
    expect(organizations.status).toBe(403)
    expect(organizations.body.code).toBe("NOT_LINKED_ORGANIZATION")
    expect(organizations.body.detail).toMatch(/^L'accès à Pix Orga est limité aux membres invités/)
    // Bob switches between his organizations by naming one in the path: he sees B, not A.
    const mine = await call(app, "GET", "/me/organizations", { token: tokens.otherMember })
    expect(mine.body.map((o: { organizationId: string }) => o.organizationId)).toEqual([ids.b])
  })
})

describe("the back office over HTTP: features, the target profile catalogue, multiple sendings, stages and badges", () => {
  it("Pix Admin ships the 3e profile to A and turns multiple sendings on; A's campaign shows its stages and badges", async () => {
    const admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    for (const definition of TargetProfiles.catalogue)
      expect(await ok("POST", "/back-office/target-profiles", admin, { definition })).toEqual({
        targetProfileId: definition.id
      })
    const twice = await call(app, "POST", "/back-office/target-profiles", {
      token: admin,
      body: { definition: TargetProfiles.catalogue[0] }
    })
    expect([twice.status, twice.body.code]).toEqual([409, "TARGET_PROFILE_ALREADY_EXISTS"])
    const broken = await call(app, "POST", "/back-office/target-profiles", {
      token: admin,
      body: { definition: { ...TargetProfiles.catalogue[0]!, id: "tp-vide", tubes: [] } }
    })
    expect([broken.status, broken.body.code]).toEqual([422, "INVALID_TARGET_PROFILE"])
    const notYet = await call(app, "POST", `/organizations/${ids.a}/campaigns`, {
      token: tokens.admin,
      body: { name: "Évaluation 3e", type: "ASSESSMENT", targetProfileId: "tp-college-3e", multipleSendings: true }
    })
    expect([notYet.status, notYet.body.code]).toEqual([403, "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN"])
    expect(
      (await call(app, "PUT", `/back-office/organizations/${ids.a}/target-profiles/tp-college-3e`, { token: admin }))
        .status
    ).toBe(204)
    const noFeature = await call(app, "POST", `/organizations/${ids.a}/campaigns`, {
      token: tokens.admin,
      body: { name: "Évaluation 3e", type: "ASSESSMENT", targetProfileId: "tp-college-3e", multipleSendings: true }
    })
    expect([noFeature.status, noFeature.body.code]).toEqual([
      403,
      "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT"
    ])
    const unknown = await call(app, "PUT", `/back-office/organizations/${ids.a}/features/TOUT`, {
      token: admin,
      body: { enabled: true }
    })
    expect([unknown.status, unknown.body.code]).toEqual([422, "INVALID_INPUT"])
    expect(
      (
        await call(app, "PUT", `/back-office/organizations/${ids.a}/features/MULTIPLE_SENDING_ASSESSMENT`, {
          token: admin,
          body: { enabled: true }
        })
      ).status
    ).toBe(204)
    expect(await ok("GET", `/organizations/${ids.a}/features`, tokens.owner)).toEqual(["MULTIPLE_SENDING_ASSESSMENT"])
    const profiles = await ok("GET", `/organizations/${ids.a}/target-profiles`, tokens.owner)
    expect(profiles.map((profile: { targetProfileId: string }) => profile.targetProfileId)).toEqual([
      TargetProfiles.sample.id,
      "tp-college-3e"
    ])
    const created = await ok("POST", `/organizations/${ids.a}/campaigns`, tokens.admin, {
      name: "Évaluation 3e",
      type: "ASSESSMENT",
      targetProfileId: "tp-college-3e",
      multipleSendings: true
    })
    const results = await ok("GET", `/campaigns/${created.campaignId}/results`, tokens.owner)
    expect(results.campaign.multipleSendings).toBe(true)
    expect(results.totalStages).toBe(5)
    expect(results.badges.map((badge: { key: string }) => badge.key)).toEqual([
      "PIX_3E_INFORMATION",
      "PIX_3E_SECURITE",
      "PIX_3E_PROGRAMMER"
    ])
    const csv = await call(app, "GET", `/campaigns/${created.campaignId}/export.csv`, { token: tokens.owner })
    expect(String(csv.body)).toContain("Palier obtenu (/4);Chercher et traiter l'information obtenu (O/N)")
    expect(
      (await call(app, "DELETE", `/back-office/organizations/${ids.a}/target-profiles/tp-college-3e`, { token: admin }))
        .status
    ).toBe(204)
    const detachedAgain = await call(
      app,
      "DELETE",
      `/back-office/organizations/${ids.a}/target-profiles/tp-college-3e`,
      {
        token: admin
      }
    )
    expect([detachedAgain.status, detachedAgain.body.code]).toEqual([404, "TARGET_PROFILE_NOT_ATTACHED"])
  })

  it("the typed client reads the features and the profiles, and sets a feature, with the server's schemas", async () => {
    const admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    await withClient(app, admin, (client) =>
      client.backOffice.setOrganizationFeature({
        params: { organizationId: ids.a!, feature: "MULTIPLE_SENDING_ASSESSMENT" },
        payload: { enabled: false }
      })
    )
    const features = await withClient(app, tokens.owner, (client) =>
      client.backOffice.organizationFeatures({ params: { organizationId: ids.a! } })
    )
    expect(features).toEqual([])
    const profiles = await withClient(app, tokens.owner, (client) =>
      client.backOffice.availableTargetProfiles({ params: { organizationId: ids.a! } })
    )
    expect(profiles.map((profile) => profile.targetProfileId)).toEqual([TargetProfiles.sample.id])
  })
})
