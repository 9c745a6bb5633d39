/**
 * Vitest global setup: makes sure every test run has a PostgreSQL server.
 *
 * With `DATABASE_URL` set, nothing is started. Otherwise a private cluster is started for the run and its URL
 * is exported as `DATABASE_URL` (workers inherit it) and provided as `databaseUrl`. A test that needs
 * PostgreSQL reads it and fails, never skips, when there is none.
 */
import type { TestProject } from "vitest/node"
import { startPostgresCluster } from "./postgres-cluster.ts"

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.DATABASE_URL
  if (given) {
    project.provide("databaseUrl", given)
    return () => {}
  }
  const cluster = await startPostgresCluster()
  process.env.DATABASE_URL = cluster.url
  project.provide("databaseUrl", cluster.url)
  return () => cluster.stop()
}
