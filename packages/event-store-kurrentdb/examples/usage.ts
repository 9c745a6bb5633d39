import { ExpectedVersion } from "@orga/event-store"
import { KurrentEventStore } from "@orga/event-store-kurrentdb"
import * as Effect from "effect/Effect"

// Connects (TLS and credentials as the connection string says), appends to two streams atomically (one
// multi-stream append: KurrentDB 25.1 or later), reads back the namespace's log.
export const usage = (connectionString: string, namespace: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const client = yield* KurrentEventStore.connect(connectionString)
      const store = yield* KurrentEventStore.make({ client, namespace })
      const appended = yield* store.append(
        [
          {
            streamId: "campaign-42",
            expectedVersion: ExpectedVersion.noStream,
            events: [{ id: "e-1", type: "CampaignCreated", data: { code: "ABCDEF123" } }]
          },
          {
            streamId: "campaign-code-ABCDEF123",
            expectedVersion: ExpectedVersion.noStream,
            events: [{ id: "e-2", type: "CampaignCodeReserved", data: { campaignId: "42" } }]
          }
        ],
        { commandId: "create-campaign-42" }
      )
      yield* store.awaitPosition(appended.position)
      const log = yield* store.readAll({ after: 0n, maxCount: 100 })
      return log.map((event) => `${event.globalPosition} ${event.streamId} ${event.type}`)
    })
  )
