/**
 * The server over real HTTP on loopback: health and readiness, security headers, request ids and logs without
 * personal data, body limits, the error table row by row, French validation problems, OpenAPI and the reference page.
 */

import * as Effect from "effect/Effect"
import { FetchHttpClient } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ErrorStatus from "../src/server/ErrorStatus.ts"
import * as Problem from "../src/server/Problem.ts"
import * as SystemApi from "../src/server/SystemApi.ts"
import { errorsByTag } from "./fixtures/ProbeApi.ts"
import { type Running, start } from "./support.ts"

let app: Running
beforeAll(async () => {
  app = await start()
})
afterAll(() => app.close())

const json = { "content-type": "application/json" }

const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
  return (await response.json()) as { status: number; title: string; detail: string; code: string; meta: object }
}

describe("health and readiness", () => {
  it("answers /health and /ready when the stores answer", async () => {
    expect(await (await fetch(`${app.url}/health`)).json()).toEqual({ status: "ok" })
    expect(await (await fetch(`${app.url}/ready`)).json()).toEqual({ status: "ready" })
  })

  it("answers /ready with a 503 naming the store that does not answer, /health still 200", async () => {
    const failing = await start({}, [
      { name: "sessions", check: Effect.void },
      { name: "event-store", check: Effect.fail("down") }
    ])
    try {
      const ready = await fetch(`${failing.url}/ready`)
      expect(ready.status).toBe(503)
      const problem = await problemOf(ready)
      expect(problem).toMatchObject({ code: "SERVICE_UNAVAILABLE", meta: { failing: ["event-store"] } })
      expect(problem.detail).toMatch(/n'est pas prêt/)
      expect((await fetch(`${failing.url}/health`)).status).toBe(200)
      // The typed client decodes the problem into its class.
      const error = await Effect.runPromise(
        Effect.gen(function* () {
          const client = yield* HttpApiClient.make(SystemApi.Api, { baseUrl: failing.url })
          return yield* Effect.flip(client.system.ready())
        }).pipe(Effect.provide(FetchHttpClient.layer))
      )
      expect(error).toBeInstanceOf(Problem.Unavailable)
      expect(error).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", meta: { failing: ["event-store"] } })
    } finally {
      await failing.close()
    }
  })
})

describe("security headers", () => {
  it("sends them on every answer (success, problem, unknown route), HSTS only behind TLS", async () => {
    for (const path of ["/health", "/probe/fail/NotFound", "/nowhere", "/docs"]) {
      const response = await fetch(`${app.url}${path}`)
      const csp = response.headers.get("content-security-policy") ?? ""
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain("unsafe-inline")
      expect(response.headers.get("x-content-type-options")).toBe("nosniff")
      expect(response.headers.get("referrer-policy")).toBe("same-origin")
      expect(response.headers.get("strict-transport-security")).toBeNull()
    }
    const tls = await start({ PUBLIC_URL: "https://orga.example.fr" })
    try {
      const response = await fetch(`${tls.url}/health`)
      expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=31536000/)
    } finally {
      await tls.close()
    }
  })
})

describe("request ids and logs", () => {
  it("gives each request an id, keeps a well-formed one sent by a proxy, replaces a malformed one", async () => {
    const a = (await fetch(`${app.url}/health`)).headers.get("x-request-id")
    const b = (await fetch(`${app.url}/health`)).headers.get("x-request-id")
    expect(a).toMatch(/^[0-9a-f-]{36}$/)
    expect(a).not.toBe(b)
    const kept = await fetch(`${app.url}/health`, { headers: { "x-request-id": "proxy-1234abcd" } })
    expect(kept.headers.get("x-request-id")).toBe("proxy-1234abcd")
    const replaced = await fetch(`${app.url}/health`, { headers: { "x-request-id": "bad id\twith <html>" } })
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("logs one JSON line per request with the id, method, path, status, and no personal data", async () => {
    const before = app.logs.length
    const response = await fetch(`${app.url}/probe/echo?email=jean.dupont%40example.fr&nom=Dupont`, {
      method: "POST",
      headers: { ...json, cookie: "orga_session=secret-cookie-value", authorization: "Bearer orga_secret" },
      body: JSON.stringify({ name: "Jean Dupont", age: 12 })
    })
    expect(response.status).toBe(200)
    const lines = app.logs.slice(before)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      msg: "request",
      level: "info",
      method: "POST",
      path: "/probe/echo",
      status: 200,
      requestId: response.headers.get("x-request-id")
    })
    const text = JSON.stringify(lines)
    for (const personal of ["jean", "Dupont", "example.fr", "secret", "127.0.0.1", "email"])
      expect(text).not.toContain(personal)
  })

  it("logs a defect by its name only and answers a 500 that says nothing of it", async () => {
    const before = app.logs.length
    const response = await fetch(`${app.url}/probe/throw/anything`)
    expect(response.status).toBe(500)
    const problem = await problemOf(response)
    expect(problem).toMatchObject({ code: "INTERNAL_ERROR", title: "Erreur interne" })
    expect(JSON.stringify(problem)).not.toContain("jean")
    expect(JSON.stringify(app.logs.slice(before))).not.toContain("jean")
    expect(app.logs.slice(before)[0]).toMatchObject({ level: "error", status: 500 })
  })
})

describe("the error table", () => {
  const rows = Object.entries(ErrorStatus.statusByTag) as Array<[keyof typeof errorsByTag, number]>

  it("maps every tag the app knows, and nothing else", () => {
    expect(Object.keys(errorsByTag).sort()).toEqual(Object.keys(ErrorStatus.statusByTag).sort())
    expect(ErrorStatus.statusOf("SomethingElse")).toBe(500)
    expect(ErrorStatus.statusOf("toString")).toBe(500)
  })

  for (const [tag, status] of rows) {
    it(`${tag} → ${status}, from a handler and from the router`, async () => {
      for (const route of ["fail", "raw"]) {
        const response = await fetch(`${app.url}/probe/${route}/${tag}`)
        expect(response.status).toBe(status)
        const problem = await problemOf(response)
        expect(problem.status).toBe(status)
        const error = errorsByTag[tag]
        if ("code" in error && "message" in error && status < 500 && tag !== "SiecleImportFailed") {
          expect(problem.code).toBe(error.code)
          expect(problem.detail).toBe(error.message)
          expect(problem.meta).toEqual(error.meta)
        }
        expect(problem.detail).toMatch(/[a-zé]/)
        // Internal messages (English, maybe personal) never reach the client.
        expect(JSON.stringify(problem)).not.toMatch(/connection refused|jean@|bad event|sessions:/)
        if (tag === "RateLimited" && route === "raw") expect(response.headers.get("retry-after")).toBe("42")
      }
    })
  }

  it("lists a refused SIECLE file's errors in meta", async () => {
    const problem = await problemOf(await fetch(`${app.url}/probe/fail/SiecleImportFailed`))
    expect(problem).toMatchObject({
      status: 422,
      code: "SIECLE_IMPORT_FAILED",
      meta: { errors: [{ code: "INE_REQUIRED", detail: "L'INE est obligatoire.", meta: {} }] }
    })
  })
})

describe("bad input", () => {
  const post = (body: string, headers: Record<string, string> = json) =>
    fetch(`${app.url}/probe/echo`, { method: "POST", headers, body })

  it("answers malformed JSON with a French 400", async () => {
    const response = await post("{not json")
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem).toMatchObject({ status: 400, title: "Requête invalide", code: "INVALID_REQUEST" })
    expect(problem.detail).toMatch(/requête est invalide/)
  })

  it("answers wrong types and missing fields with a French 400 naming the fields, without echoing values", async () => {
    const wrong = await problemOf(await post(JSON.stringify({ name: "jean.secret@example.fr", age: "douze" })))
    expect(wrong.meta).toEqual({ errors: [{ path: ["payload", "age"], message: "Valeur invalide." }] })
    const wrongType = await problemOf(await post(JSON.stringify({ name: 12, age: 1 })))
    expect(wrongType.meta).toEqual({ errors: [{ path: ["payload", "name"], message: "Type de valeur incorrect." }] })
    const missing = await problemOf(await post(JSON.stringify({ age: 3 })))
    expect(missing.meta).toEqual({ errors: [{ path: ["payload", "name"], message: "Champ obligatoire manquant." }] })
    expect(JSON.stringify(wrong)).not.toContain("jean.secret")
  })

  it("answers a declared oversized body with 413 PAYLOAD_TOO_LARGE before reading it", async () => {
    const response = await post(JSON.stringify({ name: "x".repeat(70_000), age: 1 }))
    expect(response.status).toBe(413)
    const problem = await problemOf(response)
    expect(problem).toMatchObject({ code: "PAYLOAD_TOO_LARGE", meta: { maxSizeInBytes: 65536 } })
    expect(problem.detail).toBe("Le contenu envoyé est trop volumineux (au plus 64 Ko).")
  })

  it("answers an upload announcing more than 20 MB with 413 at once, without waiting for the body", async () => {
    const { request } = await import("node:http")
    const url = new URL(`${app.url}/organizations/o-1/imports`)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: { "content-type": "application/zip", "content-length": String(25 * 1024 * 1024) }
        },
        (response) => {
          let body = ""
          response.on("data", (chunk: Buffer) => {
            body += chunk.toString("utf8")
          })
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }))
        }
      )
      outgoing.on("error", reject)
      // Headers only: the 25 MB never come. An app that read the body first would never answer.
      outgoing.flushHeaders()
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      detail: "Le contenu envoyé est trop volumineux (au plus 20 Mo).",
      meta: { maxSizeInBytes: 20 * 1024 * 1024 }
    })
  })

  it("answers an oversized body sent without Content-Length (chunked) with 413 too", async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`{"name":"${"x".repeat(40_000)}`))
        controller.enqueue(new TextEncoder().encode(`${"y".repeat(40_000)}","age":1}`))
        controller.close()
      }
    })
    const response = await fetch(`${app.url}/probe/echo`, {
      method: "POST",
      headers: json,
      body: chunks,
      duplex: "half"
    } as RequestInit)
    expect(response.status).toBe(413)
    expect((await problemOf(response)).code).toBe("PAYLOAD_TOO_LARGE")
  })

  it("answers an unknown route with a French 404", async () => {
    const problem = await problemOf(await fetch(`${app.url}/nowhere`))
    expect(problem).toMatchObject({ status: 404, code: "ROUTE_NOT_FOUND", detail: "Cette adresse n'existe pas." })
  })
})

describe("OpenAPI and the reference page", () => {
  it("serves the OpenAPI document with the problems' schemas", async () => {
    const spec = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    expect(spec.openapi).toBe("3.1.0")
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/health", "/ready", "/probe/echo"]))
    expect(Object.keys(spec.paths["/probe/echo"]?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "400"])
    )
    expect(Object.keys(spec.paths["/ready"]?.get?.responses ?? {})).toContain("503")
    expect(JSON.stringify(spec.paths["/ready"]?.get?.responses["503"])).toContain("application/problem+json")
  })

  it("serves a French reference page listing every operation, without inline script or style", async () => {
    const response = await fetch(`${app.url}/docs`)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toContain('<html lang="fr">')
    expect(html).toContain("Référence de l'API")
    for (const path of ["/health", "/ready", "/probe/echo", "/auth/sign-in"])
      expect(html).toContain(`<code>${path}</code>`)
    expect(html).toContain("Les stockages répondent (disponibilité)")
    expect(html).not.toMatch(/<script|style=|<style/)
    const css = await fetch(`${app.url}/docs/style.css`)
    expect(css.headers.get("content-type")).toMatch(/^text\/css/)
  })
})
