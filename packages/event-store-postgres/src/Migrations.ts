/**
 * Versioned, idempotent schema migrations of the PostgreSQL event store.
 *
 * Each migration has a number and runs once per schema, in its own transaction, recorded in
 * `<schema>.schema_migrations`. The whole run holds a session advisory lock keyed by the schema, so app
 * instances starting at the same time wait for each other instead of clashing; the second one finds every
 * migration recorded and does nothing.
 *
 * @since 0.1.0
 */
import type * as Pg from "pg"
import { advisoryKeyOf, channelOf } from "./internal/Identifiers.ts"

/**
 * One migration: a version (applied in increasing order, never renumbered) and its statements.
 *
 * @since 0.1.0
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: (schema: string) => string
}

const createTables = (s: string): string => `
CREATE TABLE ${s}.events (
  global_position bigint PRIMARY KEY,
  event_id text NOT NULL UNIQUE,
  stream_id text NOT NULL,
  stream_version bigint NOT NULL,
  event_type text NOT NULL,
  data json NOT NULL,
  metadata json NOT NULL,
  command_id text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_version)
);
CREATE TABLE ${s}.streams (
  stream_id text PRIMARY KEY,
  version bigint NOT NULL
);
-- One row: the last global position handed out. Appends take its row lock right before inserting their events,
-- so positions are handed out in commit order and readers never see a hole (see ADR 0020).
CREATE TABLE ${s}.positions (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last bigint NOT NULL
);
INSERT INTO ${s}.positions (singleton, last) VALUES (true, 0);
CREATE TABLE ${s}.commands (
  command_id text PRIMARY KEY,
  result json
);
CREATE TABLE ${s}.projection_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`

/*
 * The append in one round trip. Event data and metadata arrive as JSON texts inside the events document (a
 * \u0000 escape cannot be turned into PostgreSQL text, but a JSON text holding it can be cast to json). Streams are checked (and their rows locked) in stream-id order so two
 * multi-stream appends cannot deadlock; the positions row is locked last and held until commit.
 * A failed expectation raises SQLSTATE OEV01 with the stream's index and actual version in DETAIL: the
 * statement, hence the whole append, is rolled back.
 */
const insertEvents = (s: string): string => `INSERT INTO ${s}.events
      (global_position, event_id, stream_id, stream_version, event_type, data, metadata, command_id)
    SELECT v_last - v_total + e.n, e.i, p_stream_ids[e.s], v_starts[e.s] + e.k, e.t, e.d::json, e.m::json, p_command_id
      FROM json_to_recordset(p_events) AS e(s int, k bigint, n bigint, i text, t text, d text, m text);`

// The events and their scopes (`c`) in one statement: the events document is parsed once, for both tables. One
// index row per run of consecutive events (`n`) with one scope: `n` minus the event's rank in its scope is constant
// along a run and changes at every other event, so an import of 5,000 events of one scope writes one row.
const insertScopedEvents = (s: string): string => `WITH e AS MATERIALIZED (
      SELECT * FROM json_to_recordset(p_events) AS e(s int, k bigint, n bigint, i text, t text, d text, m text, c text)
    ), written AS (
      INSERT INTO ${s}.events
        (global_position, event_id, stream_id, stream_version, event_type, data, metadata, command_id)
      SELECT v_last - v_total + e.n, e.i, p_stream_ids[e.s], v_starts[e.s] + e.k, e.t, e.d::json, e.m::json, p_command_id
        FROM e
    )
    INSERT INTO ${s}.event_scopes (scope, first_position, last_position)
    SELECT r.c, v_last - v_total + min(r.n), v_last - v_total + max(r.n)
      FROM (SELECT e.c, e.n, e.n - row_number() OVER (PARTITION BY e.c ORDER BY e.n) AS run FROM e WHERE e.c IS NOT NULL) r
     GROUP BY r.c, r.run;`

const createAppendFunction = (s: string, scoped = false): string => `
${scoped ? "CREATE OR REPLACE" : "CREATE"} FUNCTION ${s}.append_events(
  p_stream_ids text[],
  p_kinds text[],
  p_expected bigint[],
  p_counts int[],
  p_events json,
  p_command_id text
) RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  v_index int;
  v_count int;
  v_kind text;
  v_version bigint;
  v_actual bigint;
  v_versions bigint[] := array_fill(0::bigint, ARRAY[cardinality(p_stream_ids)]);
  v_starts bigint[] := array_fill(0::bigint, ARRAY[cardinality(p_stream_ids)]);
  v_total int := 0;
  v_last bigint;
  v_result json;
BEGIN
  IF p_command_id IS NOT NULL THEN
    INSERT INTO ${s}.commands (command_id) VALUES (p_command_id) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      SELECT result INTO v_result FROM ${s}.commands WHERE command_id = p_command_id;
      RETURN json_build_object('duplicate', true, 'result', v_result);
    END IF;
  END IF;

  FOR v_index IN
    SELECT i FROM generate_subscripts(p_stream_ids, 1) AS i ORDER BY p_stream_ids[i], i
  LOOP
    v_count := p_counts[v_index];
    v_kind := p_kinds[v_index];
    v_total := v_total + v_count;
    v_version := NULL;
    IF v_count = 0 THEN
      SELECT version INTO v_actual FROM ${s}.streams WHERE stream_id = p_stream_ids[v_index] FOR SHARE;
      v_actual := coalesce(v_actual, 0);
      IF (v_kind = 'any')
        OR (v_kind = 'noStream' AND v_actual = 0)
        OR (v_kind = 'streamExists' AND v_actual > 0)
        OR (v_kind = 'exact' AND v_actual = p_expected[v_index]) THEN
        v_version := v_actual;
      END IF;
    ELSIF v_kind = 'any' THEN
      INSERT INTO ${s}.streams AS st (stream_id, version) VALUES (p_stream_ids[v_index], v_count)
        ON CONFLICT (stream_id) DO UPDATE SET version = st.version + excluded.version
        RETURNING version INTO v_version;
    ELSIF v_kind = 'noStream' OR (v_kind = 'exact' AND p_expected[v_index] = 0) THEN
      INSERT INTO ${s}.streams (stream_id, version) VALUES (p_stream_ids[v_index], v_count)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING version INTO v_version;
    ELSE
      UPDATE ${s}.streams SET version = version + v_count
        WHERE stream_id = p_stream_ids[v_index] AND (v_kind = 'streamExists' OR version = p_expected[v_index])
        RETURNING version INTO v_version;
    END IF;
    IF v_version IS NULL THEN
      SELECT version INTO v_actual FROM ${s}.streams WHERE stream_id = p_stream_ids[v_index];
      RAISE EXCEPTION 'wrong expected version' USING
        ERRCODE = 'OEV01',
        DETAIL = json_build_object('index', v_index, 'actual', coalesce(v_actual, 0)::text)::text;
    END IF;
    v_versions[v_index] := v_version;
    v_starts[v_index] := v_version - v_count;
  END LOOP;

  IF v_total > 0 THEN
    UPDATE ${s}.positions SET last = last + v_total RETURNING last INTO v_last;
    ${scoped ? insertScopedEvents(s) : insertEvents(s)}
    PERFORM pg_notify('${channelOf(s)}', v_last::text);
  ELSE
    SELECT last INTO v_last FROM ${s}.positions;
  END IF;

  v_result := json_build_object('streams', p_stream_ids, 'versions', v_versions::text[], 'position', v_last::text);
  IF p_command_id IS NOT NULL THEN
    UPDATE ${s}.commands SET result = v_result WHERE command_id = p_command_id;
  END IF;
  RETURN json_build_object('duplicate', false, 'result', v_result);
END
$fn$;
`

/*
 * Group commit: several appends of one process in one transaction and one round trip, so they share the
 * positions lock and one WAL flush. Each append runs in its own subtransaction: a failed one (conflict,
 * duplicate event id, data PostgreSQL refuses) is rolled back alone and reported in its slot; the others commit together.
 */
const createAppendBatchFunction = (s: string): string => `
CREATE FUNCTION ${s}.append_batch(p_batch json) RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  v_append json;
  v_answers json[] := '{}';
  v_answer json;
  v_state text;
  v_detail text;
  v_constraint text;
  v_message text;
BEGIN
  FOR v_append IN SELECT value FROM json_array_elements(p_batch)
  LOOP
    BEGIN
      v_answer := ${s}.append_events(
        ARRAY(SELECT json_array_elements_text(v_append->'streams')),
        ARRAY(SELECT json_array_elements_text(v_append->'kinds')),
        ARRAY(SELECT json_array_elements_text(v_append->'expected'))::bigint[],
        ARRAY(SELECT json_array_elements_text(v_append->'counts'))::int[],
        v_append->'events',
        v_append->>'commandId'
      );
    EXCEPTION
      WHEN SQLSTATE 'OEV01' OR unique_violation OR data_exception THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_detail = PG_EXCEPTION_DETAIL,
          v_constraint = CONSTRAINT_NAME, v_message = MESSAGE_TEXT;
        v_answer := json_build_object('error', json_build_object(
          'code', v_state, 'detail', v_detail, 'constraint', v_constraint, 'message', v_message));
    END;
    v_answers := v_answers || v_answer;
  END LOOP;
  RETURN array_to_json(v_answers);
END
$fn$;
`

/*
 * The index of `readScope` (ADR 0041): one row `(scope, first_position, last_position)` per run of consecutive
 * events of one append whose metadata holds the same string at the store's scope key, inserted by the append
 * function in the append's transaction (the events document carries each event's scope as `c`, computed by the
 * client). An append's positions are consecutive (the positions row), so a run holds exactly
 * `last_position - first_position + 1` events, all of its scope. A table of its own, so the rows the start-up
 * replay scans stay as they were.
 * `scope_key` records the key the index was built from (none yet: the start that follows fills it, `indexScopes`).
 */
const createScopes = (s: string): string => `
CREATE TABLE ${s}.event_scopes (
  scope text NOT NULL,
  first_position bigint NOT NULL,
  last_position bigint NOT NULL,
  PRIMARY KEY (scope, first_position)
);
CREATE TABLE ${s}.scope_key (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  key text
);
INSERT INTO ${s}.scope_key (singleton, key) VALUES (true, NULL);
${createAppendFunction(s, true)}`

/**
 * The migrations, in order. Append new ones at the end; never edit or renumber an applied one.
 *
 * @since 0.1.0
 */
export const migrations: ReadonlyArray<Migration> = [
  { version: 1, name: "events, streams, positions, commands, projection checkpoints", sql: createTables },
  { version: 2, name: "append function", sql: createAppendFunction },
  { version: 3, name: "group commit function", sql: createAppendBatchFunction },
  { version: 4, name: "scope index, written by the append function", sql: createScopes }
]

/**
 * Brings the scope index of `schema` to `scopeKey` and answers the key the store indexes from now on. The schema
 * owns its key: a start without one keeps the recorded key; a start with another key rebuilds the index from the
 * events' metadata in one statement, in one transaction holding the index's table lock (appends wait), under the
 * migrations' advisory lock (instances starting together do it once). Starts with the recorded key do nothing.
 *
 * @since 0.1.0
 */
export const indexScopes = async (
  pool: Pg.Pool,
  schema: string,
  scopeKey: string | undefined
): Promise<string | undefined> => {
  const recordedKey = async (client: Pg.PoolClient) =>
    (await client.query<{ key: string | null }>(`SELECT key FROM ${schema}.scope_key`)).rows[0]?.key ?? undefined
  const client = await pool.connect()
  let broken = false
  try {
    const recorded = await recordedKey(client)
    if (scopeKey === undefined || scopeKey === recorded) return recorded
    const lockKey = advisoryKeyOf(`orga-event-store-migrations:${schema}`)
    await client.query("SELECT pg_advisory_lock($1::bigint)", [lockKey])
    try {
      await client.query("BEGIN")
      try {
        await client.query(`LOCK TABLE ${schema}.event_scopes IN EXCLUSIVE MODE`)
        // Another instance may have rebuilt it while this one waited for the lock.
        if ((await recordedKey(client)) !== scopeKey) {
          await client.query(`DELETE FROM ${schema}.event_scopes`)
          await client.query(
            // Runs of one scope at consecutive positions (the rebuild knows no appends: a run may join several,
            // never holds another event), as the append function writes them.
            `INSERT INTO ${schema}.event_scopes (scope, first_position, last_position)
             SELECT scope, min(global_position), max(global_position) FROM (
               SELECT scope, global_position,
                      global_position - row_number() OVER (PARTITION BY scope ORDER BY global_position) AS run
               FROM (SELECT metadata ->> $1::text AS scope, global_position FROM ${schema}.events
                     WHERE json_typeof(metadata -> $1::text) = 'string') scoped
             ) runs GROUP BY scope, run`,
            [scopeKey]
          )
          await client.query(`UPDATE ${schema}.scope_key SET key = $1`, [scopeKey])
        }
        await client.query("COMMIT")
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined)
        throw error
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [lockKey]).catch(() => {
        broken = true
      })
    }
    return scopeKey
  } catch (error) {
    broken = true
    throw error
  } finally {
    client.release(broken)
  }
}

/**
 * Brings `schema` up to the last of `list` (default: every migration; creating the schema if needed) and answers
 * the versions it applied (empty when everything was already there). Safe to call from many processes at once.
 *
 * @since 0.1.0
 */
export const migrate = async (
  pool: Pg.Pool,
  schema: string,
  list: ReadonlyArray<Migration> = migrations
): Promise<ReadonlyArray<number>> => {
  const client = await pool.connect()
  const lockKey = advisoryKeyOf(`orga-event-store-migrations:${schema}`)
  let broken = false
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [lockKey])
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`
      )
      const applied = new Set(
        (await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`)).rows.map(
          (row) => row.version
        )
      )
      const done: Array<number> = []
      for (const migration of list) {
        if (applied.has(migration.version)) continue
        await client.query("BEGIN")
        try {
          await client.query(migration.sql(schema))
          await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
            migration.version,
            migration.name
          ])
          await client.query("COMMIT")
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined)
          throw error
        }
        done.push(migration.version)
      }
      return done
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [lockKey]).catch(() => {
        broken = true
      })
    }
  } catch (error) {
    broken = true
    throw error
  } finally {
    client.release(broken)
  }
}
