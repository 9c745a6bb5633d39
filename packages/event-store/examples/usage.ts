import { CommandHandler, EventCodec, MemoryEventStore, ProjectionRunner, ProjectionSink } from "@orga/event-store"
import { Effect, Result, Schema } from "effect"

// 1. Events: a union of tagged schemas, encoded to the store by a codec.
const MemberInvited = Schema.TaggedStruct("MemberInvited", { email: Schema.String })
const TeamEvent = Schema.Union([MemberInvited])
type TeamEvent = typeof TeamEvent.Type
const codec = EventCodec.make({ schema: TeamEvent })

// 2. A decider: the team refuses to invite the same e-mail twice.
class AlreadyInvited extends Schema.TaggedError<AlreadyInvited>()("AlreadyInvited", { email: Schema.String }) {}
const team: CommandHandler.Decider<{ readonly email: string }, ReadonlySet<string>, TeamEvent, AlreadyInvited> = {
  initialState: new Set(),
  evolve: (invited, event) => new Set(invited).add(event.email),
  decide: (command, invited) =>
    invited.has(command.email)
      ? Result.fail(new AlreadyInvited({ email: command.email }))
      : Result.succeed([MemberInvited.make({ email: command.email })])
}

// 3. A projection: how many invitations were sent.
const invitations = ProjectionSink.makeMemory({
  name: "invitations",
  projection: { initialState: 0, evolve: (count: number, _event: TeamEvent) => count + 1 },
  decode: ProjectionSink.decodeWith(codec)
})

export const program = Effect.gen(function* () {
  const store = yield* MemoryEventStore.make()
  const invite = CommandHandler.make({ store, codec }, team)
  const first = yield* invite("organization-1", { email: "prof@college.fr" }, { commandId: "cmd-1" })
  const again = yield* invite("organization-1", { email: "prof@college.fr" }, { commandId: "cmd-1" })
  const refused = yield* Effect.flip(invite("organization-1", { email: "prof@college.fr" }))
  yield* ProjectionRunner.catchUp(store, invitations)
  return [
    `invited at position ${first.position}`,
    `re-delivered: duplicate=${again.duplicate}`,
    `refused: ${refused._tag}`,
    `invitations: ${yield* invitations.state}`
  ]
})
