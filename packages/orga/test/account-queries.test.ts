/**
 * The queries apps use around accounts: a login resolved to its account (any case), a learner's account for
 * staff only, and a student's own participations.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import {
  Accounts,
  BackOffice,
  Campaigns,
  Orga,
  Participations,
  Rosters,
  Runtime,
  Stores,
  TargetProfiles,
  Team
} from "../src/index.ts"

const layer = () =>
  Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
    Layer.provide(Layer.merge(Stores.memory, Runtime.deterministic().layer))
  )

describe("account queries", () => {
  it("resolve logins, learners' accounts (members only) and a student's own participations", async () => {
    const program = Effect.gen(function* () {
      const accounts = yield* Accounts.Accounts
      const team = yield* Team.Team
      yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
      yield* accounts.registerUser({ userId: "claire", firstName: "Claire", lastName: "M", email: "claire@c.fr" })
      yield* accounts.registerUser({ userId: "out", firstName: "Out", lastName: "Sider", email: "out@x.fr" })
      const { organizationId } = yield* (yield* BackOffice.BackOffice).registerOrganization(Orga.user("pix"), {
        name: "Collège",
        type: "SCO",
        uai: "0331234X",
        isManagingStudents: true
      })
      const invitation = yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(Orga.user("pix"), {
        organizationId,
        email: "claire@c.fr"
      })
      yield* team.acceptInvitation(Orga.user("claire"), { organizationId, ...invitation })
      const school = SiecleTesting.generateSchool({ seed: 5, students: 6, uai: "0331234X", schoolYear: "2026" })
      yield* (yield* Rosters.Rosters).importSiecleFile(Orga.user("claire"), {
        organizationId,
        fileName: "e.xml",
        bytes: SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
      })
      const campaign = yield* (yield* Campaigns.Campaigns).createCampaign(Orga.user("claire"), {
        organizationId,
        name: "Collecte",
        type: "PROFILES_COLLECTION"
      })
      const student = school.expected.students[0]!
      yield* accounts.registerUser({
        userId: "eleve",
        firstName: student.firstName,
        lastName: student.lastName,
        username: "eleve.0101"
      })
      const joined = yield* (yield* Participations.Participations).joinCampaign(Orga.user("eleve"), {
        code: campaign.code,
        ...student
      })
      return {
        byEmail: yield* accounts.accountByLogin(" CLAIRE@c.fr "),
        byUsername: yield* accounts.accountByLogin("eleve.0101"),
        unknown: yield* accounts.accountByLogin("nobody@x.fr"),
        byId: yield* accounts.account("out"),
        learner: yield* accounts.learnerAccount(Orga.user("claire"), { organizationId, learnerId: joined.learnerId }),
        notLinked: yield* accounts.learnerAccount(Orga.user("claire"), { organizationId, learnerId: "nope" }),
        outsider: yield* Effect.flip(
          accounts.learnerAccount(Orga.user("out"), { organizationId, learnerId: joined.learnerId })
        ),
        mine: yield* (yield* Participations.Participations).myParticipations(Orga.user("eleve")),
        theirs: yield* (yield* Participations.Participations).myParticipations(Orga.user("out")),
        joined
      }
    })
    const result = await Effect.runPromise(program.pipe(Effect.provide(layer())))
    expect(result.byEmail?.userId).toBe("claire")
    expect(result.byEmail?.pixOrgaTermsOfServiceAccepted).toBe(false)
    expect(result.byUsername?.userId).toBe("eleve")
    expect(result.unknown).toBeNull()
    expect(result.byId?.email).toBe("out@x.fr")
    expect(result.learner?.userId).toBe("eleve")
    expect(result.notLinked).toBeNull()
    expect(result.outsider._tag).toBe("Forbidden")
    expect(result.mine.map((p) => [p.participationId, p.campaignName, p.status])).toEqual([
      [result.joined.participationId, "Collecte", "TO_SHARE"]
    ])
    expect(result.theirs).toEqual([])
  })
})
