import { erasureScenario } from "./support/erasure.ts"
import { onPostgres } from "./support/erasureStores.ts"

// The erasure scenario served from the read-model tables (issue 17, one school kept), whose rows hold clear data
// until erased; each restart of the scenario starts from them without a replay.
erasureScenario(
  "erasing a student on PostgreSQL, served from the read-model tables (every table)",
  onPostgres("served")
)
