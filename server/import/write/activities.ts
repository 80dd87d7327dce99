import type { Transaction } from 'kysely';
import type { TFormat, TModule } from '../../../shared/domain';
import type { Database } from '../../db/database';
import type { ActivityRow } from '../sheets/activities';
import type { TSheetCounts } from '../types';
import { chunks, keyOf, sameValues } from './batches';
import type { TRowChange } from './changes';

type TChildField = 'formats' | 'modules' | 'sharers';
type TTrx = Transaction<Database>;

/** The three child tables of an activity, each with its typed load and insert. */
const CHILD_TABLES: {
  field: TChildField;
  table: 'activity_formats' | 'activity_modules' | 'activity_sharers';
  load: (trx: TTrx, branchIds: number[]) => Promise<{ activity_id: number; value: string }[]>;
  insert: (trx: TTrx, rows: { activity_id: number; value: string }[]) => Promise<unknown>;
}[] = [
  {
    field: 'formats',
    table: 'activity_formats',
    load: (trx, ids) =>
      trx
        .selectFrom('activity_formats as c')
        .innerJoin('activities as a', 'a.id', 'c.activity_id')
        .select(['c.activity_id', 'c.format as value'])
        .where('a.branch_id', 'in', ids)
        .execute(),
    insert: (trx, rows) =>
      trx
        .insertInto('activity_formats')
        .values(rows.map((r) => ({ activity_id: r.activity_id, format: r.value as TFormat })))
        .execute(),
  },
  {
    field: 'modules',
    table: 'activity_modules',
    load: (trx, ids) =>
      trx
        .selectFrom('activity_modules as c')
        .innerJoin('activities as a', 'a.id', 'c.activity_id')
        .select(['c.activity_id', 'c.module as value'])
        .where('a.branch_id', 'in', ids)
        .execute(),
    insert: (trx, rows) =>
      trx
        .insertInto('activity_modules')
        .values(rows.map((r) => ({ activity_id: r.activity_id, module: r.value as TModule })))
        .execute(),
  },
  {
    field: 'sharers',
    table: 'activity_sharers',
    load: (trx, ids) =>
      trx
        .selectFrom('activity_sharers as c')
        .innerJoin('activities as a', 'a.id', 'c.activity_id')
        .select(['c.activity_id', 'c.member_code as value'])
        .where('a.branch_id', 'in', ids)
        .execute(),
    insert: (trx, rows) =>
      trx
        .insertInto('activity_sharers')
        .values(rows.map((r) => ({ activity_id: r.activity_id, member_code: r.value })))
        .execute(),
  },
];

interface Existing {
  id: number;
  fields: unknown[];
  children: Record<TChildField, string>;
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
  return [...items].sort().join('\u0001');
}

/** The before/after of an updated activity for the audit trail: scalar fields, and child lists that changed. */
function changeOf(r: ActivityRow, old: Existing, changed: Set<TChildField>): TRowChange {
  const fields = fieldsOf(r);
  const keys = Object.keys(fields) as (keyof typeof fields)[];
  const before: Record<string, unknown> = Object.fromEntries(keys.map((k, i) => [k, old.fields[i]]));
  const after: Record<string, unknown> = { ...fields };
  for (const field of changed) {
    // Lists as sets, sorted, so the trail shows what was added or removed rather than a reordering.
    before[field] = old.children[field] === '' ? [] : old.children[field].split('\u0001');
    after[field] = [...r[field]].sort();
  }
  return {
    table: 'activities',
    key: { branch: r.branchCode, held_on: r.heldOn, type: r.type, title: r.title },
    before,
    after,
  };
}

/** The activities of these branches already in the database, by natural key, with their child lists. */
async function loadExisting(trx: TTrx, branchIds: number[]): Promise<Map<string, Existing>> {
  const byKey = new Map<string, Existing>();
  const any = await trx.selectFrom('activities').select('id').limit(1).executeTakeFirst();
  if (!any) return byKey;
  const byId = new Map<number, Existing>();
  for (const ids of chunks(branchIds)) {
    const rows = await trx
      .selectFrom('activities')
      .select([
        'id',
        'branch_id',
        'held_on',
        'type',
        'title',
        'expected',
        'attended',
        'integrated_with_work',
        'oath_renewed',
        'dues_collected',
        'by_secretary',
        'notes',
      ])
      .where('branch_id', 'in', ids)
      .execute();
    for (const a of rows) {
      const e: Existing = {
        id: a.id,
        fields: [
          a.expected,
          a.attended,
          a.integrated_with_work,
          a.oath_renewed,
          a.dues_collected,
          a.by_secretary,
          a.notes,
        ],
        children: { formats: '', modules: '', sharers: '' },
      };
      byKey.set(keyOf(a.branch_id, a.held_on, a.type, a.title), e);
      byId.set(a.id, e);
    }
    for (const child of CHILD_TABLES) {
      const lists = new Map<number, string[]>();
      for (const c of await child.load(trx, ids)) {
        const list = lists.get(c.activity_id) ?? [];
        list.push(c.value);
        lists.set(c.activity_id, list);
      }
      for (const [id, list] of lists) {
        const e = byId.get(id);
        if (e) e.children[child.field] = childSignature(list);
      }
    }
  }
  return byKey;
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
  const branchIds = [...new Set(rows.map((r) => idByCode.get(r.branchCode) as number))];
  const existing = await loadExisting(trx, branchIds);

  const fresh: ActivityRow[] = [];
  const changedChildren: { id: number; row: ActivityRow; fields: Set<TChildField> }[] = [];
  for (const r of rows) {
    const branchId = idByCode.get(r.branchCode) as number;
    const old = existing.get(keyOf(branchId, r.heldOn, r.type, r.title));
    if (!old) {
      fresh.push(r);
      continue;
    }
    const fields = fieldsOf(r);
    const isSameFields = sameValues(old.fields, Object.values(fields));
    const changed = new Set(
      CHILD_TABLES.map((c) => c.field).filter((f) => old.children[f] !== childSignature(r[f])),
    );
    if (isSameFields && changed.size === 0) {
      counts.unchanged++;
      continue;
    }
    if (!isSameFields) await trx.updateTable('activities').set(fields).where('id', '=', old.id).execute();
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
