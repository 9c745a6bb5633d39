/**
 * The KurrentDB server of a test run, if any: `KURRENTDB_CONNECTION_STRING` (e.g.
 * `kurrentdb://admin:changeit@localhost:2113?tls=false`). Without it, the suites that need a server are
 * registered as skipped (vitest and `pnpm test` count them as skipped, never as passed) and the run says why.
 */
import { randomBytes } from "node:crypto"

export const connectionString: string | undefined = process.env.KURRENTDB_CONNECTION_STRING || undefined

/** Says once per test file that its live suites were not run, and why. */
export const sayWhenNotRun = (what: string): void => {
  if (connectionString === undefined) {
    console.log(
      `[event-store-kurrentdb] NOT RUN: ${what}. KURRENTDB_CONNECTION_STRING is not set, so no KurrentDB server ` +
        "was reachable; these tests are reported as skipped, not passed."
    )
  }
}

/** A namespace no other test uses: each test's store is empty. */
export const freshNamespace = (): string => `t${Date.now().toString(36)}${randomBytes(6).toString("hex")}`
