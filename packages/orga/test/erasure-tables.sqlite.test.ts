import { erasureScenario } from "./support/erasure.ts"
import { onSqlite } from "./support/erasureStores.ts"

// The erasure scenario served from the read-model tables (issue 17, one school kept): the instance answers from the
// rows, which hold clear data until erased, and each restart of the scenario starts from them without a replay.
erasureScenario(
  "erasing a student on SQLite, served from the read-model tables (the file, its write-ahead log)",
  onSqlite("served")
)
