/**
 * Graceful shutdown of the whole app (every endpoint, as `pnpm start` runs it): SIGTERM while a 3,000-student
 * SIECLE import is being handled lets that request finish with its answer, then refuses new connections and
 * exits; started again on the same data, the app shows the import's learners, every one of them.
 */
import * as Path from "node:path"
import { Accounts, Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import * as Password from "../src/auth/Password.ts"
import * as SqliteCredentialStore from "../src/auth/SqliteCredentialStore.ts"
import * as OpsProcess from "./fixtures/OpsProcess.ts"
import { tempDir } from "./support.ts"

const { start } = OpsProcess.tracked()

const started = async (dataDir: string) => {
  // On the data dir's SQLite files and master key file, as the test wrote them (the test run's DATABASE_URL and
  // master key are left out).
  const running = await start(
    { DATA_DIR: dataDir, DATABASE_URL: "", ORGA_MASTER_KEY: "", PIX_ADMIN_IDS: "pix", SHUTDOWN_GRACE_MS: "20000" },
    "app"
  )
  const deadline = Date.now() + 60_000
  while (!running.output().includes("Orga écoute sur")) {
    if (running.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the app did not start:\n${running.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { ...running, url: `http://127.0.0.1:${running.port}` }
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads view bodies by field
const json = async (url: string, method: string, token: string | undefined, body?: unknown): Promise<any> => {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text}`)
  return text === "" ? undefined : JSON.parse(text)
}

const signIn = (url: string, login: string, password: string) =>
  json(`${url}/auth/sign-in`, "POST", undefined, { login, password, kind: "token", application: "app" }).then(
    (body) => body.token as string
  )

describe("graceful shutdown of the app", () => {
  it("finishes an import in flight on SIGTERM, then refuses new connections and exits; the import is all there", async () => {
    const dataDir = tempDir("orga-shutdown-")
    // The Pix admin, with a password, before the app starts (PIX_ADMIN_IDS names him).
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* (yield* Accounts.Accounts).registerUser({
          userId: "pix",
          firstName: "Pix",
          lastName: "Admin",
          email: "admin@pix.fr"
        })
        const credentials = yield* SqliteCredentialStore.make(Path.join(dataDir, "credentials.db"))
        yield* credentials.set("pix", yield* Password.hash("Pix-Admin-2026"), Date.now())
      }).pipe(
        Effect.scoped,
        Effect.provide(
          Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
            Layer.provide(Layer.merge(Sqlite.layer(Path.join(dataDir, "orga.db")), Runtime.live))
          )
        )
      )
    )
    const app = await started(dataDir)
    const pix = await signIn(app.url, "admin@pix.fr", "Pix-Admin-2026")
    const { organizationId } = await json(`${app.url}/back-office/organizations`, "POST", pix, {
      name: "Collège",
      type: "SCO",
      uai: "0331234X",
      isManagingStudents: true
    })
    const invitation = await json(
      `${app.url}/back-office/organizations/${organizationId}/first-admin-invitation`,
      "POST",
      pix,
      { email: "claire@college.fr" }
    )
    await json(`${app.url}/auth/sign-up`, "POST", undefined, {
      firstName: "Claire",
      lastName: "M",
      email: "claire@college.fr",
      password: "Claire-2026"
    })
    const claire = await signIn(app.url, "claire@college.fr", "Claire-2026")
    await json(`${app.url}/invitations/${invitation.invitationId}/accept`, "POST", claire, {
      organizationId,
      code: invitation.code
    })
    await json(`${app.url}/me/pix-orga-terms`, "POST", claire)

    const school = SiecleTesting.generateSchool({ seed: 9, students: 3000, uai: "0331234X", schoolYear: "2026" })
    const form = new FormData()
    form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
    // The upload is sent in two halves with the signal between them, so the request is in flight when the signal
    // comes whatever the machine's speed (a timer raced the import on a fast machine).
    const multipart = new Response(form)
    const contentType = multipart.headers.get("content-type") ?? ""
    const bytes = new Uint8Array(await multipart.arrayBuffer())
    const half = Math.floor(bytes.length / 2)
    let sendRest: () => void = () => undefined
    const restSent = new Promise<void>((resolve) => {
      sendRest = resolve
    })
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.subarray(0, half))
        await restSent
        controller.enqueue(bytes.subarray(half))
        controller.close()
      }
    })
    let answered = false
    const importing = fetch(`${app.url}/organizations/${organizationId}/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${claire}`, "content-type": contentType },
      body,
      duplex: "half"
    } as RequestInit)
    void importing.then(() => {
      answered = true
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    app.child.kill("SIGTERM")
    // Once the signal is handled nothing new gets in, while the half-sent import is still waiting for its answer.
    const health = () =>
      fetch(`${app.url}/health`, { headers: { connection: "close" } }).then(
        () => "answered",
        () => "refused"
      )
    await expect.poll(health, { timeout: 10_000, interval: 50 }).toBe("refused")
    expect(answered).toBe(false)
    sendRest()
    const answer = await importing
    expect(answer.status).toBe(200)
    const outcome = (await answer.json()) as { status: string; added: number }
    expect(outcome.status).toBe("IMPORTED")
    expect(outcome.added).toBeGreaterThan(2000)
    await app.exited

    const again = await started(dataDir)
    const token = await signIn(again.url, "claire@college.fr", "Claire-2026")
    const learners = await json(`${again.url}/organizations/${organizationId}/learners`, "GET", token)
    expect(learners).toHaveLength(outcome.added)
    again.child.kill("SIGTERM")
    await again.exited
  }, 120_000)
})
