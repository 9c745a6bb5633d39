/**
 * `pnpm start`: the reference HTTP app on its defaults (http://127.0.0.1:3000, data in `./data`), or as the
 * environment says (`PORT`, `HOST`, `DATA_DIR`, `DATABASE_URL`, `SMTP_URL`, `PUBLIC_URL`, `MAX_BODY_BYTES`,
 * `SHUTDOWN_GRACE_MS`, `MAIL_FROM`). SIGTERM or Ctrl+C stops it once requests in flight have finished.
 *
 * @since 0.1.0
 */
import { NodeRuntime } from "@effect/platform-node"
import * as Layer from "effect/Layer"
import * as App from "./App.ts"
import * as Config from "./Config.ts"
import * as Server from "./server/Server.ts"
import * as SystemApi from "./server/SystemApi.ts"

let config: Config.AppConfig
try {
  config = Config.fromEnv(process.env)
} catch (error) {
  if (!(error instanceof Config.InvalidConfig)) throw error
  process.stderr.write(`Configuration invalide : ${error.message}\n`)
  process.exit(1)
}

Layer.launch(App.launchable(Server.serve(Server.app(SystemApi.Api, SystemApi.handlers), config), config)).pipe(
  NodeRuntime.runMain
)
