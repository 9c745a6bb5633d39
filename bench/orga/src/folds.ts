/**
 * The two ways of applying the domain's per-event steps (ADR 0034), on the rebuild's shape: 20 rosters of 4,000
 * imported learners, and 60,000 participation streams (started, linked, two thirds shared). Prints the median of
 * 7 folds of the same events by the decider's pure `evolve` (copies, persistent maps) and by the same steps
 * applied in place, and the whole participations read model. Figures only, no assertion.
 *
 * Run: `pnpm exec node --expose-gc bench/orga/src/folds.ts`.
 */
import {
  Participation,
  ParticipationDecider,
  type ParticipationEvent,
  ParticipationsProjection,
  Roster,
  RosterDecider,
  type RosterEvent,
  RostersProjection
} from "@orga/domain"
import { studentImported } from "./fixtures.ts"

const now = "2026-10-01T08:00:00.000Z"
// Parsed from JSON, as a rebuild sees them.
const parsed = <A>(value: object): A => JSON.parse(JSON.stringify(value)) as A

const rosterEvents: Array<RosterEvent.RosterEvent> = []
const participationEvents: Array<readonly [string, ParticipationEvent.ParticipationEvent]> = []
for (let o = 0; o < 20; o++) {
  const organizationId = `org-${o}`
  for (let l = 0; l < 4000; l++) rosterEvents.push(parsed(studentImported(o, l, now)))
  for (let p = 0; p < 3000; p++) {
    const stream = `participation-${organizationId}-${p}`
    const base = { participationId: `${organizationId}-p${p}`, campaignId: `${organizationId}-c`, occurredAt: now }
    const started = { ...base, organizationId, campaignType: "PROFILES_COLLECTION", userId: `u${p}` }
    participationEvents.push([
      stream,
      parsed({ _tag: "ParticipationStarted", ...started, participantExternalId: null, status: "TO_SHARE" })
    ])
    participationEvents.push([stream, parsed({ _tag: "ParticipationLinked", ...base, learnerId: `l${p}` })])
    if (p < 2000)
      participationEvents.push([
        stream,
        parsed({
          _tag: "ProfileShared",
          ...base,
          pixScore: 40,
          masteryRate: 0.1,
          isCertifiable: false,
          competences: []
        })
      ])
  }
}

const medianOf7 = (fold: () => void): number => {
  const times: Array<number> = []
  for (let run = 0; run < 7; run++) {
    ;(globalThis as { gc?: () => void }).gc?.()
    const start = performance.now()
    fold()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[3]!
}

const rosterPure = medianOf7(() => {
  const rosters = new Map<string, Roster.Roster>()
  for (const event of rosterEvents)
    rosters.set(event.organizationId, RosterDecider.evolve(rosters.get(event.organizationId) ?? Roster.initial, event))
})
const rosterInPlace = medianOf7(() => {
  const model = RostersProjection.make()
  for (const event of rosterEvents) RostersProjection.apply(model, event)
})
const participationsPure = medianOf7(() => {
  const streams = new Map<string, Participation.FullState>()
  for (const [stream, event] of participationEvents)
    streams.set(stream, ParticipationDecider.evolve(streams.get(stream) ?? Participation.initial, event))
})
const participationsInPlace = medianOf7(() => {
  const streams = new Map<string, ParticipationsProjection.StreamState>()
  for (const [stream, event] of participationEvents) {
    let state = streams.get(stream)
    if (state === undefined) {
      state = ParticipationsProjection.emptyStream()
      streams.set(stream, state)
    }
    ParticipationsProjection.evolveStream(state, event)
  }
})
const participationsReadModel = medianOf7(() => {
  const model = ParticipationsProjection.make()
  for (const [stream, event] of participationEvents) ParticipationsProjection.apply(model, stream, event)
})

const line = (name: string, events: number, pure: number, inPlace: number) =>
  console.log(
    `${name}, ${events} events: pure evolve ${pure.toFixed(1)} ms, in place ${inPlace.toFixed(1)} ms (pure / in place ${(pure / inPlace).toFixed(1)}), medians of 7`
  )
line("rosters", rosterEvents.length, rosterPure, rosterInPlace)
line("participation streams", participationEvents.length, participationsPure, participationsInPlace)
console.log(
  `participations read model (streams, outcomes and figures, campaigns' lists), ${participationEvents.length} events: ${participationsReadModel.toFixed(1)} ms`
)
