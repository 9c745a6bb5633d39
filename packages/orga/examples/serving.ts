import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Accounts, BackOffice, Orga, Rosters, Runtime, TargetProfiles, Team } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const pixAdmin = Orga.user("pix")
const admin = Orga.user("claire")

// An instance serving from the read-model tables: it starts from their router and checkpoint (no replay of the
// log) and loads the schools a call needs, keeping at most `cacheSchools` of them (ORGA_READ_MODELS=tables and
// ORGA_CACHE_SCHOOLS do the same for a layer given no option).
const served = (filename: string) =>
  Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
    Layer.provide(Layer.merge(Sqlite.layer(filename, { readModels: "tables", cacheSchools: 20 }), Runtime.live))
  )

const write = Effect.gen(function* () {
  const accounts = yield* Accounts.Accounts
  yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
  yield* accounts.registerUser({
    userId: "claire",
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@college.fr"
  })
  const { organizationId } = yield* (yield* BackOffice.BackOffice).registerOrganization(pixAdmin, {
    name: "Collège Jean Moulin",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
  const invitation = yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(pixAdmin, {
    organizationId,
    email: "claire@college.fr"
  })
  yield* (yield* Team.Team).acceptInvitation(admin, { organizationId, ...invitation })
  const school = SiecleTesting.generateSchool({ seed: 1, students: 40, uai: "0331234X", schoolYear: "2026" })
  const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
  yield* (yield* Rosters.Rosters).importSiecleFile(admin, { organizationId, fileName: "eleves.xml", bytes })
  return organizationId
})

// After a restart: the rows answer, the log is not replayed.
const readBack = (organizationId: string) =>
  Effect.gen(function* () {
    const learners = yield* (yield* Rosters.Rosters).learners(admin, organizationId)
    const { rebuild } = yield* BackOffice.BackOffice
    return [`${learners.length} élèves`, `repris à la position ${rebuild.snapshotPosition}, sans relire le journal`]
  })

export const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "orga-serving-"))
  const filename = join(dir, "orga.db")
  try {
    const organizationId = await Effect.runPromise(write.pipe(Effect.provide(served(filename))))
    return await Effect.runPromise(readBack(organizationId).pipe(Effect.provide(served(filename))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
