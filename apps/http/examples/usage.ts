import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { FetchHttpClient, HttpServer } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import * as Layer from "effect/Layer"
import * as App from "../src/App.ts"
import * as Config from "../src/Config.ts"
import * as Server from "../src/server/Server.ts"
import * as SystemApi from "../src/server/SystemApi.ts"

/** Serves the app on a free port for the scope, then talks to it with the typed client and with fetch. */
export const usage = (dataDir: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const config = Config.fromEnv({ PORT: "0", DATA_DIR: dataDir })
      const running = yield* Layer.build(
        Server.serve(Server.app(SystemApi.Api, SystemApi.handlers), config).pipe(Layer.provide(App.services(config)))
      )
      const address = Context.get(running, HttpServer.HttpServer).address
      const baseUrl = `http://127.0.0.1:${"port" in address ? address.port : 0}`

      // The typed client, generated from the same API definition as the server.
      const client = yield* HttpApiClient.make(SystemApi.Api, { baseUrl })
      const health = yield* client.system.health()
      const ready = yield* client.system.ready()

      // Any failure is a French problem+json with Pix's code.
      const problem = yield* Effect.promise(async () => {
        const response = await fetch(`${baseUrl}/nowhere`)
        const body = (await response.json()) as { code: string; detail: string }
        return `${response.status} ${response.headers.get("content-type")} ${body.code} ${body.detail}`
      })
      return [health.status, ready.status, problem]
    })
  ).pipe(Effect.provide(FetchHttpClient.layer))
