/**
 * The rows a preview lists per sheet: the updated rows field by field (the changes the audit trail would
 * record), and the new rows as the import wrote them inside the preview's transaction (read back by the
 * id range before it is rolled back). At most PREVIEW_LIST_LIMIT of each per sheet; the counts give the totals.
 */
import { type RawBuilder, sql } from 'kysely';
import { SHEET_KEYS, type TSheetKey } from '../../shared/import-format';
import type { TPreviewRow, TPreviewSheet } from '../../shared/schemas/import-upload';
import { diffFields } from '../audit/audit';
import type { DBOrTrx } from '../db/database';
import type { TInsertedIds } from './import-runs';
import type { TRowChange } from './write/changes';

export const PREVIEW_LIST_LIMIT = 200;

export function emptyPreviewSheets(): Record<TSheetKey, TPreviewSheet> {
  return Object.fromEntries(
    SHEET_KEYS.map((k): [TSheetKey, TPreviewSheet] => [k, { inserts: [], updates: [] }]),
  ) as Record<TSheetKey, TPreviewSheet>;
}

/** The first updates of each sheet, with only the fields that change. */
function listUpdates(changes: readonly TRowChange[], sheets: Record<TSheetKey, TPreviewSheet>): void {
  for (const c of changes) {
    const list = sheets[c.table].updates;
    if (list.length >= PREVIEW_LIST_LIMIT) continue;
    const diff = diffFields(c.before, c.after);
    if (diff?.before && diff.after) list.push({ key: c.key, before: diff.before, after: diff.after });
  }
}

type TRow = Record<string, unknown>;

/** Per table: the new rows' key and main fields, read in id order. */
const INSERTED_ROWS: Record<
  TSheetKey,
  { query: (first: number, last: number) => RawBuilder<TRow>; key: string[] }
> = {
  units: {
    query: (first, last) => sql<TRow>`select u.code, u.name, u.kind, u.category, p.code as parent_code,
        u.established_on from units u left join units p on p.id = u.parent_id
        where u.id between ${first} and ${last} order by u.id limit ${PREVIEW_LIST_LIMIT}`,
    key: ['code'],
  },
  members: {
    query: (first, last) => sql<TRow>`select b.code as branch, m.code, m.name, m.role, m.joined_on
        from members m join units b on b.id = m.branch_id
        where m.id between ${first} and ${last} order by m.id limit ${PREVIEW_LIST_LIMIT}`,
    key: ['branch', 'code'],
  },
  activities: {
    query: (first, last) => sql<TRow>`select b.code as branch, a.held_on, a.type, a.title, a.expected,
        a.attended from activities a join units b on b.id = a.branch_id
        where a.id between ${first} and ${last} order by a.id limit ${PREVIEW_LIST_LIMIT}`,
    key: ['branch', 'held_on', 'type', 'title'],
  },
  achievements: {
    query: (first, last) => sql<TRow>`select b.code as branch, a.achieved_on, a.kind, a.title, a.level,
        a.hours, a.participants from achievements a join units b on b.id = a.branch_id
        where a.id between ${first} and ${last} order by a.id limit ${PREVIEW_LIST_LIMIT}`,
    key: ['branch', 'achieved_on', 'kind', 'title'],
  },
  goals: {
    query: (first, last) => sql<TRow>`select year, scope_type, scope_ref, metric, target from goals
        where id between ${first} and ${last} order by id limit ${PREVIEW_LIST_LIMIT}`,
    key: ['year', 'scope_type', 'scope_ref', 'metric'],
  },
};

async function listInserts(
  trx: DBOrTrx,
  inserted: TInsertedIds,
  sheets: Record<TSheetKey, TPreviewSheet>,
): Promise<void> {
  for (const sheet of SHEET_KEYS) {
    const range = inserted[sheet];
    if (!range) continue;
    const { query, key } = INSERTED_ROWS[sheet];
    const { rows } = await query(range[0], range[1]).execute(trx);
    sheets[sheet].inserts = rows.map((row): TPreviewRow => {
      const keyPart: Record<string, string | number> = {};
      const after: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row)) {
        if (key.includes(field)) keyPart[field] = value as string | number;
        else after[field] = value;
      }
      return { key: keyPart, before: null, after };
    });
  }
}

/**
 * The natural keys of the first new rows of each sheet (at most PREVIEW_LIST_LIMIT; the counts give the
 * totals), for the import's audit summary: the trail lists what an import added, not only what it changed.
 */
export async function listInsertedKeys(
  trx: DBOrTrx,
  inserted: TInsertedIds,
): Promise<Partial<Record<TSheetKey, TPreviewRow['key'][]>>> {
  const sheets = emptyPreviewSheets();
  await listInserts(trx, inserted, sheets);
  return Object.fromEntries(
    SHEET_KEYS.filter((k) => sheets[k].inserts.length > 0).map((k) => [
      k,
      sheets[k].inserts.map((r) => r.key),
    ]),
  );
}

/** What a preview lists: read inside the preview's transaction, after its writes and before the rollback. */
export async function listPreviewRows(
  trx: DBOrTrx,
  changes: readonly TRowChange[],
  inserted: TInsertedIds,
): Promise<Record<TSheetKey, TPreviewSheet>> {
  const sheets = emptyPreviewSheets();
  listUpdates(changes, sheets);
  await listInserts(trx, inserted, sheets);
  return sheets;
}
