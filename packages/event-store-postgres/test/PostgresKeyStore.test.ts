import { KeyStoreContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Pg from "pg"
import { PostgresKeyStore } from "../src/index.ts"
import { databaseUrl, freshSchema, withClient } from "./support.ts"

KeyStoreContract.suite("PostgreSQL (a table in the log's schema)", {
  open: async () => {
    const schema = freshSchema()
    await withClient((client) => client.query(`CREATE SCHEMA ${schema}`))
    const pools: Array<Pg.Pool> = []
    const connect = () => {
      const pool = new Pg.Pool({ connectionString: databaseUrl(), max: 2 })
      pools.push(pool)
      return Effect.runPromise(PostgresKeyStore.make(pool, schema))
    }
    return {
      store: await connect(),
      reopen: connect,
      close: async () => {
        for (const pool of pools) await pool.end()
      }
    }
  }
})
