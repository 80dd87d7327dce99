import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { UnitRow } from '../sheets/units';
import type { TSheetCounts } from '../types';
import { chunks, sameValues } from './batches';
import type { TRowChange } from './changes';

function fieldsOf(u: UnitRow) {
  return {
    name: u.name,
    kind: u.kind,
    category: u.category,
    established_on: u.establishedOn,
    dissolved_on: u.dissolvedOn,
    has_groups: u.hasGroups ? 1 : 0,
  };
}

/**
 * Upserts units by code. Parents are linked in a second pass, after every unit of the file has
 * an id, so a parent may come after its children in the sheet. Returns the code → id map.
 */
export async function upsertUnits(
  trx: Transaction<Database>,
  rows: UnitRow[],
  changes: TRowChange[] = [],
): Promise<{ counts: TSheetCounts; idByCode: Map<string, number> }> {
  const counts: TSheetCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const existing = await trx.selectFrom('units').selectAll().execute();
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const idByCode = new Map(existing.map((u) => [u.code, u.id]));
  const codeById = new Map(existing.map((u) => [u.id, u.code]));

  const fresh = rows.filter((r) => !byCode.has(r.code));
  for (const batch of chunks(fresh)) {
    const ids = await trx
      .insertInto('units')
      .values(batch.map((u) => ({ code: u.code, parent_id: null, ...fieldsOf(u) })))
      .returning(['id', 'code'])
      .execute();
    for (const { id, code } of ids) idByCode.set(code, id);
  }
  counts.inserted = fresh.length;

  for (const u of rows) {
    const parentId = u.parentCode === null ? null : (idByCode.get(u.parentCode) ?? null);
    const old = byCode.get(u.code);
    if (!old) {
      if (parentId !== null) {
        await trx.updateTable('units').set({ parent_id: parentId }).where('code', '=', u.code).execute();
      }
      continue;
    }
    const f = fieldsOf(u);
    const oldParentCode = old.parent_id === null ? null : (codeById.get(old.parent_id) ?? null);
    const isSame =
      sameValues(
        [f.name, f.kind, f.category, f.established_on, f.dissolved_on, f.has_groups],
        [old.name, old.kind, old.category, old.established_on, old.dissolved_on, old.has_groups],
      ) && oldParentCode === u.parentCode;
    if (isSame) {
      counts.unchanged++;
      continue;
    }
    await trx
      .updateTable('units')
      .set({ ...f, parent_id: parentId })
      .where('id', '=', old.id)
      .execute();
    changes.push({
      table: 'units',
      key: { code: u.code },
      before: {
        name: old.name,
        kind: old.kind,
        category: old.category,
        established_on: old.established_on,
        dissolved_on: old.dissolved_on,
        has_groups: old.has_groups,
        parent_code: oldParentCode,
      },
      after: { ...f, parent_code: u.parentCode },
    });
    counts.updated++;
  }
  return { counts, idByCode };
}
