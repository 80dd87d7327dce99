import { sql, type Transaction } from 'kysely';
import type { TFormat, TModule } from '../../../shared/domain';
import type { Database } from '../../db/database';
import { sqlListOf } from '../../metrics/dialect';
import type { ActivityRow } from '../sheets/activities';
import type { TSheetCounts } from '../types';
import { chunks, keyOf } from './batches';
import type { TRowChange } from './changes';

type TChildField = 'formats' | 'modules' | 'sharers';
type TTrx = Transaction<Database>;

/** The three child tables of an activity, each with its typed load and insert. */
const CHILD_TABLES: {
  field: TChildField;
  table: 'activity_formats' | 'activity_modules' | 'activity_sharers';
  column: 'format' | 'module' | 'member_code';
  insert: (trx: TTrx, rows: { activity_id: number; value: string }[]) => Promise<unknown>;
}[] = [
  {
    field: 'formats',
    table: 'activity_formats',
    column: 'format',
    insert: (trx, rows) =>
      trx
        .insertInto('activity_formats')
        .values(rows.map((r) => ({ activity_id: r.activity_id, format: r.value as TFormat })))
        .execute(),
  },
  {
    field: 'modules',
    table: 'activity_modules',
    column: 'module',
    insert: (trx, rows) =>
      trx
        .insertInto('activity_modules')
        .values(rows.map((r) => ({ activity_id: r.activity_id, module: r.value as TModule })))
        .execute(),
  },
  {
    field: 'sharers',
    table: 'activity_sharers',
    column: 'member_code',
    insert: (trx, rows) =>
      trx
        .insertInto('activity_sharers')
        .values(rows.map((r) => ({ activity_id: r.activity_id, member_code: r.value })))
        .execute(),
  },
];

/**
 * A stored activity as the comparison needs it: its scalar fields and child lists as SQL joined
 * them (null for none). The query's own row object is kept, no copy (this table has 345k rows).
 */
interface Existing {
  id: number;
  expected: number | null;
  attended: number | null;
  integrated_with_work: number;
  oath_renewed: number;
  dues_collected: number;
  by_secretary: number;
  notes: string | null;
  formats: string | null;
  modules: string | null;
  sharers: string | null;
}

function fieldsOf(r: ActivityRow) {
  return {
    expected: r.expected,
    attended: r.attended,
    integrated_with_work: r.integratedWithWork ? 1 : 0,
    oath_renewed: r.oathRenewed ? 1 : 0,
    dues_collected: r.duesCollected ? 1 : 0,
    by_secretary: r.bySecretary ? 1 : 0,
    notes: r.notes,
  };
}

/** A child list compares as a set: the order inside a cell means nothing. */
function childSignature(items: readonly string[]): string {
  if (items.length < 2) return items[0] ?? '';
  return [...items].sort().join('\u0001');
}

/** The same signature for a list as SQL's list (dialect.sqlListOf) gives it (items in no particular order). */
function storedSignature(concatenated: string | null): string {
  if (concatenated === null) return '';
  return concatenated.includes('\u0001') ? concatenated.split('\u0001').sort().join('\u0001') : concatenated;
}

/** Compares the scalar fields as the database stores them, without building objects (this runs per row). */
function isSameFieldsAs(r: ActivityRow, old: Existing): boolean {
  return (
    old.expected === r.expected &&
    old.attended === r.attended &&
    old.integrated_with_work === (r.integratedWithWork ? 1 : 0) &&
    old.oath_renewed === (r.oathRenewed ? 1 : 0) &&
    old.dues_collected === (r.duesCollected ? 1 : 0) &&
    old.by_secretary === (r.bySecretary ? 1 : 0) &&
    old.notes === r.notes
  );
}

/** The before/after of an updated activity for the audit trail: scalar fields, and child lists that changed. */
function changeOf(r: ActivityRow, old: Existing, changed: Set<TChildField>): TRowChange {
  const before: Record<string, unknown> = {
    expected: old.expected,
    attended: old.attended,
    integrated_with_work: old.integrated_with_work,
    oath_renewed: old.oath_renewed,
    dues_collected: old.dues_collected,
    by_secretary: old.by_secretary,
    notes: old.notes,
  };
  const after: Record<string, unknown> = fieldsOf(r);
  for (const field of changed) {
    // Lists as sets, sorted, so the trail shows what was added or removed rather than a reordering.
    const signature = storedSignature(old[field]);
    before[field] = signature === '' ? [] : signature.split('\u0001');
    after[field] = [...r[field]].sort();
  }
  return {
    table: 'activities',
    key: { branch: r.branchCode, held_on: r.heldOn, type: r.type, title: r.title },
    before,
    after,
  };
}

/**
 * Branches compared per query batch. The stored activities of one batch are held as a lookup
 * table only while that batch's rows are compared: 25 branches keep ~4k rows in memory instead of
 * all 345k (which cost ~600 MB next to the parsed rows), for the same rows read. Small batches
 * also die young: their lookup table is garbage before V8 would promote it to the old generation.
 */
const BRANCHES_PER_BATCH = 25;

/** One child list per activity, joined in SQL: one row per activity instead of one per child item. */
function childList({ table, column }: (typeof CHILD_TABLES)[number]) {
  return sql<
    string | null
  >`(select ${sqlListOf(sql.ref(column))} from ${sql.table(table)} where activity_id = a.id)`;
}

/** The activities of these branches already in the database, by natural key, with their child lists. */
async function loadExisting(trx: TTrx, ids: number[]): Promise<Map<string, Existing>> {
  const [formats, modules, sharers] = CHILD_TABLES.map(childList) as [
    ReturnType<typeof childList>,
    ReturnType<typeof childList>,
    ReturnType<typeof childList>,
  ];
  const rows = await trx
    .selectFrom('activities as a')
    .select([
      'a.id',
      'a.branch_id',
      'a.held_on',
      'a.type',
      'a.title',
      'a.expected',
      'a.attended',
      'a.integrated_with_work',
      'a.oath_renewed',
      'a.dues_collected',
      'a.by_secretary',
      'a.notes',
      formats.as('formats'),
      modules.as('modules'),
      sharers.as('sharers'),
    ])
    .where('a.branch_id', 'in', ids)
    .execute();
  const byKey = new Map<string, Existing>();
  for (const a of rows) byKey.set(keyOf(a.branch_id, a.held_on, a.type, a.title), a);
  return byKey;
}

/** A stored activity whose row in the file differs from it; applied after every batch was compared. */
interface Pending {
  index: number;
  row: ActivityRow;
  old: Existing;
  isSameFields: boolean;
  changed: Set<TChildField>;
}

/**
 * Compares the rows with the stored activities one batch of branches at a time. Returns which rows
 * are new (by index) and the changed ones in file order, so the writes that follow run in the same
 * order as a single pass over the file would run them.
 */
async function compareWithStored(
  trx: TTrx,
  rows: ActivityRow[],
  idByCode: Map<string, number>,
  counts: TSheetCounts,
): Promise<{ isFresh: Uint8Array; pending: Pending[] }> {
  const isFresh = new Uint8Array(rows.length).fill(1);
  const pending: Pending[] = [];
  const signatures = new Map<readonly string[], string>();
  const any = await trx.selectFrom('activities').select('id').limit(1).executeTakeFirst();
  if (!any) return { isFresh, pending };
  const indexesByBranch = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const branchId = idByCode.get(r.branchCode) as number;
    const list = indexesByBranch.get(branchId);
    if (list) list.push(i);
    else indexesByBranch.set(branchId, [i]);
  });
  for (const ids of chunks([...indexesByBranch.keys()], BRANCHES_PER_BATCH)) {
    const existing = await loadExisting(trx, ids);
    if (existing.size === 0) continue;
    for (const branchId of ids) {
      for (const i of indexesByBranch.get(branchId) as number[]) {
        const r = rows[i] as ActivityRow;
        const old = existing.get(keyOf(branchId, r.heldOn, r.type, r.title));
        if (!old) continue;
        isFresh[i] = 0;
        const isSameFields = isSameFieldsAs(r, old);
        let changed: Set<TChildField> | undefined;
        for (const { field } of CHILD_TABLES) {
          // Rows share their lists (string-pool.ts), so each list's signature is computed once.
          let signature = signatures.get(r[field]);
          if (signature === undefined) {
            signature = childSignature(r[field]);
            signatures.set(r[field], signature);
          }
          if (storedSignature(old[field]) === signature) continue;
          changed ??= new Set();
          changed.add(field);
        }
        if (isSameFields && !changed) counts.unchanged++;
        else pending.push({ index: i, row: r, old, isSameFields, changed: changed ?? new Set() });
      }
    }
  }
  pending.sort((a, b) => a.index - b.index);
  return { isFresh, pending };
}

/** Inserts the child rows of these activities; `fields`, when given, limits an item to the lists that changed. */
async function insertChildren(
  trx: TTrx,
  items: { id: number; row: ActivityRow; fields?: Set<TChildField> }[],
): Promise<void> {
  for (const child of CHILD_TABLES) {
    const values = items
      .filter((it) => !it.fields || it.fields.has(child.field))
      .flatMap((it) => it.row[child.field].map((value) => ({ activity_id: it.id, value })));
    // Two columns per row: larger batches are still far below the parameter limit.
    for (const batch of chunks(values, 4000)) await child.insert(trx, batch);
  }
}

/**
 * Upserts activities by (branch, date, type, title). New rows go in as multi-row inserts whose
 * returned ids feed the child inserts; changed rows are updated, and a child list is replaced
 * only when it differs.
 */
export async function upsertActivities(
  trx: Transaction<Database>,
  rows: ActivityRow[],
  idByCode: Map<string, number>,
  changes: TRowChange[] = [],
): Promise<TSheetCounts> {
  const counts: TSheetCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const { isFresh, pending } = await compareWithStored(trx, rows, idByCode, counts);

  const changedChildren: { id: number; row: ActivityRow; fields: Set<TChildField> }[] = [];
  for (const { row: r, old, isSameFields, changed } of pending) {
    if (!isSameFields) {
      await trx.updateTable('activities').set(fieldsOf(r)).where('id', '=', old.id).execute();
    }
    if (changed.size > 0) changedChildren.push({ id: old.id, row: r, fields: changed });
    changes.push(changeOf(r, old, changed));
    counts.updated++;
  }

  for (const child of CHILD_TABLES) {
    const ids = changedChildren.filter((c) => c.fields.has(child.field)).map((c) => c.id);
    for (const batch of chunks(ids, 4000)) {
      await trx.deleteFrom(child.table).where('activity_id', 'in', batch).execute();
    }
  }
  await insertChildren(trx, changedChildren);

  const fresh = rows.filter((_, i) => isFresh[i] === 1);
  for (const batch of chunks(fresh)) {
    const inserted = await trx
      .insertInto('activities')
      .values(
        batch.map((r) => ({
          branch_id: idByCode.get(r.branchCode) as number,
          held_on: r.heldOn,
          type: r.type,
          title: r.title,
          ...fieldsOf(r),
        })),
      )
      .returning(['id', 'branch_id', 'held_on', 'type', 'title'])
      .execute();
    // RETURNING order is not guaranteed, so ids are matched back by natural key.
    const idByKey = new Map(inserted.map((a) => [keyOf(a.branch_id, a.held_on, a.type, a.title), a.id]));
    const items = batch.map((r) => ({
      id: idByKey.get(keyOf(idByCode.get(r.branchCode) as number, r.heldOn, r.type, r.title)) as number,
      row: r,
    }));
    await insertChildren(trx, items);
  }
  counts.inserted = fresh.length;
  return counts;
}
