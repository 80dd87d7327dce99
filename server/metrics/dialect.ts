/**
 * Everything in the metrics SQL that differs between SQLite and PostgreSQL, in one place.
 * The rest of the engine uses portable SQL: ISO date text compares as dates, slot calendars are a
 * table (calendar_slots), yes/no are 0/1 integers summed with CASE.
 */
import { type QueryExecutorProvider, type RawBuilder, sql } from 'kysely';

/** The first day of the month of an ISO date expression (`2025-03-14` → `2025-03-01`). */
export function sqlMonthStartOf(
  dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>,
): RawBuilder<string> {
  // PostgreSQL: sql`date_trunc('month', ${dateExpr})::date`
  return sql<string>`substr(${dateExpr}, 1, 7) || '-01'`;
}

/** 1 January of the year of an ISO date expression (`2025-03-14` → `2025-01-01`). */
export function sqlYearStartOf(
  dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>,
): RawBuilder<string> {
  // PostgreSQL: sql`date_trunc('year', ${dateExpr})::date`
  return sql<string>`substr(${dateExpr}, 1, 4) || '-01-01'`;
}

/** 31 December of the year of an ISO date expression (`2025-03-14` → `2025-12-31`). */
export function sqlYearEndOf(dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<string> {
  // PostgreSQL: sql`(date_trunc('year', ${dateExpr}) + interval '1 year - 1 day')::date`
  return sql<string>`substr(${dateExpr}, 1, 4) || '-12-31'`;
}

/**
 * Many columns packed into ONE value per row (a JSON array), read back with `unpackNumbers` /
 * `unpackValues`. Wide rows are the engine's hot path: better-sqlite3 builds a JS object property by
 * property per row (and slower as the heap grows), while one JSON text per row is parsed natively —
 * several times faster (PERFORMANCE.md "Packed rows").
 * SQLite renders doubles in JSON with round-trip precision, so the numbers are exactly the columns'.
 */
export function packValues(columns: readonly RawBuilder<unknown>[]): RawBuilder<string> {
  // PostgreSQL: sql`json_build_array(${sql.join(columns)})` (at most 100 arguments; pg parses it to an
  // array, dates become 'YYYY-MM-DD' strings).
  return sql<string>`json_array(${sql.join(columns)})`;
}

/** The values of a `packValues` value, in column order. */
export function unpackValues(value: unknown): unknown[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as unknown[];
}

/** The numbers of a `packValues` value of numeric columns, in column order (null → 0). */
export function unpackNumbers(value: unknown): number[] {
  const list = unpackValues(value);
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'number') list[i] = toNumber(list[i]);
  return list as number[];
}

/**
 * Drivers return aggregates as number (better-sqlite3) or string (pg bigint/numeric); every row is
 * coerced here, at the edge of the database.
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/**
 * A value that changes whenever the data the metrics read may have changed, on any connection or
 * process: `data_version.n`, moved by triggers on every such table (migration 20261206T1000), for
 * caching derived results (memo.ts, the shared HTTP answers). Session, login and audit writes do not move
 * it. Null where the table is missing (then nothing is cached).
 */
export async function dataVersion(db: QueryExecutorProvider): Promise<string | null> {
  const { rows } = await sql<{ n: number | string }>`select n from data_version where id = 1`.execute(db);
  const row = rows[0];
  return row ? String(row.n) : null;
}

/**
 * A value that changes whenever a value the metrics are computed from changes: `metrics_version.n`
 * (migration 20261212T0100), which unlike dataVersion stays put when only titles, notes or names are
 * edited. Keys the metrics memo (memo.ts), whose results hold none of those. Null where the table is
 * missing (then nothing is memoized).
 */
export async function metricsVersion(db: QueryExecutorProvider): Promise<string | null> {
  const { rows } = await sql<{ n: number | string }>`select n from metrics_version where id = 1`.execute(db);
  const row = rows[0];
  return row ? String(row.n) : null;
}
