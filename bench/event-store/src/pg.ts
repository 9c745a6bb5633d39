/**
 * The few `pg` calls the benchmark makes itself (admin statements, seeding, Emmett's reads). The bench package
 * has no `@types/pg`; this module gives those calls their types.
 */
// @ts-expect-error pg ships no types of its own, and this package does not depend on @types/pg.
import * as PgUntyped from "pg"

/** A query answer. */
export interface QueryResult<R> {
  readonly rows: Array<R>
  readonly rowCount: number | null
}

/** What the benchmark uses of a client or a pool. */
export interface Queryable {
  readonly query: <R = Record<string, unknown>>(
    text: string,
    values?: ReadonlyArray<unknown>
  ) => Promise<QueryResult<R>>
}

/** A single connection. */
export interface Client extends Queryable {
  readonly connect: () => Promise<void>
  readonly end: () => Promise<void>
}

/** A pool of connections. */
export interface Pool extends Queryable {
  readonly end: () => Promise<void>
}

const pg = PgUntyped as unknown as {
  readonly Client: new (options: { connectionString: string }) => Client
  readonly Pool: new (options: { connectionString: string; max: number }) => Pool
}

export const Client = pg.Client
export const Pool = pg.Pool
