/**
 * The app's own PostgreSQL tables are created by every instance at start: instances starting together on a fresh
 * database must all start (a session advisory lock released before the commit let the second create the same table
 * again and fail on `pg_type_typname_nsp_index`, as the two-instance test saw now and then).
 */
import { randomBytes } from "node:crypto"
import * as Effect from "effect/Effect"
import { describe, expect, inject, it } from "vitest"
import * as PostgresCredentialStore from "../src/auth/PostgresCredentialStore.ts"
import * as PostgresSessionStore from "../src/auth/PostgresSessionStore.ts"
import * as PostgresIdempotencyStore from "../src/idempotency/PostgresIdempotencyStore.ts"
import * as PostgresLedger from "../src/outbox/PostgresLedger.ts"

const databaseUrl = (): string => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (!url) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
  return url
}

const starts = 6

describe("the app's PostgreSQL tables, created by instances starting together", () => {
  it("lets every instance start on a fresh schema, whichever store it opens first", async () => {
    for (let round = 0; round < 3; round++) {
      const schema = `migrate_${randomBytes(4).toString("hex")}`
      const connectionString = databaseUrl()
      const opened = await Effect.runPromise(
        Effect.scoped(
          Effect.all(
            Array.from({ length: starts }, () =>
              Effect.all([
                PostgresSessionStore.make({ connectionString, schema }),
                PostgresCredentialStore.make({ connectionString, schema }),
                PostgresIdempotencyStore.make({ connectionString, schema }),
                PostgresLedger.make({ connectionString, schema })
              ]).pipe(Effect.as(true))
            ),
            { concurrency: "unbounded" }
          )
        )
      )
      expect(opened).toEqual(Array.from({ length: starts }, () => true))
    }
  })
})
