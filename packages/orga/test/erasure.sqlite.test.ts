import { erasureScenario } from "./support/erasure.ts"
import { onSqlite } from "./support/erasureStores.ts"

erasureScenario("erasing a student on SQLite (the file, its write-ahead log, the key table)", onSqlite("memory"))
erasureScenario(
  "erasing a student on SQLite with the read-model tables on (the file, its write-ahead log)",
  onSqlite("tables")
)
