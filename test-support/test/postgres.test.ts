import Pg from "pg"
import { describe, expect, inject, it } from "vitest"

describe("PostgreSQL for tests", () => {
  it("has a server for every run (started privately when DATABASE_URL is unset) and answers a real query", async () => {
    const url = inject("databaseUrl")
    expect(url).toMatch(/^postgres:\/\//)
    const client = new Pg.Client({ connectionString: url })
    await client.connect()
    try {
      const result = await client.query<{ answer: number; version: string }>(
        "select 6 * 7 as answer, current_setting('server_version') as version"
      )
      expect(result.rows[0]?.answer).toBe(42)
      expect(result.rows[0]?.version).toMatch(/^\d+/)
    } finally {
      await client.end()
    }
  })
})
