import { ExpectedVersion } from "@orga/event-store"
import { KurrentEventStore } from "@orga/event-store-kurrentdb"
import * as Effect from "effect/Effect"

// Connects (TLS and credentials as the connection string says), appends two events to one stream (any server,
// EventStoreDB 20.10 or later), delivers the same command again (answered as a duplicate, nothing written) and
// reads back the application's log. Positions are the server's: ordered, opaque, kept as checkpoints.
export const usage = (connectionString: string, namespace: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const client = yield* KurrentEventStore.connect(connectionString)
      const store = yield* KurrentEventStore.make({ client, namespace })
      const createCampaign = store.append(
        [
          {
            streamId: "campaign-42",
            expectedVersion: ExpectedVersion.noStream,
            events: [
              { id: "e-1", type: "CampaignCreated", data: { code: "ABCDEF123" } },
              { id: "e-2", type: "CampaignCodeReserved", data: { code: "ABCDEF123" } }
            ]
          }
        ],
        { commandId: "create-campaign-42" }
      )
      const first = yield* createCampaign
      const again = yield* createCampaign
      yield* store.awaitPosition(first.position)
      const log = yield* store.readAll({ after: 0n, maxCount: 100 })
      return {
        duplicate: again.duplicate && again.position === first.position,
        log: log.map((event) => `${event.streamId}@${event.streamVersion} ${event.type}`),
        lastIsHead: log[log.length - 1]?.globalPosition === (yield* store.head)
      }
    })
  )
