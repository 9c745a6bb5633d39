/**
 * The demo school on first start: seeded once on an empty log with passwords for the demo logins; a restart
 * over the same files seeds nothing and prints the same logins.
 */
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
})
