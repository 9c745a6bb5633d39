/**
 * The demo school on first start: seeded once on an empty log with passwords for the demo logins; a restart
 * over the same files seeds nothing and prints the same logins. What the seeding prints (`pnpm demo`) speaks only
 * French, on the first run and on a second one.
 */
import * as Seed from "@orga/demo"
import { Accounts, BackOffice } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import { CredentialStore } from "../../src/auth/CredentialStore.ts"
import * as Password from "../../src/auth/Password.ts"
import * as Config from "../../src/Config.ts"
import * as Demo from "../../src/demo/Demo.ts"
import { tempDir } from "../support.ts"

const start = (config: Config.AppConfig) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const lines = yield* Demo.ensure
      const events = (yield* BackOffice.BackOffice).rebuild.events
      const accounts = yield* Accounts.Accounts
      const credentials = yield* CredentialStore
      const verified: Array<boolean> = []
      for (const { login } of Demo.logins) {
        const account = yield* accounts.accountByLogin(login)
        const hash = account === null ? undefined : yield* credentials.get(account.userId)
        verified.push(hash !== undefined && (yield* Password.verify(hash, Demo.password)).valid)
      }
      return { lines, events, verified }
    }).pipe(Effect.provide(Layer.fresh(Library.layer(config, { pixAdminIds: [Demo.pixAdminId] }))), Effect.scoped)
  )

describe("the demo school", () => {
  it("is seeded on an empty log only, with a password for every demo login", async () => {
    const config = Config.fromEnv({ PORT: "0", DATA_DIR: tempDir("orga-demo-") })
    const first = await start(config)
    expect(first.events).toBe(0)
    expect(first.lines[0]).toMatch(
      /^Premier démarrage : l'établissement de démonstration « Collège Jean Moulin » est créé/
    )
    expect(first.lines).toContain("Comptes de démonstration (mot de passe : Demo-Orga-2026) :")
    expect(first.verified).toEqual([true, true, true, true])
    const again = await start(config)
    expect(again.events).toBeGreaterThan(1000)
    expect(again.lines[0]).toBe("Comptes de démonstration (mot de passe : Demo-Orga-2026) :")
    expect(again.lines.slice(1)).toEqual(first.lines.slice(2))
    expect(again.verified).toEqual([true, true, true, true])
  }, 120_000)

  it("prints only French, twice in a row: Pix's labels, French dates and school years, names, no event count or id", async () => {
    const config = Config.fromEnv({ PORT: "0", DATA_DIR: tempDir("orga-demo-log-") })
    const run = () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const lines: Array<string> = []
          yield* Seed.seed({ log: (line) => lines.push(line), where: "base de test" })
          return lines.join("\n")
        }).pipe(Effect.provide(Layer.fresh(Library.layer(config, { pixAdminIds: [Demo.pixAdminId] }))), Effect.scoped)
      )
    for (const printed of [await run(), await run()]) {
      expect(printed).toMatch(/^Démo Orga — base de test \(données relues en /)
      expect(printed).toContain("Import : Importé, année scolaire 2026-2027, ")
      expect(printed).toMatch(/\d+ élèves ignorés : \d+ partis, \d+ sans INE, \d+ sans classe/)
      expect(printed).toMatch(/ : parti le \d\d\/\d\d\/\d{4}$/m)
      expect(printed).toMatch(
        /^ {4}\d\d\/\d\d\/\d{4} \d\d:\d\d ElevesSansAdresses\.xml, 2026-2027, par Claire Martin : Importé, /m
      )
      expect(printed).toMatch(/^ {2}Administrateur +Claire Martin$/m)
      expect(printed).toMatch(/Date limite de collecte : \d\d\/\d\d\/\d{4} \(/)
      expect(printed).toMatch(/^ {2}\d\d\/\d\d\/\d{4} \d\d:\d\d [^:]+ : [a-zé]/m)
      // Nothing for developers: no status or role code, no event count, no internal id, no ISO date, no error code.
      expect(printed).not.toMatch(
        /IMPORTED|VALIDATION_ERROR|\bADMIN\b|\bMEMBER\b|événement|demo-|\d{4}-\d\d-\d\d|ALREADY|EXIST/
      )
    }
  }, 120_000)
})
