/**
 * One start-up rebuild, in a process of its own (as an app starting over an existing log): opens Orga over the
 * store named on the command line and prints the rebuild's figures as JSON. `main.ts` runs it several times.
 *
 * Run: `node bench/orga/src/rebuildOnce.ts sqlite <file>` or `... postgres <url> <schema>`.
 */
import { BackOffice, Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const [kind, location, schema] = process.argv.slice(2)
if (location === undefined || (kind !== "sqlite" && kind !== "postgres")) {
  console.error("usage: rebuildOnce.ts sqlite <file> | postgres <url> <schema>")
  process.exit(2)
}
const store = kind === "sqlite" ? Sqlite.layer(location) : Postgres.layer(location, schema)
const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: ["bench-admin"] }

const stats = await Effect.runPromise(
  Effect.scoped(
    Effect.gen(function* () {
      const backOffice = yield* BackOffice.BackOffice
      return backOffice.rebuild
    }).pipe(Effect.provide(Orga.layer(config).pipe(Layer.provide(Layer.merge(store, Runtime.live)))))
  )
)
console.log(JSON.stringify(stats))
