/**
 * A SIECLE preview confirmed without the file (ADR 0052): it appends what an import decided at the confirmation
 * would, plans again when the roster changed in between (no stale write), refuses an unknown, expired or foreign
 * preview in French with nothing written, and imports once however many times it is confirmed.
 */
import { EventStore } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterEach, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Stores from "../src/Stores.ts"
import { config, pixAdmin } from "./support/harness.ts"

const uai = "0331234X"
const organizationId = "org"
const admin = Orga.user("admin")

const file = (eleves: ReadonlyArray<SiecleTesting.Eleve>) =>
  SiecleTesting.encode(
    SiecleTesting.render(
      {
        uai,
        schoolYear: "2026",
        eleves,
        structures: eleves.map((eleve) => SiecleTesting.inDivision(eleve.id, "6A"))
      },
      "UTF-8"
    ),
    "UTF-8"
  )
const alice = SiecleTesting.eleve("1", SiecleTesting.validStudent("111111111AA", { NOM_DE_FAMILLE: "ALICE" }))
const bob = SiecleTesting.eleve(
  "2",
  SiecleTesting.validStudent("222222222BB", { NOM_DE_FAMILLE: "BOB", DATE_NAISS: "02/05/2012" })
)
const carl = SiecleTesting.eleve(
  "3",
  SiecleTesting.validStudent("333333333CC", { NOM_DE_FAMILLE: "CARL", DATE_NAISS: "03/06/2012" })
)

/** An Orga on the memory store with a deterministic runtime, the school registered, and its log readable. */
const school = async () => {
  const runtime = Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z" })
  const managed = ManagedRuntime.make(
    Orga.layer(config).pipe(Layer.provideMerge(Layer.merge(Stores.memory, runtime.layer)))
  )
  const run = <A, E>(effect: Effect.Effect<A, E, Orga.Services | EventStore.EventStore>) => managed.runPromise(effect)
  const fail = async <A, E>(effect: Effect.Effect<A, E, Orga.Services | EventStore.EventStore>) => {
    const exit = await managed.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
    const reason = exit.cause.reasons.find((one) => one._tag === "Fail")
    if (reason === undefined) throw new Error(String(exit.cause))
    return (reason as unknown as { error: { _tag: string; code: string; message: string } }).error
  }
  const orga = await run(Orga.all)
  for (const userId of [pixAdmin, "admin", "admin2"])
    await run(orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
  for (const [id, code] of [
    [organizationId, uai],
    ["other", "0339999Z"]
  ] as const)
    await run(
      orga.registerOrganization(Orga.user(pixAdmin), {
        organizationId: id,
        name: "Collège",
        type: "SCO",
        uai: code,
        isManagingStudents: true
      })
    )
  const invitation = await run(orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "admin@test.fr" }))
  await run(orga.acceptInvitation(admin, { organizationId, ...invitation }))
  const [second] = await run(orga.inviteMembers(admin, { organizationId, emails: ["admin2@test.fr"], role: "ADMIN" }))
  await run(orga.acceptInvitation(Orga.user("admin2"), { organizationId, ...second! }))
  const other = await run(
    orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "other", email: "admin@test.fr" })
  )
  await run(orga.acceptInvitation(admin, { organizationId: "other", ...other }))
  /** The log from `after` on: tag, stream, data without its time, and the use case that wrote it. */
  const log = (after = 0n) =>
    run(
      Effect.flatMap(EventStore.EventStore, (store) => store.readAll({ after, maxCount: 100_000 })).pipe(
        Effect.map((events) =>
          events.map((event) => {
            const { occurredAt: _time, ...data } = event.data as Record<string, unknown>
            // A login's stream is named by a hash keyed per store (ADR 0049): two schools' names differ.
            const streamId = event.streamId.startsWith("user-login-") ? "user-login-(keyed)" : event.streamId
            return { streamId, data, useCase: (event.metadata as { useCase?: string }).useCase }
          })
        )
      )
    )
  const head = () => run(Effect.flatMap(EventStore.EventStore, (store) => store.head))
  const times = (after: bigint) =>
    run(
      Effect.flatMap(EventStore.EventStore, (store) => store.readAll({ after, maxCount: 100_000 })).pipe(
        Effect.map((events) => events.map((event) => (event.data as { occurredAt: string }).occurredAt))
      )
    )
  return { orga, run, fail, log, head, times, clock: runtime.clock, dispose: () => managed.dispose() }
}

type School = Awaited<ReturnType<typeof school>>
const opened: Array<School> = []
const open = async () => {
  const one = await school()
  opened.push(one)
  return one
}
afterEach(async () => {
  for (const one of opened.splice(0)) await one.dispose()
})

const input = (bytes: Uint8Array, fileName = "eleves.xml") => ({ organizationId, fileName, bytes })
const withoutUseCase = (entries: ReadonlyArray<{ streamId: string; data: unknown }>) =>
  entries.map(({ streamId, data }) => ({ streamId, data }))

describe("confirming a SIECLE preview", () => {
  it("appends exactly what an import decided at the confirmation would, stamped at the confirmation", async () => {
    const [confirmed, imported] = [await open(), await open()]
    const first = file([alice, bob])
    for (const one of [confirmed, imported]) await one.run(one.orga.importSiecleFile(admin, input(first, "1.xml")))
    const next = file([alice, carl])
    const start = await confirmed.head()
    const preview = await confirmed.run(confirmed.orga.previewSiecleImport(admin, input(next)))
    expect(preview).toMatchObject({ added: [{ lastName: "CARL" }], disabled: [{ lastName: "BOB" }] })
    expect(preview.previewId).not.toBe("")
    expect(await confirmed.head()).toBe(start)
    const outcome = await confirmed.run(confirmed.orga.confirmSiecleImport(admin, { organizationId, ...preview }))
    // The other school imports the file itself (drawing the ids the preview drew here).
    const direct = await imported.run(imported.orga.importSiecleFile(admin, input(next)))
    expect(outcome).toEqual(direct)
    expect(outcome).toMatchObject({ added: 1, disabled: 1, unchanged: 1 })
    const written = await confirmed.log(start)
    expect(withoutUseCase(written)).toEqual(withoutUseCase(await imported.log(start)))
    expect(written.map((event) => event.useCase)).toEqual(written.map(() => "confirmSiecleImport"))
    // Stamped when confirmed, not when previewed.
    const stamps = new Set(await confirmed.times(start))
    expect(stamps.size).toBe(1)
    const previewedAt = Date.parse(preview.expiresAt) - 30 * 60 * 1000
    expect(Date.parse([...stamps][0]!)).toBeGreaterThan(previewedAt)
    expect(await confirmed.run(confirmed.orga.learners(admin, organizationId))).toEqual(
      await imported.run(imported.orga.learners(admin, organizationId))
    )
  })

  it("plans again when the roster changed since the preview: no stale write", async () => {
    const [confirmed, imported] = [await open(), await open()]
    for (const one of [confirmed, imported]) {
      const preview = await one.run(one.orga.previewSiecleImport(admin, input(file([alice, bob]))))
      expect(preview.added.map((learner) => learner.lastName)).toEqual(["ALICE", "BOB"])
      // Another import lands between the preview and its confirmation: Alice is now known.
      await one.run(one.orga.importSiecleFile(Orga.user("admin2"), input(file([alice]), "autre.xml")))
      if (one === confirmed)
        await one.run(one.orga.confirmSiecleImport(admin, { organizationId, previewId: preview.previewId }))
      else await one.run(one.orga.importSiecleFile(admin, input(file([alice, bob]))))
    }
    expect(withoutUseCase(await confirmed.log())).toEqual(withoutUseCase(await imported.log()))
    const learners = await confirmed.run(confirmed.orga.learners(admin, organizationId))
    // The stale plan would have added Alice a second time.
    expect(learners.map((learner) => learner.lastName).sort()).toEqual(["ALICE", "BOB"])
    const history = await confirmed.run(confirmed.orga.importHistory(admin, organizationId))
    expect(history.map((entry) => [entry.fileName, entry.status])).toContainEqual(["eleves.xml", "IMPORTED"])
  })

  it("refuses an unknown, expired, another user's or another organization's preview in French, writing nothing", async () => {
    const one = await open()
    const preview = await one.run(one.orga.previewSiecleImport(admin, input(file([alice]))))
    const start = await one.head()
    const refusals = [
      one.orga.confirmSiecleImport(admin, { organizationId, previewId: "inconnu" }),
      one.orga.confirmSiecleImport(Orga.user("admin2"), { organizationId, previewId: preview.previewId }),
      one.orga.confirmSiecleImport(admin, { organizationId: "other", previewId: preview.previewId })
    ]
    for (const refusal of refusals)
      expect(await one.fail(refusal)).toMatchObject({
        _tag: "NotFound",
        code: "SIECLE_PREVIEW_NOT_FOUND",
        message: "Cet aperçu d’import est inconnu ou a expiré : envoyez à nouveau le fichier SIECLE pour l’importer."
      })
    one.clock.set(new Date(Date.parse(preview.expiresAt) + 1).toISOString())
    expect(
      await one.fail(one.orga.confirmSiecleImport(admin, { organizationId, previewId: preview.previewId }))
    ).toMatchObject({ code: "SIECLE_PREVIEW_NOT_FOUND" })
    expect(
      await one.fail(one.orga.confirmSiecleImport(admin, { organizationId, previewId: "pas un id !" }))
    ).toMatchObject({ _tag: "InvalidInput" })
    expect(await one.head()).toBe(start)
    expect(await one.run(one.orga.learners(admin, organizationId))).toEqual([])
    // The file itself, sent again with the expired preview's id, is read and imported.
    const again = await one.run(
      one.orga.importSiecleFile(admin, { ...input(file([alice])), previewId: preview.previewId })
    )
    expect(again).toMatchObject({ added: 1 })
  })

  it("imports once however many times a preview is confirmed, one after the other or at once", async () => {
    const one = await open()
    for (const [round, bytes] of [file([alice]), file([alice, bob])].entries()) {
      const preview = await one.run(one.orga.previewSiecleImport(admin, input(bytes)))
      const start = await one.head()
      const confirm = one.orga.confirmSiecleImport(admin, { organizationId, previewId: preview.previewId })
      const exits = await one.run(
        Effect.all(
          [Effect.exit(confirm), Effect.exit(confirm), Effect.exit(confirm)],
          round === 0 ? { concurrency: 1 } : { concurrency: "unbounded" }
        )
      )
      expect(exits.filter(Exit.isSuccess)).toHaveLength(1)
      for (const exit of exits.filter(Exit.isFailure))
        expect(JSON.stringify(exit.cause)).toContain("SIECLE_PREVIEW_ALREADY_CONFIRMED")
      const written = await one.log(start)
      expect(written.filter((event) => (event.data as { _tag: string })._tag === "SiecleImportRecorded")).toHaveLength(
        1
      )
    }
    const history = await one.run(one.orga.importHistory(admin, organizationId))
    expect(history.filter((entry) => entry.status === "IMPORTED")).toHaveLength(2)
  })

  it("imports a file sent again with its preview's id from the preview's plan, and any other file from itself", async () => {
    const [reused, imported] = [await open(), await open()]
    const first = await reused.run(reused.orga.previewSiecleImport(admin, input(file([alice, bob]))))
    await reused.run(reused.orga.importSiecleFile(admin, { ...input(file([alice, bob])), previewId: first.previewId }))
    // The other school imports the file itself (drawing the ids the preview drew here).
    await imported.run(imported.orga.importSiecleFile(admin, input(file([alice, bob]))))
    expect(withoutUseCase(await reused.log())).toEqual(withoutUseCase(await imported.log()))
    // Another file with a preview's id is not the preview's: it is read and imported for what it is.
    const preview = await reused.run(reused.orga.previewSiecleImport(admin, input(file([alice, bob, carl]))))
    const other = await reused.run(
      reused.orga.importSiecleFile(admin, { ...input(file([alice])), previewId: preview.previewId })
    )
    expect(other).toMatchObject({ added: 0, disabled: 1 })
    const confirmed = await reused.run(
      reused.orga.confirmSiecleImport(admin, { organizationId, previewId: preview.previewId })
    )
    expect(confirmed).toMatchObject({ added: 1, reenabled: 1 })
  })

  it("keeps a bounded number of plans: the oldest preview is forgotten first", async () => {
    const one = await open()
    const previews = []
    for (let index = 0; index < 9; index++)
      previews.push(await one.run(one.orga.previewSiecleImport(admin, input(file([alice]), `${index}.xml`))))
    expect(
      await one.fail(one.orga.confirmSiecleImport(admin, { organizationId, previewId: previews[0]!.previewId }))
    ).toMatchObject({ code: "SIECLE_PREVIEW_NOT_FOUND" })
    expect(
      await one.run(one.orga.confirmSiecleImport(admin, { organizationId, previewId: previews[1]!.previewId }))
    ).toMatchObject({ fileName: "1.xml", added: 1 })
  })
})
