/**
 * The guard of serving from the read-model tables (issue 17): a decision on a stream whose partition no scope loaded
 * dies with a defect naming the stream (a scope bug the tests then catch), unless the stream is new (a fresh id,
 * version 0), whose partition is loaded after the body and the decision kept.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import * as Plumbing from "../src/internal/Plumbing.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { config, harness, pixAdmin, tempSqlite } from "./support/harness.ts"

describe("the scope guard of an instance serving from the tables", () => {
  it("dies naming a stream that exists but was not loaded; keeps a decision on a new stream", async () => {
    const file = tempSqlite()
    try {
      const layer = () => Sqlite.layer(file.filename, { durability: "normal", readModels: "tables", cacheSchools: 1 })
      const h = harness(layer())
      const orga = await h.orga()
      await h.run(orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" }))
      await h.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId: "college-a",
          name: "Collège A",
          type: "SCO",
          uai: "0331234X",
          isManagingStudents: true
        })
      )
      await h.dispose()

      const probe = (streamId: string) =>
        Effect.scoped(
          Effect.gen(function* () {
            const plumbing = yield* Plumbing.make(config)
            // A body that reads a stream no scope loaded (the front door's methods always run their scope first).
            return yield* plumbing.useCase(
              "probe",
              undefined,
              Effect.succeed(
                Plumbing.outcome([plumbing.read(streamId)], "decided", {
                  actorId: null,
                  organizationId: null,
                  occurredAt: "2026-09-14T08:00:00.000Z"
                })
              ),
              () => "replayed"
            )
          })
        ).pipe(Effect.provide(Layer.merge(layer(), Runtime.deterministic().layer)))

      const exit = await Effect.runPromiseExit(probe("organization-college-a"))
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) {
        const defect = exit.cause.reasons.find(Cause.isDieReason)
        expect(String(defect?.defect)).toMatch(/the stream organization-college-a .* partition org:college-a loaded/)
      }
      expect(await Effect.runPromise(probe("user-nobody"))).toBe("decided")
    } finally {
      file.cleanup()
    }
  })
})
