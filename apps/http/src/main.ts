/**
 * `pnpm start`: the reference HTTP app on its defaults (http://127.0.0.1:3000, data in `./data`: the event log
 * `orga.db`, `sessions.db`, `credentials.db`, `outbox/`), or as the environment says (`PORT`, `HOST`,
 * `DATA_DIR`, `DATABASE_URL`, `SMTP_URL`, `PUBLIC_URL`, `MAX_BODY_BYTES`, `SHUTDOWN_GRACE_MS`, `MAIL_FROM`,
 * `PIX_ADMIN_IDS`, `ORGA_MASTER_KEY`, `ORGA_MASTER_KEY_FILE`, `ORGA_READ_MODELS`, `ORGA_CACHE_SCHOOLS`,
 * `ORGA_HEAP_GROWTH`; the master key file `orga.db.master-key` is generated beside the log on a fresh data dir). On
 * an empty log it seeds the demo school and prints the demo logins. SIGTERM or Ctrl+C stops it once requests in
 * flight have finished.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Layer from "effect/Layer"
import * as App from "./App.ts"
import * as Library from "./api/Library.ts"
import * as OrgaApi from "./api/OrgaApi.ts"
import * as Config from "./Config.ts"
import * as Demo from "./demo/Demo.ts"
import * as Heap from "./server/Heap.ts"
import * as Server from "./server/Server.ts"
import * as Web from "./web/Web.ts"

let config: Config.AppConfig
try {
  config = Config.fromEnv(process.env)
} catch (error) {
  if (!(error instanceof Config.InvalidConfig)) throw error
  process.stderr.write(`Configuration invalide : ${error.message}\n`)
  process.exit(1)
}
// Before anything of size is allocated: how far the heap may grow past what it holds (`ORGA_HEAP_GROWTH`).
Heap.apply(config)

// One event store for the library, the outbox, the position middleware and the readiness probe.
const events = App.eventStore(config)
const library = Library.layer(
  config,
  { pixAdminIds: [Demo.pixAdminId, ...Library.pixAdminIdsFromEnv(process.env)] },
  events
)

// The demo is seeded before the server listens; its logins are printed after the URL.
Layer.launch(
  Demo.announce.pipe(
    Layer.provide(
      App.launchable(
        Server.serve(Layer.merge(Server.app(OrgaApi.Api, Library.handlers), Web.layer), config),
        config,
        events
      )
    ),
    Layer.provideMerge(Demo.layer),
    Layer.provideMerge(library)
  )
).pipe(NodeRuntime.runMain)
