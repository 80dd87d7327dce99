/**
 * Everything in the SQL that differs between SQLite and PostgreSQL, in one place.
 * The rest of the code uses portable SQL: dates are ISO `YYYY-MM-DD` text on both backends (so they
 * compare as dates and `substr` cuts them), slot calendars are a table (calendar_slots), yes/no are 0/1
 * integers summed with CASE.
 *
 * The backend is chosen per database instance, not per process (copy-db opens both): the functions
 * below write SQLite's function (json_array, group_concat, char, json_extract) as a function node, and a
 * PostgreSQL instance compiles those nodes to its own forms (PostgresCompiler, used by
 * db/postgres/connect.ts). So a query builder needs no handle on the database to be portable.
 */
import {
  type Expression,
  expressionBuilder,
  type FunctionNode,
  PostgresAdapter,
  PostgresQueryCompiler,
  type QueryExecutorProvider,
  type RawBuilder,
  sql,
} from 'kysely';

/** Whether this database (or transaction) is PostgreSQL; everything else here is SQLite. */
export function isPostgres(db: QueryExecutorProvider): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const fn = expressionBuilder().fn;

/**
 * The VALUES list of a hand-built multi-row INSERT (demo/batch-insert.ts): `rows` tuples of `columns`
 * parameters, as SQLite's `?` or PostgreSQL's numbered `$1, $2, …`.
 */
export function valuesPlaceholders(db: QueryExecutorProvider, rows: number, columns: number): string {
  const tuples: string[] = [];
  const isNumbered = isPostgres(db);
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 1; c <= columns; c++) marks.push(isNumbered ? `$${r * columns + c}` : '?');
    tuples.push(`(${marks.join(', ')})`);
  }
  return tuples.join(', ');
}

/** A column that references another table's key (`units.parent_id` → `units`). */
export interface TForeignKey {
  table: string;
  column: string;
  references: string;
}

/** Every foreign key of the schema, from the database's own catalog (copy-db orders its tables by them). */
export async function foreignKeysOf(db: QueryExecutorProvider): Promise<TForeignKey[]> {
  const query = isPostgres(db)
    ? sql<TForeignKey>`select c.conrelid::regclass::text as "table", a.attname as "column",
        c.confrelid::regclass::text as "references"
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`
    : sql<TForeignKey>`select m.name as "table", k."from" as "column", k."table" as "references"
      from sqlite_master m join pragma_foreign_key_list(m.name) k where m.type = 'table'`;
  return (await query.execute(db)).rows;
}

/**
 * After rows were written with their ids (copy-db), the next id the table assigns comes after the
 * largest: PostgreSQL's identity sequence is moved there; SQLite takes max(id) + 1 by itself.
 */
export async function restartIdentityAfterMax(
  db: QueryExecutorProvider,
  table: string,
  column: string,
): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select setval(pg_get_serial_sequence(${table}, ${column}),
    coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
}

/**
 * Switches a table's own triggers (the roll-up and version triggers; not the foreign keys) off or on
 * again, inside the caller's transaction. PostgreSQL only: copy-db writes tables whose derived rows
 * (roll-ups, versions, stale marks) are copied too, so the triggers would only redo that work row by
 * row. SQLite cannot switch triggers off: there they run and the copy refreshes what they marked.
 */
export async function setTableTriggers(
  db: QueryExecutorProvider,
  table: string,
  enabled: boolean,
): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table ${sql.table(table)} ${sql.raw(enabled ? 'enable' : 'disable')} trigger user`.execute(
    db,
  );
}

/** The first day of the month of an ISO date expression (`2025-03-14` → `2025-03-01`). */
export function sqlMonthStartOf(
  dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>,
): RawBuilder<string> {
  return sql<string>`substr(${dateExpr}, 1, 7) || '-01'`;
}

/** 1 January of the year of an ISO date expression (`2025-03-14` → `2025-01-01`). */
export function sqlYearStartOf(
  dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>,
): RawBuilder<string> {
  return sql<string>`substr(${dateExpr}, 1, 4) || '-01-01'`;
}

/** 31 December of the year of an ISO date expression (`2025-03-14` → `2025-12-31`). */
export function sqlYearEndOf(dateExpr: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<string> {
  return sql<string>`substr(${dateExpr}, 1, 4) || '-12-31'`;
}

/**
 * Many columns packed into ONE value per row (a JSON array), read back with `unpackNumbers` /
 * `unpackValues`. Wide rows are the engine's hot path: better-sqlite3 builds a JS object property by
 * property per row (and slower as the heap grows), while one JSON text per row is parsed natively —
 * several times faster (PERFORMANCE.md "Packed rows").
 * SQLite renders doubles in JSON with round-trip precision, so the numbers are exactly the columns';
 * so does PostgreSQL's json_build_array (PostgresCompiler), whose value pg hands over parsed.
 */
export function packValues(columns: readonly RawBuilder<unknown>[]): RawBuilder<string> {
  return sql<string>`${fn('json_array', [...columns])}`;
}

/**
 * Every row of a query as one JSON array of `packValues` arrays (null for no rows): SQLite's
 * json_group_array, PostgreSQL's json_agg. One text parsed once instead of a row object and a parse
 * per row: for the engine's reads of one row per branch of the whole college.
 */
export function packRows(columns: readonly RawBuilder<unknown>[]): RawBuilder<string | null> {
  return sql<string | null>`${fn('json_group_array', [packValues(columns)])}`;
}

/**
 * The values of `column` over the rows of a subquery joined into one text with U+0001 between them
 * (in no particular order), null for no rows: SQLite's group_concat, PostgreSQL's string_agg.
 */
export function sqlListOf(column: Expression<unknown>): RawBuilder<string | null> {
  return sql<string | null>`${fn('group_concat', [column, fn('char', [sql.lit(1)])])}`;
}

/** A top-level field of a JSON object held in a text column (null when the text is no JSON object). */
export function sqlJsonField(textExpr: Expression<unknown>, field: string): RawBuilder<unknown> {
  return sql`${fn('json_extract', [textExpr, sql.lit(`$.${field}`)])}`;
}

/** PostgreSQL allows at most 100 arguments per function call. */
const MAX_ARGUMENTS = 100;

/** SQLite's functions that PostgreSQL has under another name with the same arguments. */
const RENAMED_FUNCTIONS: Record<string, string> = {
  group_concat: 'string_agg',
  char: 'chr',
  json_group_array: 'json_agg',
};

/**
 * PostgreSQL's query compiler with SQLite's functions above translated. Only these names are
 * rewritten; every other function compiles as written.
 */
export class PostgresCompiler extends PostgresQueryCompiler {
  protected override visitFunction(node: FunctionNode): void {
    const args = node.arguments;
    const renamed = RENAMED_FUNCTIONS[node.func];
    if (renamed) {
      this.call(renamed, args);
    } else if (node.func === 'json_array') {
      this.jsonArray(args);
    } else if (node.func === 'json_extract') {
      this.jsonField(args);
    } else {
      super.visitFunction(node);
    }
  }

  /** json_build_array, in chunks of ≤ 100 joined as jsonb arrays when the row is wider than one call takes. */
  private jsonArray(args: FunctionNode['arguments']): void {
    if (args.length <= MAX_ARGUMENTS) {
      this.call('json_build_array', args);
      return;
    }
    this.append('(');
    for (let i = 0; i < args.length; i += MAX_ARGUMENTS) {
      if (i > 0) this.append(' || ');
      this.call('json_build_array', args.slice(i, i + MAX_ARGUMENTS));
      this.append('::jsonb');
    }
    this.append(')');
  }

  /** A `$.a.b` path into JSON text; only text that is a JSON object is cast (audit row keys of accounts are bare numbers). */
  private jsonField(args: FunctionNode['arguments']): void {
    const [text, path] = args as [FunctionNode, FunctionNode];
    this.append('(case when left(');
    this.visitNode(text);
    this.append(", 1) = '{' then (");
    this.visitNode(text);
    this.append(')::jsonb #>> string_to_array(substr(');
    this.visitNode(path);
    this.append(", 3), '.') end)");
  }

  private call(name: string, args: FunctionNode['arguments']): void {
    this.append(`${name}(`);
    this.compileList(args);
    this.append(')');
  }
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
 * The data version read by a write transaction that must be the next writer after that version (an
 * import's confirmation checks its preview's version; an undo checks later changes): no other write may
 * commit between this read and the transaction's end. SQLite's transactions begin immediate
 * (db/connection.ts), so the write lock is held already. On PostgreSQL the row is locked
 * (`for update`): every data write's trigger updates that row, so the writes of every app process wait
 * for this transaction, and a write committed while this read waited is seen (issue 13).
 */
export async function lockDataVersion(trx: QueryExecutorProvider): Promise<string | null> {
  if (!isPostgres(trx)) return dataVersion(trx);
  const { rows } = await sql<{
    n: number | string;
  }>`select n from data_version where id = 1 for update`.execute(trx);
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

/**
 * A value that changes whenever what the member index (member-index.ts) is built from changes:
 * `member_index_version.n` (migration 20261213T0100) — memberships, sharers, an activity's branch or day.
 * Session counts, titles and achievements leave it. Null where the table is missing.
 */
export async function memberIndexVersion(db: QueryExecutorProvider): Promise<string | null> {
  const { rows } = await sql<{ n: number | string }>`select n from member_index_version where id = 1`.execute(
    db,
  );
  const row = rows[0];
  return row ? String(row.n) : null;
}
