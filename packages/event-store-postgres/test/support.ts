/**
 * Test helpers: the PostgreSQL server of the run and a fresh schema per store, so tests never share state.
 */
import { randomBytes } from "node:crypto"
import * as Effect from "effect/Effect"
import * as Pg from "pg"
import { inject } from "vitest"
import * as PostgresEventStore from "../src/PostgresEventStore.ts"

/** The URL of the PostgreSQL server started by the global setup (or given by DATABASE_URL). */
export const databaseUrl = (): string => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (!url) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
  return url
}

/** A schema name no other test uses. */
export const freshSchema = (): string => `test_${randomBytes(6).toString("hex")}`

/** Opens a store on a fresh schema (or the given one) for the enclosing scope. */
export const openStore = (schema: string = freshSchema(), poolSize?: number) =>
  PostgresEventStore.make({ connectionString: databaseUrl(), schema, poolSize, pollInterval: 100 })

/** Runs a scoped program to completion. */
export const run = <A, E>(program: Effect.Effect<A, E, import("effect/Scope").Scope>): Promise<A> =>
  Effect.runPromise(Effect.scoped(program))

/** A plain client for assertions made in SQL, closed after `use`. */
export const withClient = async <A>(use: (client: Pg.Client) => Promise<A>): Promise<A> => {
  const client = new Pg.Client({ connectionString: databaseUrl() })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/** A new event with a unique id. */
export const newEvent = (type: string, data: unknown = {}) => ({
  id: randomBytes(12).toString("hex"),
  type,
  data
})
