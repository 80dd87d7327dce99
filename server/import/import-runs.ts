/**
 * The import history (table import_runs, migration 20261210T0100): one row per import that changed data,
 * written in the import's own transaction, with what its undo needs (undo-import.ts) — the id range each
 * table's new rows got and the range of audit rows holding its summary and its updated rows' before/after.
 */
import { sql } from 'kysely';
import { SHEET_KEYS, type TSheetKey } from '../../shared/import-format';
import type { TImportHistoryEntry, TImportHistoryResult } from '../../shared/schemas/import-upload';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import type { ImportRunRow } from '../db/tables/import-run.table';
import type { TSheetCounts } from './types';

/** The first and last id of the rows an import inserted into one table. */
export type TIdRange = readonly [first: number, last: number];
export type TInsertedIds = Record<TSheetKey, TIdRange | null>;

/** The largest id of each imported table (0 when empty): taken before and after an import's writes. */
export async function readMaxIds(db: DBOrTrx): Promise<Record<TSheetKey, number>> {
  const columns = sql.join(
    SHEET_KEYS.map((t) => sql`(select coalesce(max(id), 0) from ${sql.table(t)}) as ${sql.ref(t)}`),
  );
  const { rows } = await sql<Record<TSheetKey, number>>`select ${columns}`.execute(db);
  const row = rows[0];
  return Object.fromEntries(SHEET_KEYS.map((t) => [t, Number(row?.[t] ?? 0)])) as Record<TSheetKey, number>;
}

/**
 * The ids an import's inserts got: everything above the largest id before it, up to the largest after it.
 * Exact because an import holds the write lock from its first write to its commit, and imports only add.
 */
export function insertedIdRanges(
  before: Record<TSheetKey, number>,
  after: Record<TSheetKey, number>,
): TInsertedIds {
  return Object.fromEntries(
    SHEET_KEYS.map((t) => [t, after[t] > before[t] ? ([before[t] + 1, after[t]] as const) : null]),
  ) as TInsertedIds;
}

/** The newest audit row's id (0 when none): an import's or undo's rows are the ids after it. */
export async function readLastAuditId(db: DBOrTrx): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export function hasChanges(counts: Record<TSheetKey, TSheetCounts>): boolean {
  return SHEET_KEYS.some((k) => counts[k].inserted > 0 || counts[k].updated > 0);
}

export interface TImportRunInput {
  actor: TAuditActor;
  fileName: string;
  counts: Record<TSheetKey, TSheetCounts>;
  inserted: TInsertedIds;
  auditFrom: number;
  auditTo: number;
  now: Date;
}

/** Records a committed import (inside its transaction); returns its id. */
export async function recordImportRun(trx: DBOrTrx, input: TImportRunInput): Promise<number> {
  const { id } = await trx
    .insertInto('import_runs')
    .values({
      at: input.now.toISOString(),
      user_id: input.actor.user?.id ?? null,
      username: input.actor.user?.username ?? 'system',
      procedure: input.actor.procedure,
      file_name: input.fileName.slice(0, 500),
      counts: JSON.stringify(input.counts),
      inserted_ids: JSON.stringify(input.inserted),
      audit_from: input.auditFrom,
      audit_to: input.auditTo,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function readImportRun(db: DBOrTrx, id: number): Promise<ImportRunRow | undefined> {
  return db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function countsOf(run: Pick<ImportRunRow, 'counts'>): Record<TSheetKey, TSheetCounts> {
  return JSON.parse(run.counts) as Record<TSheetKey, TSheetCounts>;
}

export function insertedIdsOf(run: Pick<ImportRunRow, 'inserted_ids'>): TInsertedIds {
  return JSON.parse(run.inserted_ids) as TInsertedIds;
}

function toEntry(r: ImportRunRow): TImportHistoryEntry {
  return {
    id: r.id,
    at: r.at,
    username: r.username,
    isSystem: r.user_id === null && r.username === 'system',
    procedure: r.procedure,
    fileName: r.file_name,
    counts: countsOf(r),
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
  };
}

/** The committed imports, newest first; `userId` narrows to one account's (a secretary sees her own). */
export async function listImportRuns(
  db: DBOrTrx,
  { userId, limit = 20, offset = 0 }: { userId?: number; limit?: number; offset?: number } = {},
): Promise<TImportHistoryResult> {
  let query = db.selectFrom('import_runs');
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toEntry), total: Number(count.total) };
}
