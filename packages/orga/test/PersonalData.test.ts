/**
 * Crypto-shredding as the library applies it: every event with personal fields goes through the codec and the
 * shredder and comes back equal; erasing any subset of subjects leaves every other subject readable; a wrong
 * master key, a forged value, a key file others may read or a lost key file stop with a clear error, nothing
 * decrypted and nothing written.
 */
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { PersonalSubjects, StoredEvent } from "@orga/domain"
import { Arbitraries } from "@orga/domain/testing"
import { EventStore, KeyStore, MemoryEventStore, ShreddedStore, Shredding } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Streams from "../src/internal/Streams.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { tempSqlite } from "./support/harness.ts"

const member = (tag: string): Schema.Top => {
  const find = (ast: SchemaAST.AST): SchemaAST.AST | undefined => {
    if (SchemaAST.isUnion(ast)) {
      for (const type of ast.types) {
        const found = find(type)
        if (found !== undefined) return found
      }
      return undefined
    }
    const literal = SchemaAST.isObjects(ast)
      ? ast.propertySignatures.find((property) => property.name === "_tag")?.type
      : undefined
    return literal !== undefined && SchemaAST.isLiteral(literal) && literal.literal === tag ? ast : undefined
  }
  return Schema.make(find(StoredEvent.StoredEvent.ast)!) as Schema.Top
}

const fromSchema = (schema: Schema.Top): fc.Arbitrary<unknown> => Arbitraries.fromSchema(schema as never)

const shredder = (keyStore = KeyStore.memory(), masterKey = new Uint8Array(32).fill(7)) =>
  Effect.runPromise(Shredding.make({ rules: PersonalData.rules, keyStore, masterKey }))

const codec = Streams.codec()

const recorded = (event: EventStore.NewEvent, position: number): EventStore.RecordedEvent => ({
  ...event,
  streamId: "s",
  metadata: event.metadata ?? {},
  streamVersion: 1n,
  globalPosition: BigInt(position),
  recordedAt: new Date(0),
  commandId: null
})

describe("PersonalData: the codec and the shredder", () => {
  for (const tag of Object.keys(PersonalSubjects.rules))
    it(`round-trips every ${tag}: its personal fields sealed, then decoded equal`, async () => {
      const shredding = await shredder()
      const rule = PersonalSubjects.rules[tag]!
      await fc.assert(
        fc.asyncProperty(fromSchema(member(tag)), async (event) => {
          const encoded = Result.getOrThrow(codec.encodeResult(event as StoredEvent.StoredEvent))
          // What a store gives back is JSON: the event read from a store that does not shred is the reference.
          const stored = (data: unknown): unknown => JSON.parse(JSON.stringify(data))
          const read = codec.decodeResult({ ...recorded(encoded, 1), data: stored(encoded.data) })
          // Values JSON cannot hold (an infinite count) no store keeps either.
          fc.pre(Result.isSuccess(read))
          const plain = Result.getOrThrow(read)
          const [sealed] = await Effect.runPromise(shredding.sealAll([encoded]))
          const data = stored(sealed!.data) as Record<string, unknown>
          if (Shredding.sealedOf(data) !== undefined)
            for (const field of rule.fields) expect(Object.hasOwn(data, field)).toBe(false)
          const opened = { ...recorded(sealed!, 1), data: shredding.open(tag, data) }
          expect(Result.getOrThrow(codec.decodeResult(opened))).toEqual(plain)
        }),
        { numRuns: 40 }
      )
    })

  it("erasing any subset of learners leaves every other learner readable, also after a restart", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 8 }),
        fc.array(fromSchema(member("StudentImported")), { minLength: 8, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        async (learnerIds, records, erase) => {
          const keyStore = KeyStore.memory()
          const first = await shredder(keyStore)
          const events = learnerIds.map(
            (learnerId, index) => ({ ...(records[index] as object), learnerId }) as StoredEvent.StoredEvent
          )
          const sealed = await Effect.runPromise(
            first.sealAll(events.map((event) => Result.getOrThrow(codec.encodeResult(event))))
          )
          const erased = new Set(learnerIds.filter((_, index) => erase[index]))
          for (const learnerId of erased) await Effect.runPromise(first.erase(PersonalSubjects.learner(learnerId)))
          for (const reader of [first, await shredder(keyStore)]) {
            await Effect.runPromise(reader.prepare(sealed.map((event) => event.data)))
            sealed.forEach((event, index) => {
              const learnerId = learnerIds[index]!
              const decoded = Result.getOrThrow(
                codec.decodeResult({ ...recorded(event, index + 1), data: reader.open(event.type, event.data) })
              )
              if (erased.has(learnerId)) expect(decoded).toMatchObject(PersonalSubjects.erasedLearnerRecord(learnerId))
              else expect(decoded).toEqual(events[index])
            })
          }
        }
      ),
      { numRuns: 40 }
    )
  })

  it("never decrypts a forged value: a typed TAMPERED failure, through the store too", async () => {
    const shredding = await shredder()
    const event = Result.getOrThrow(
      codec.encodeResult({
        _tag: "UserRegistered",
        userId: "u-1",
        firstName: "Léa",
        lastName: "Martin",
        email: "lea@mail.fr",
        username: null,
        samlId: null,
        occurredAt: "2026-09-14T08:00:00.000Z"
      })
    )
    const [sealed] = await Effect.runPromise(shredding.sealAll([event]))
    const [subject, text] = Shredding.sealedOf(sealed!.data)!
    const bytes = Buffer.from(text, "base64")
    bytes[20] = bytes[20]! ^ 1
    const forged = { ...(sealed!.data as object), $personal: [subject, bytes.toString("base64")] }
    expect(() => shredding.open("UserRegistered", forged)).toThrow(Shredding.ShreddingError)
    // Another subject's value moved onto this event does not open either (the subject is authenticated).
    const other = { ...(sealed!.data as object), $personal: ["user:u-2", text] }
    await Effect.runPromise(shredding.prepare([other]))
    expect(shredding.open("UserRegistered", other)).toMatchObject({ firstName: "Utilisateur" })
    const store = ShreddedStore.wrap(
      {
        ...MemoryEventStore.makeUnsafe(),
        readAll: () => Effect.succeed([recorded({ ...sealed!, data: forged }, 1)])
      },
      shredding
    )
    const exit = await Effect.runPromiseExit(store.readAll({ after: 0n, maxCount: 10 }))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toContain("ne peut pas être authentifiée")
  })
})

describe("PersonalData: the master key of a SQLite store", () => {
  const started = (filename: string, personalData?: PersonalData.Options) =>
    Effect.runPromiseExit(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* EventStore.EventStore
          return yield* store.head
        }).pipe(Effect.provide(Sqlite.layer(filename, personalData === undefined ? {} : { personalData })))
      )
    )
  const keyRows = (filename: string) => {
    const connection = new DatabaseSync(filename)
    try {
      return connection
        .prepare("SELECT subject, hex(wrapped) AS wrapped FROM personal_data_keys ORDER BY subject")
        .all()
    } finally {
      connection.close()
    }
  }

  it("generates a key file readable by its owner only, for a new store", async () => {
    const file = tempSqlite()
    try {
      expect(Exit.isSuccess(await started(file.filename))).toBe(true)
      expect(statSync(`${file.filename}.master-key`).mode & 0o777).toBe(0o600)
      const key = readFileSync(`${file.filename}.master-key`, "utf8")
      expect(Exit.isSuccess(await started(file.filename, { masterKey: key }))).toBe(true)
    } finally {
      file.cleanup()
    }
  })

  it("refuses a wrong master key at start-up: a clear error, nothing decrypted, nothing overwritten", async () => {
    const file = tempSqlite()
    try {
      expect(Exit.isSuccess(await started(file.filename))).toBe(true)
      const before = keyRows(file.filename)
      const exit = await started(file.filename, { masterKey: Shredding.generateMasterKey() })
      expect(Exit.isFailure(exit)).toBe(true)
      expect(Exit.isFailure(exit) && exit.cause.reasons[0]).toMatchObject({ error: { reason: "WRONG_MASTER_KEY" } })
      expect(String(exit)).toContain("La clé maîtresse configurée ne correspond pas")
      expect(keyRows(file.filename)).toEqual(before)
      expect(Exit.isFailure(await started(file.filename, { masterKey: "trop-court" }))).toBe(true)
    } finally {
      file.cleanup()
    }
  })

  it("refuses a key file others may read, and a lost key file of a store with keys (creating none)", async () => {
    const file = tempSqlite()
    const keyFile = `${file.filename}.master-key`
    try {
      expect(Exit.isSuccess(await started(file.filename))).toBe(true)
      chmodSync(keyFile, 0o644)
      expect(String(await started(file.filename))).toContain("lisible par d'autres utilisateurs")
      const lost = `${file.filename}.autre-cle`
      expect(String(await started(file.filename, { masterKeyFile: lost }))).toContain("introuvable")
      expect(existsSync(lost)).toBe(false)
    } finally {
      file.cleanup()
    }
  })
})
