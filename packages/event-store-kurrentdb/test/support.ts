/**
 * Helpers of the unit tests: what the client would hand back for an event the store wrote (its JSON data and
 * metadata parsed, as the client parses JSON events), without any server.
 */
import type { AllStreamRecordedEvent, AllStreamResolvedEvent, EventData, Position } from "@kurrent/kurrentdb-client"

export const created = new Date("2026-12-04T10:00:00.000Z")

/** The client's view of an event the store wrote, at a revision of its stream and a place in `$all`. */
export const asRead = (
  data: EventData,
  streamName: string,
  revision: bigint,
  position: Position
): AllStreamRecordedEvent =>
  ({
    streamId: streamName,
    id: data.id,
    isJson: true,
    revision,
    type: data.type,
    created,
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: data.metadata === undefined ? undefined : JSON.parse(JSON.stringify(data.metadata)),
    position
  }) as AllStreamRecordedEvent

export const resolved = (event: AllStreamRecordedEvent): AllStreamResolvedEvent => ({ event })
