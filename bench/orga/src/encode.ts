/**
 * The codec's share of an import: encoding the 5,101 `StudentImported` events of the benchmark's school, with
 * the schema check (`checkOnEncode: true`, the codec's default) and trusting the deciders' constructors (what
 * the front door runs, ADR 0051), alternating in one process.
 *
 * Run: `pnpm exec node bench/orga/src/encode.ts`
 */
import { RosterEvent, StoredEvent } from "@orga/domain"
import { EventCodec } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"

const codec = (checkOnEncode: boolean) =>
  EventCodec.make({
    schema: StoredEvent.StoredEvent,
    versions: StoredEvent.versions,
    upcasters: StoredEvent.upcasters,
    tagInData: true,
    checkOnEncode
  })

const school = SiecleTesting.generateSchool({ seed: 5000, students: 5700, uai: "0335000A", schoolYear: "2026" })
const events = school.expected.students.slice(0, 5101).map((record, index) =>
  RosterEvent.StudentImported.make({
    organizationId: "lycee-5000",
    learnerId: `learner-${index}`,
    ...record,
    schoolYear: "2026",
    actorId: "admin",
    occurredAt: "2026-11-20T10:00:00.000Z"
  } as RosterEvent.StudentImported)
)
const checking = codec(true)
const trusting = codec(false)
const checked: Array<number> = []
const trusted: Array<number> = []
for (let run = 0; run < 41; run++) {
  let start = performance.now()
  for (const event of events) checking.encodeResult(event)
  checked.push(performance.now() - start)
  start = performance.now()
  for (const event of events) trusting.encodeResult(event)
  trusted.push(performance.now() - start)
}
const median = (times: Array<number>) => times.sort((a, b) => a - b)[times.length >> 1]?.toFixed(2)
console.log(
  `encode ${events.length} StudentImported (41 runs, alternating): checked median ${median(checked)} ms, trusted median ${median(trusted)} ms`
)
