import { erasureScenario } from "./support/erasure.ts"
import { onPostgres } from "./support/erasureStores.ts"

erasureScenario(
  "erasing a student on PostgreSQL (every table of the store's schema, every column)",
  onPostgres("memory")
)
erasureScenario(
  "erasing a student on PostgreSQL with the read-model tables on (every table, every column)",
  onPostgres("tables")
)
