/**
 * Test helpers: the app served in this process on a free loopback port, with its log lines collected.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { Stores } from "@orga/orga"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { SessionStore } from "../src/auth/SessionStore.ts"
import * as SqliteSessionStore from "../src/auth/SqliteSessionStore.ts"
import * as Config from "../src/Config.ts"
import { IdempotencyStore } from "../src/idempotency/IdempotencyStore.ts"
import * as SqliteIdempotencyStore from "../src/idempotency/SqliteIdempotencyStore.ts"
import * as RateLimit from "../src/safety/RateLimit.ts"
import * as Readiness from "../src/server/Readiness.ts"
import { LogSink } from "../src/server/RequestLog.ts"
import * as Server from "../src/server/Server.ts"
import * as Probe from "./fixtures/ProbeApi.ts"

export interface Running {
  readonly url: string
  readonly logs: Array<Record<string, unknown>>
  readonly close: () => Promise<void>
}

/** A fresh data directory under the system's temporary directory. */
export const tempDir = (prefix = "orga-http-"): string => Fs.mkdtempSync(Path.join(Os.tmpdir(), prefix))

/** Starts the probe app on port 0 with the given environment and readiness probes. */
export const start = async (
  env: Record<string, string> = {},
  probes: ReadonlyArray<Readiness.Probe> = []
): Promise<Running> => {
  const config = Config.fromEnv({ PORT: "0", DATA_DIR: tempDir(), ...env })
  const logs: Array<Record<string, unknown>> = []
  const scope = Effect.runSync(Scope.make())
  const layer = Server.serve(Layer.merge(Server.app(Probe.ProbeApi, Probe.handlers), Probe.routes), config).pipe(
    Layer.provideMerge(Layer.succeed(Config.Config, config)),
    Layer.provideMerge(Readiness.layer(probes)),
    Layer.provideMerge(RateLimit.layerMemory()),
    Layer.provideMerge(Layer.effect(SessionStore, SqliteSessionStore.make(Path.join(config.dataDir, "sessions.db")))),
    Layer.provideMerge(
      Layer.effect(IdempotencyStore, SqliteIdempotencyStore.make(Path.join(config.dataDir, "idempotency.db")))
    ),
    Layer.provideMerge(Stores.memory),
    Layer.provide(Layer.succeed(LogSink, (line) => logs.push(line)))
  )
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  const server = Context.get(context, HttpServer.HttpServer)
  const address = server.address
  if (!("port" in address)) throw new Error("expected a TCP address")
  return {
    url: `http://127.0.0.1:${address.port}`,
    logs,
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
