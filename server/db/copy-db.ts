/**
 * Moves a college's whole database to another backend (`npm run cli -- copy-db`, issue 13): every table
 * — records, users, sessions, audit, goals, weights, import history, roll-ups — row for row with its ids,
 * in one transaction on the target, then the target's roll-ups refreshed so it is ready to serve. The
 * target must be migrated and hold no data beyond what its migrations seed. `verifyCopy` then checks
 * the row counts and the metrics of one year on both sides.
 *
 * The source is read as a stream (a SQLite file: Kysely streams better-sqlite3's rows), so a large
 * audit trail is never held whole; only a table that references itself (units.parent_id) is read at
 * once, to write parents before their children.
 */
import type { Kysely, TableMetadata } from 'kysely';
import { sql } from 'kysely';
import {
  foreignKeysOf,
  restartIdentityAfterMax,
  setTableTriggers,
  type TForeignKey,
  toNumber,
} from '../metrics/dialect';
import { computeMetrics, toMetricsCase } from '../metrics/report';
import { refreshRollups } from '../metrics/rollups';
import { openDatabase } from './connection';
import type { Database, DBOrTrx } from './database';

export type TCopyErrorCode = 'schema_differs' | 'target_not_empty';

/** A refusal before anything was written (the target is unchanged). */
export class CopyError extends Error {
  readonly code: TCopyErrorCode;
  readonly messageEn: string;
  constructor(code: TCopyErrorCode, zh: string, en: string) {
    super(zh);
    this.name = 'CopyError';
    this.code = code;
    this.messageEn = en;
  }

  messageIn(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.message : this.messageEn;
  }
}

export interface TTableCount {
  table: string;
  source: number;
  target: number;
}

export interface TCopyVerification {
  tables: TTableCount[];
  /** The year whose metrics were compared, and the day they were computed as of. */
  period: string;
  asOf: string;
  branches: number;
  /** Where the two sides' metrics differ (`branches.XZ01.sessions: 12 ≠ 11`); empty when they agree. */
  metricDifferences: string[];
  isVerified: boolean;
}

/** PostgreSQL takes at most 65,535 parameters per statement; batches stay well below. */
const MAX_PARAMETERS_PER_INSERT = 30_000;

async function tablesOf(db: Kysely<Database>): Promise<TableMetadata[]> {
  return (await db.introspection.getTables()).filter((t) => !t.isView);
}

/** Tables in an order that writes every referenced table before the tables referencing it. */
function referencedFirst(tables: readonly string[], keys: readonly TForeignKey[]): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const key of keys) if (key.table === table && key.references !== table) visit(key.references);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}

/** Rows of a table that references itself, parents before children (roots first). */
function parentsFirst(rows: Record<string, unknown>[], column: string): Record<string, unknown>[] {
  const ids = new Set(rows.map((r) => r.id));
  const placed = new Set<unknown>();
  const out: Record<string, unknown>[] = [];
  let pending = rows;
  while (pending.length) {
    const next = pending.filter((r) => {
      const parent = r[column];
      const isReady = parent === null || !ids.has(parent) || placed.has(parent);
      if (isReady) {
        out.push(r);
        placed.add(r.id);
      }
      return !isReady;
    });
    // A cycle cannot be written parents first: the rest goes as it is (the foreign key will say so).
    if (next.length === pending.length) return [...out, ...next];
    pending = next;
  }
  return out;
}

/** The tables a freshly migrated database already has rows in (calendar, versions, default weights). */
async function seededTables(): Promise<Set<string>> {
  const fresh = await openDatabase({ url: ':memory:' });
  try {
    const seeded = new Set<string>();
    for (const { name } of await tablesOf(fresh)) if ((await countRows(fresh, name)) > 0) seeded.add(name);
    return seeded;
  } finally {
    await fresh.destroy();
  }
}

async function countRows(db: DBOrTrx, table: string): Promise<number> {
  const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return toNumber(rows[0]?.n);
}

/** Refuses a target whose tables differ from the source's or that holds data of its own. */
async function checkTarget(source: TableMetadata[], target: Kysely<Database>): Promise<void> {
  const targetTables = new Map((await tablesOf(target)).map((t) => [t.name, t]));
  for (const table of source) {
    const columns = (t: TableMetadata | undefined) => (t?.columns.map((c) => c.name) ?? []).sort().join(',');
    if (columns(table) !== columns(targetTables.get(table.name))) {
      throw new CopyError(
        'schema_differs',
        `目标数据库的表 ${table.name} 与源数据库不同：两边都需迁移到最新版本。`,
        `Table ${table.name} differs between the databases: both must be migrated to the latest version.`,
      );
    }
  }
  const seeded = await seededTables();
  for (const table of source) {
    if (seeded.has(table.name) || (await countRows(target, table.name)) === 0) continue;
    throw new CopyError(
      'target_not_empty',
      `目标数据库已有数据（表 ${table.name}）：只能复制到新建的空数据库。`,
      `The target database already holds data (table ${table.name}): copy only into a new, empty database.`,
    );
  }
}

async function insertBatch(trx: DBOrTrx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length)
    await trx
      .insertInto(table as keyof Database)
      .values(rows as never)
      .execute();
}

async function copyTable(
  from: Kysely<Database>,
  trx: DBOrTrx,
  table: TableMetadata,
  selfKey: TForeignKey | undefined,
): Promise<void> {
  const batchSize = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS_PER_INSERT / table.columns.length)));
  const query = from.selectFrom(table.name as keyof Database).selectAll();
  if (selfKey) {
    const rows = parentsFirst((await query.execute()) as Record<string, unknown>[], selfKey.column);
    for (let i = 0; i < rows.length; i += batchSize)
      await insertBatch(trx, table.name, rows.slice(i, i + batchSize));
    return;
  }
  let batch: Record<string, unknown>[] = [];
  for await (const row of query.stream(batchSize)) {
    batch.push(row as Record<string, unknown>);
    if (batch.length === batchSize) {
      await insertBatch(trx, table.name, batch);
      batch = [];
    }
  }
  await insertBatch(trx, table.name, batch);
}

/** Copies every table of `from` into `to` (see the module comment); throws CopyError before writing. */
export async function copyDatabase(
  from: Kysely<Database>,
  to: Kysely<Database>,
  onTable: (table: string) => void = () => {},
): Promise<void> {
  const tables = await tablesOf(from);
  await checkTarget(tables, to);
  const keys = await foreignKeysOf(from);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const order = referencedFirst([...byName.keys()], keys);
  await to.transaction().execute(async (trx) => {
    // Every table's derived rows (roll-ups, stale marks, versions) are copied with it, so the target's
    // triggers have nothing to add: switched off for the copy (PostgreSQL), on again before the commit.
    for (const name of order) await setTableTriggers(trx, name, false);
    const targetVersions = await highestVersions(trx);
    // Children first: the migrations' seed rows make way for the source's.
    for (const name of [...order].reverse()) await sql`delete from ${sql.table(name)}`.execute(trx);
    for (const name of order) {
      const table = byName.get(name) as TableMetadata;
      onTable(name);
      await copyTable(
        from,
        trx,
        table,
        keys.find((k) => k.table === name && k.references === name),
      );
      for (const column of table.columns) {
        if (column.isAutoIncrementing) await restartIdentityAfterMax(trx, name, column.name);
      }
    }
    for (const name of order) await setTableTriggers(trx, name, true);
    await moveVersionsPast(trx, targetVersions);
    // What the source had marked stale (and, on SQLite, what the target's own triggers marked while
    // the rows went in) is recomputed here, so the first request does not pay for it.
    await refreshRollups(trx);
  });
}

/** The version rows the caches key on (dialect.ts dataVersion, metricsVersion; metrics/versions.ts). */
const VERSION_TABLES = [
  'data_version',
  'metrics_version',
  'member_index_version',
  'setup_version',
  'rollup_year_versions',
] as const;

/** The highest number of each version table. */
async function highestVersions(db: DBOrTrx): Promise<Map<string, number>> {
  const highest = new Map<string, number>();
  for (const table of VERSION_TABLES) {
    const { rows } = await sql<{
      n: unknown;
    }>`select coalesce(max(n), 0) as n from ${sql.table(table)}`.execute(db);
    highest.set(table, toNumber(rows[0]?.n));
  }
  return highest;
}

/**
 * The copied version numbers are the source's: a server that already has the target open (an operator
 * checked it before the copy) may hold results labelled with equal numbers of the target's own. Every
 * version is moved past the highest the target had, and every year with roll-up rows gets a version
 * (a year without a row reads as version 0, as the target's years did), so nothing computed before the
 * copy is kept.
 */
async function moveVersionsPast(db: DBOrTrx, before: ReadonlyMap<string, number>): Promise<void> {
  for (const table of VERSION_TABLES)
    await sql`update ${sql.table(table)} set n = n + ${(before.get(table) ?? 0) + 1}`.execute(db);
  await sql`insert into rollup_year_versions (year, n)
    select distinct cast(substr(slot_start, 1, 4) as integer), ${sql.lit((before.get('rollup_year_versions') ?? 0) + 1)}
    from branch_slot_stats where true
    on conflict (year) do nothing`.execute(db);
}

/** Paths where two metrics cases differ: numbers within 1e-9 (sums may add up in another order). */
function differences(a: unknown, b: unknown, path: string): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? [] : [`${path}: ${a} ≠ ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
      ),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b)
    ? []
    : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/** Row counts of every table and the metrics of `today`'s year on both sides. */
export async function verifyCopy(
  from: Kysely<Database>,
  to: Kysely<Database>,
  today: string,
): Promise<TCopyVerification> {
  // Metrics first: computing them refreshes each side's roll-ups, so stale marks the source still had
  // (rollup_dirty) do not count as a difference of rows.
  const request = { period: today.slice(0, 4), today };
  const source = toMetricsCase(await computeMetrics(from, request));
  const target = toMetricsCase(await computeMetrics(to, request));
  const metricDifferences = differences(source, target, '');
  const tables: TTableCount[] = [];
  for (const { name } of await tablesOf(from)) {
    tables.push({ table: name, source: await countRows(from, name), target: await countRows(to, name) });
  }
  return {
    tables,
    period: source.period,
    asOf: source.asOf,
    branches: Object.keys(source.branches).length,
    metricDifferences,
    isVerified: metricDifferences.length === 0 && tables.every((t) => t.source === t.target),
  };
}
