import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { KeyStoreContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import { SqliteKeyStore } from "../src/index.ts"

KeyStoreContract.suite("SQLite (a table in the log's file)", {
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), "orga-keys-"))
    const connections: Array<DatabaseSync> = []
    const connect = () => {
      const connection = new DatabaseSync(join(dir, "orga.db"), { timeout: 5000 })
      connection.exec("PRAGMA journal_mode = WAL")
      connections.push(connection)
      return Effect.runPromise(SqliteKeyStore.make(connection))
    }
    return {
      store: await connect(),
      reopen: connect,
      close: async () => {
        for (const connection of connections) connection.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
})
