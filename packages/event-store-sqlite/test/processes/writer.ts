/**
 * A writer process for the process tests: `node writer.ts <file> <writerId> <appends|forever> [maxSize]`.
 * Append i of writer w holds 1 + (i mod maxSize) events to stream `w<w>-<i mod 5>`; every third append also
 * writes one event to the shared stream `shared` at its exact version (retrying on conflicts), so processes
 * contend on one stream too. Prints `done <appends>` on success.
 */

import { EventStoreError, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { SqliteEventStore } from "../../src/index.ts"

const [filename, writerArg, appendsArg, maxSizeArg] = process.argv.slice(2)
if (filename === undefined || writerArg === undefined || appendsArg === undefined) {
  console.error("usage: writer.ts <file> <writerId> <appends|forever> [maxSize]")
  process.exit(2)
}
const writer = Number(writerArg)
const appends = appendsArg === "forever" ? Number.POSITIVE_INFINITY : Number(appendsArg)
const maxSize = Number(maxSizeArg ?? 5)

const program = Effect.gen(function* () {
  const store = yield* SqliteEventStore.make({ filename, pollInterval: 20 })
  for (let append = 0; append < appends; append++) {
    const size = 1 + (append % maxSize)
    const events = Array.from({ length: size }, (_, index) => ({
      id: `w${writer}-a${append}-e${index}`,
      type: "Written",
      data: { writer, append, index, size }
    }))
    const write = Effect.gen(function* () {
      const shared = append % 3 === 0
      const sharedVersion = shared ? BigInt((yield* store.readStream("shared")).length) : 0n
      yield* store.append(
        [
          { streamId: `w${writer}-${append % 5}`, expectedVersion: ExpectedVersion.any, events },
          ...(shared
            ? [
                {
                  streamId: "shared",
                  expectedVersion: ExpectedVersion.exact(sharedVersion),
                  events: [{ id: `w${writer}-a${append}-shared`, type: "Shared", data: { writer, append } }]
                }
              ]
            : [])
        ],
        { commandId: `w${writer}-a${append}` }
      )
    })
    yield* Effect.retry(write, { while: (error) => error instanceof EventStoreError.WrongExpectedVersion })
  }
  console.log(`done ${appends}`)
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exit(1)
})
