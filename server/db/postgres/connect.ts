/**
 * The PostgreSQL side of openDatabase: Kysely's PostgresDialect over a `pg` Pool whose rows look like
 * better-sqlite3's, so the query code needs no per-backend handling of values (server/db/README.md
 * "PostgreSQL"):
 * - bigint (count, sum of integers) and numeric (avg) become JS numbers, as SQLite returns them (every
 *   count and sum of this product is far below 2^53);
 * - dates are stored as ISO `YYYY-MM-DD` text (postgres/date-as-text.ts), so no Date objects appear;
 * - json (dialect.packValues) is parsed by pg, which unpackValues accepts;
 * - SQLite's functions that dialect.ts writes are compiled to PostgreSQL's (AppPostgresDialect).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PostgresCompiler } from '../../metrics/dialect';
import type { Database } from '../database';

/** Kysely's PostgreSQL dialect with the SQL functions of dialect.ts translated (PostgresCompiler). */
class AppPostgresDialect extends PostgresDialect {
  override createQueryCompiler() {
    return new PostgresCompiler();
  }
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** pg's own parsers, with bigint and numeric as numbers. Per pool: other pg users keep the defaults. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/** Whether a database URL names a PostgreSQL server (else it is a SQLite file or ':memory:'). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The URL to show in logs: a PostgreSQL URL's password replaced by `***`. */
export function withoutPassword(url: string): string {
  if (!isPostgresUrl(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * A pool on the server at `url`. POSTGRES_POOL_SIZE caps its connections (default 10): async all the
 * way, so one app process serves many requests over a few connections.
 */
export function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.POSTGRES_POOL_SIZE ?? 10),
    types,
  });
  // A pooled connection the server closes while idle (a restart, a failover) is reported here and replaced
  // on the next query; without a listener the 'error' event would end the process.
  pool.on('error', (error) =>
    console.error('PostgreSQL 连接断开 / PostgreSQL connection lost:', error.message),
  );
  return new Kysely<Database>({ dialect: new AppPostgresDialect({ pool }) });
}
