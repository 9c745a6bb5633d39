/**
 * Staff add a username to a student's existing account (§5.4.3): `prenom.nom` + DDMM of the learner's birthdate
 * (4 random digits when taken), reserved like a sign-up's; only for a learner of their organization linked to an
 * account without one; every refusal in French with nothing written.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Stores from "../src/Stores.ts"
import { type Harness, harness, pixAdmin } from "./support/harness.ts"

const uai = "0331234X"
const organizationId = "org"
const admin = Orga.user("admin")
const member = Orga.user("member")

const eleve = (id: string, ine: string, last: string, first: string, birth: string) =>
  SiecleTesting.eleve(id, SiecleTesting.validStudent(ine, { NOM_DE_FAMILLE: last, PRENOM: first, DATE_NAISS: birth }))
const students = [
  eleve("1", "111111111AA", "PETIT", "Hugo", "03/12/2012"),
  eleve("2", "222222222BB", "DURAND", "Léa", "14/03/2012"),
  eleve("3", "333333333CC", "MARTIN", "Éloïse", "01/02/2012"),
  eleve("4", "444444444DD", "NOEL", "Zoé", "05/06/2012")
]
const bytes = SiecleTesting.encode(
  SiecleTesting.render(
    {
      uai,
      schoolYear: "2026",
      eleves: students,
      structures: students.map((student) => SiecleTesting.inDivision(student.id, "6A"))
    },
    "UTF-8"
  ),
  "UTF-8"
)

describe("a teacher adds a username to a student's account", () => {
  let h: Harness
  let orga: Orga.OrgaShape
  const learnerIds: Record<string, string> = {}
  let code = ""

  beforeAll(async () => {
    h = harness(Stores.memory)
    orga = await h.orga()
    for (const userId of [pixAdmin, "admin", "member", "outsider"])
      await h.run(orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
    await h.run(
      orga.registerOrganization(Orga.user(pixAdmin), {
        organizationId,
        name: "Collège",
        type: "SCO",
        uai,
        isManagingStudents: true
      })
    )
    const invitation = await h.run(
      orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "admin@test.fr" })
    )
    await h.run(orga.acceptInvitation(admin, { organizationId, ...invitation }))
    const [sent] = await h.run(
      orga.inviteMembers(admin, { organizationId, emails: ["member@test.fr"], role: "MEMBER" })
    )
    await h.run(orga.acceptInvitation(member, { organizationId, ...sent! }))
    await h.run(orga.importSiecleFile(admin, { organizationId, fileName: "e.xml", bytes }))
    const campaign = await h.run(orga.createCampaign(admin, { organizationId, name: "C", type: "PROFILES_COLLECTION" }))
    code = campaign.code
    // Hugo and Éloïse joined with an e-mail account; Léa has a username already; Zoé has no account.
    for (const [userId, first, last, birthdate, login] of [
      ["hugo", "Hugo", "PETIT", "2012-12-03", { email: "hugo@eleve.fr" }],
      ["lea", "Léa", "DURAND", "2012-03-14", { username: "lea.durand1403" }],
      ["eloise", "Éloïse", "MARTIN", "2012-02-01", { email: "eloise@eleve.fr" }]
    ] as const) {
      await h.run(orga.registerUser({ userId, firstName: first, lastName: last, ...login }))
      const joined = await h.run(
        orga.joinCampaign(Orga.user(userId), { code: campaign.code, firstName: first, lastName: last, birthdate })
      )
      learnerIds[userId] = joined.learnerId
    }
    const zoe = (await h.run(orga.learners(admin, organizationId))).find((learner) => learner.lastName === "NOEL")
    learnerIds.zoe = zoe!.learnerId
    // Someone else holds Éloïse's first choice: she gets 4 random digits instead.
    await h.run(orga.registerUser({ userId: "other", firstName: "E", lastName: "M", username: "eloise.martin0102" }))
  })
  afterAll(() => h.dispose())

  it("gives prenom.nom + DDMM, reserved for the student's account, who then signs in with it", async () => {
    const added = await h.run(orga.addUsername(member, { organizationId, learnerId: learnerIds.hugo! }))
    expect(added).toEqual({ userId: "hugo", username: "hugo.petit0312" })
    expect(await h.run(orga.accountByLogin("hugo.petit0312"))).toMatchObject({
      userId: "hugo",
      email: "hugo@eleve.fr",
      username: "hugo.petit0312"
    })
    expect(await h.run(orga.account("hugo"))).toMatchObject({ username: "hugo.petit0312" })
  })

  it("draws 4 digits when prenom.nom + DDMM is taken, without accents", async () => {
    const added = await h.run(orga.addUsername(admin, { organizationId, learnerId: learnerIds.eloise! }))
    expect(added.username).toMatch(/^eloise\.martin[0-9]{4}$/)
    expect(added.username).not.toBe("eloise.martin0102")
    expect(await h.run(orga.accountByLogin(added.username))).toMatchObject({ userId: "eloise" })
  })

  it("refuses an account with a username, a learner without account, an unknown learner, in French, writing nothing", async () => {
    const before = await h.run(orga.auditTrail(admin, organizationId, { limit: 1000 }))
    const cases = [
      [
        learnerIds.lea!,
        "USERNAME_ALREADY_SET",
        "Ce compte utilisateur dispose déjà d’un identifiant : lea.durand1403."
      ],
      [
        learnerIds.hugo!,
        "USERNAME_ALREADY_SET",
        "Ce compte utilisateur dispose déjà d’un identifiant : hugo.petit0312."
      ],
      [
        learnerIds.zoe!,
        "LEARNER_WITHOUT_ACCOUNT",
        "Cet élève n’a pas encore de compte Pix : il en crée un en rejoignant une campagne de l’établissement."
      ],
      ["inconnu", "LEARNER_NOT_FOUND", "Cet élève n'existe pas dans l'organisation."]
    ] as const
    for (const [learnerId, code, message] of cases)
      expect(await h.fail(orga.addUsername(admin, { organizationId, learnerId }))).toMatchObject({ code, message })
    expect(
      await h.fail(orga.addUsername(Orga.user("outsider"), { organizationId, learnerId: learnerIds.zoe! }))
    ).toMatchObject({ _tag: "Forbidden" })
    expect(
      await h.fail(orga.addUsername(Orga.user("hugo"), { organizationId, learnerId: learnerIds.hugo! }))
    ).toMatchObject({
      _tag: "Forbidden"
    })
    expect(await h.run(orga.auditTrail(admin, organizationId, { limit: 1000 }))).toEqual(before)
    expect(await h.run(orga.account("lea"))).toMatchObject({ username: "lea.durand1403" })
  })

  it("adds once when retried with its command id (the retry answers the first username)", async () => {
    await h.run(orga.registerUser({ userId: "zoe", firstName: "Zoé", lastName: "NOEL", email: "zoe@eleve.fr" }))
    await h.run(
      orga.joinCampaign(Orga.user("zoe"), {
        code,
        firstName: "Zoé",
        lastName: "NOEL",
        birthdate: "2012-06-05"
      })
    )
    const input = { organizationId, learnerId: learnerIds.zoe! }
    const first = await h.run(orga.addUsername(admin, input, { commandId: "ajout-zoe" }))
    const retried = await h.run(orga.addUsername(admin, input, { commandId: "ajout-zoe" }))
    expect(first).toEqual({ userId: "zoe", username: "zoe.noel0506" })
    expect(retried).toEqual(first)
    expect(await h.fail(orga.addUsername(admin, input))).toMatchObject({ code: "USERNAME_ALREADY_SET" })
  })
})
