/**
 * Everything in the metrics SQL that differs between SQLite and PostgreSQL, in one place.
 * The rest of the engine uses portable SQL: ISO date text compares as dates, slot calendars are a
 * table (calendar_slots), yes/no are 0/1 integers summed with CASE.
 */
import { type RawBuilder, sql } from 'kysely';

/** The first day of the month of an ISO date expression (`2025-03-14` → `2025-03-01`). */
export function monthStartOf(dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<string> {
  // PostgreSQL: sql`date_trunc('month', ${dateExpr})::date`
  return sql<string>`substr(${dateExpr}, 1, 7) || '-01'`;
}

/**
 * Drivers return aggregates as number (better-sqlite3) or string (pg bigint/numeric); every row is
 * coerced here, at the edge of the database.
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}
