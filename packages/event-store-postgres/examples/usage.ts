import { ExpectedVersion } from "@orga/event-store"
import { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"

// Opens the store (creating and migrating its schema), appends to two streams atomically, reads back.
export const usage = (connectionString: string, schema: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const store = yield* PostgresEventStore.make({ connectionString, schema })
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
