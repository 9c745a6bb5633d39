/**
 * `pnpm demo`: the demo school (`Seed.ts`) end to end on the embedded SQLite default (`./data`), printed.
 *
 * @since 0.1.0
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Seed from "./Seed.ts"

const dataDir = resolve(process.cwd(), "data")
const exportsDir = join(dataDir, "exports")
mkdirSync(exportsDir, { recursive: true })

const layer = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: [Seed.pixAdmin] }).pipe(
  Layer.provide(Layer.merge(Sqlite.layer(join(dataDir, "orga.db")), Runtime.live))
)

Effect.runPromise(
  Seed.seed({ log: (line) => console.log(line), exportsDir, where: `base ${join(dataDir, "orga.db")}` }).pipe(
    Effect.provide(layer)
  )
).catch((error) => {
  console.error("La démo a échoué :", error)
  process.exitCode = 1
})
