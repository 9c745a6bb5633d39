/**
 * A process that writes one very large append: `node bigAppend.ts <file> <events>`. Prints `ready` once the
 * store is open, then `committed <position>` if it gets that far. The test kills it while SQLite is spilling
 * the uncommitted transaction into the WAL file.
 */

import { ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { SqliteEventStore } from "../../src/index.ts"

const [filename, countArg] = process.argv.slice(2)
if (filename === undefined || countArg === undefined) {
  console.error("usage: bigAppend.ts <file> <events>")
  process.exit(2)
}
const count = Number(countArg)

const program = Effect.gen(function* () {
  const store = yield* SqliteEventStore.make({ filename })
  const events = Array.from({ length: count }, (_, index) => ({
    id: `big-${index}`,
    type: "Big",
    data: { index, padding: "x".repeat(200) }
  }))
  console.log("ready")
  const { position } = yield* store.append([{ streamId: "big", expectedVersion: ExpectedVersion.noStream, events }])
  console.log(`committed ${position}`)
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exit(1)
})
