/**
 * Pure pieces: settings from the environment, the reference page's escaping, the logged path, body limits per
 * route, the problem bodies.
 */
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import * as Config from "../src/Config.ts"
import * as BodyLimit from "../src/server/BodyLimit.ts"
import * as ReferencePage from "../src/server/ReferencePage.ts"
import { loggedPath, pathOf, requestIdOf } from "../src/server/RequestLog.ts"

describe("Config.fromEnv", () => {
  it("runs on its defaults", () => {
    const config = Config.fromEnv({}, "/srv/orga")
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      dataDir: Path.resolve("/srv/orga/data"),
      databaseUrl: undefined,
      smtpUrl: undefined,
      publicUrl: "http://127.0.0.1:3000",
      maxBodyBytes: 65536,
      shutdownGraceMillis: 10_000,
      mailFrom: "Pix Orga <ne-pas-repondre@orga.localhost>",
      outboxLeaseMillis: 60_000,
      outboxRetryMillis: 5_000,
      masterKey: undefined,
      masterKeyFile: Path.resolve("/srv/orga/data/orga.db.master-key"),
      fastPath: true
    })
    expect(Config.behindTls(config)).toBe(false)
  })

  it("reads where the library answers from (ORGA_READ_MODELS, ORGA_CACHE_SCHOOLS), refusing other values", () => {
    expect(Config.fromEnv({ ORGA_READ_MODELS: "tables", ORGA_CACHE_SCHOOLS: "5" })).toMatchObject({
      readModels: "tables",
      cacheSchools: 5
    })
    expect(Config.fromEnv({ ORGA_READ_MODELS: "memory" }).readModels).toBe("memory")
    expect(Config.fromEnv({}).readModels).toBeUndefined()
    expect(() => Config.fromEnv({ ORGA_READ_MODELS: "disk" })).toThrow(/ORGA_READ_MODELS doit valoir memory ou tables/)
    expect(() => Config.fromEnv({ ORGA_CACHE_SCHOOLS: "0" })).toThrow(/ORGA_CACHE_SCHOOLS doit être un entier/)
  })

  it("bounds the heap's growth by 15 % when serving from the tables, as ORGA_HEAP_GROWTH says otherwise", () => {
    expect(Config.fromEnv({ ORGA_READ_MODELS: "tables" }).heapGrowthPercent).toBe(15)
    expect(Config.fromEnv({ ORGA_READ_MODELS: "tables", ORGA_HEAP_GROWTH: "0" }).heapGrowthPercent).toBeUndefined()
    expect(Config.fromEnv({}).heapGrowthPercent).toBeUndefined()
    expect(Config.fromEnv({ ORGA_HEAP_GROWTH: "50" }).heapGrowthPercent).toBe(50)
    expect(() => Config.fromEnv({ ORGA_HEAP_GROWTH: "-1" })).toThrow(/ORGA_HEAP_GROWTH doit être un entier entre 0/)
    expect(() => Config.fromEnv({ ORGA_HEAP_GROWTH: "beaucoup" })).toThrow(/ORGA_HEAP_GROWTH/)
  })

  it("turns the fast path off with FAST_PATH=off only", () => {
    expect(Config.fromEnv({ FAST_PATH: "off" }).fastPath).toBe(false)
    expect(Config.fromEnv({ FAST_PATH: "on" }).fastPath).toBe(true)
  })

  it("reads every setting, and TLS from PUBLIC_URL", () => {
    const config = Config.fromEnv(
      {
        PORT: "8080",
        HOST: "0.0.0.0",
        DATA_DIR: "/var/lib/orga",
        DATABASE_URL: "postgres://orga@db/orga",
        SMTP_URL: "smtp://relay:25",
        PUBLIC_URL: "https://orga.example.fr/",
        MAX_BODY_BYTES: "1048576",
        SHUTDOWN_GRACE_MS: "0",
        MAIL_FROM: "Collège <college@example.fr>",
        ORGA_MASTER_KEY: "c2VjcmV0LWRlLWxhLWNsZS1tYWl0cmVzc2UtMzJvY3Q=",
        ORGA_MASTER_KEY_FILE: "/etc/orga/master-key"
      },
      "/"
    )
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      dataDir: "/var/lib/orga",
      databaseUrl: "postgres://orga@db/orga",
      smtpUrl: "smtp://relay:25",
      publicUrl: "https://orga.example.fr",
      maxBodyBytes: 1048576,
      shutdownGraceMillis: 0,
      masterKey: "c2VjcmV0LWRlLWxhLWNsZS1tYWl0cmVzc2UtMzJvY3Q=",
      masterKeyFile: "/etc/orga/master-key"
    })
    expect(Config.behindTls(config)).toBe(true)
  })

  it("refuses bad values with a French message naming the setting", () => {
    for (const [env, message] of [
      [{ PORT: "70000" }, /^PORT doit être un entier entre 0 et 65535/],
      [{ PORT: "3000.5" }, /^PORT/],
      [{ MAX_BODY_BYTES: "12" }, /^MAX_BODY_BYTES/],
      [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL doit commencer par postgres/],
      [{ SMTP_URL: "http://x" }, /^SMTP_URL doit commencer par smtp/],
      [{ PUBLIC_URL: "pas une adresse" }, /^PUBLIC_URL n'est pas une adresse valide/]
    ] as const)
      expect(() => Config.fromEnv(env)).toThrow(message)
  })
})

describe("request log helpers", () => {
  it("logs paths without query strings, fragments or e-mail addresses", () => {
    expect(pathOf("/a/b?email=x@y.fr#z")).toBe("/a/b")
    expect(loggedPath("/accounts/jean.dupont@example.fr/reset?x=1")).toBe("/accounts/:email/reset")
    expect(loggedPath("/accounts/jean%40example.fr")).toBe("/accounts/:email")
    expect(loggedPath("/campaigns/42/results")).toBe("/campaigns/42/results")
  })

  it("keeps only well-formed request ids", () => {
    expect(requestIdOf("abcdefgh-1234")).toBe("abcdefgh-1234")
    for (const bad of [undefined, "short", "x".repeat(65), "with space 12345", "a\nb-12345678"])
      expect(requestIdOf(bad)).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe("body limits", () => {
  it("gives uploads 20 MB and JSON the configured limit", () => {
    expect(BodyLimit.limitFor("/organizations/o-1/imports", 65536)).toBe(20 * 1024 * 1024)
    expect(BodyLimit.limitFor("/organizations/o-1/imports/preview", 65536)).toBe(20 * 1024 * 1024)
    expect(BodyLimit.limitFor("/organizations/o-1/campaigns", 65536)).toBe(65536)
  })

  it("judges a declared length, and distrusts one that is not a number", () => {
    expect(BodyLimit.declaredTooLarge(undefined, 10)).toBe(false)
    expect(BodyLimit.declaredTooLarge("10", 10)).toBe(false)
    expect(BodyLimit.declaredTooLarge("11", 10)).toBe(true)
    expect(BodyLimit.declaredTooLarge("1e9", 10)).toBe(true)
    expect(BodyLimit.declaredTooLarge("-1", 10)).toBe(true)
  })
})

describe("reference page", () => {
  it("escapes what the document says", () => {
    const html = ReferencePage.render({
      openapi: "3.1.0",
      info: { title: "<Orga>", version: "1", description: "l'API & ses <b>règles</b>" },
      paths: {
        "/x/{id}": { get: { tags: ["Équipe"], summary: "<script>alert(1)</script>", responses: { "200": {} } } }
      },
      components: { schemas: {}, securitySchemes: {} },
      security: [],
      tags: []
    } as never)
    expect(html).not.toContain("<script>")
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(html).toContain("&lt;Orga&gt;")
    expect(html).toContain("<h2>Équipe</h2>")
    expect(html).toContain("<code>/x/{id}</code>")
  })
})
