import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { AchievementRow } from '../sheets/achievements';
import type { TSheetCounts } from '../types';
import { chunks, keyOf, sameValues } from './batches';
import type { TRowChange } from './changes';

/** Upserts achievements by (branch, date, kind, title). */
export async function upsertAchievements(
  trx: Transaction<Database>,
  rows: AchievementRow[],
  idByCode: Map<string, number>,
  changes: TRowChange[] = [],
): Promise<TSheetCounts> {
  const counts: TSheetCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const branchIds = [...new Set(rows.map((r) => idByCode.get(r.branchCode) as number))];
  const byKey = new Map<string, { id: number; fields: unknown[] }>();
  for (const ids of chunks(branchIds)) {
    const existing = await trx
      .selectFrom('achievements')
      .select(['id', 'branch_id', 'achieved_on', 'kind', 'title', 'level', 'hours', 'participants', 'notes'])
      .where('branch_id', 'in', ids)
      .execute();
    for (const a of existing) {
      byKey.set(keyOf(a.branch_id, a.achieved_on, a.kind, a.title), {
        id: a.id,
        fields: [a.level, a.hours, a.participants, a.notes],
      });
    }
  }
  const fresh = [];
  for (const r of rows) {
    const branchId = idByCode.get(r.branchCode) as number;
    const values = { level: r.level, hours: r.hours, participants: r.participants, notes: r.notes };
    const old = byKey.get(keyOf(branchId, r.achievedOn, r.kind, r.title));
    if (!old) {
      fresh.push({ branch_id: branchId, achieved_on: r.achievedOn, kind: r.kind, title: r.title, ...values });
    } else if (sameValues(old.fields, Object.values(values))) {
      counts.unchanged++;
    } else {
      await trx.updateTable('achievements').set(values).where('id', '=', old.id).execute();
      const [level, hours, participants, notes] = old.fields;
      changes.push({
        table: 'achievements',
        key: { branch: r.branchCode, achieved_on: r.achievedOn, kind: r.kind, title: r.title },
        before: { level, hours, participants, notes },
        after: values,
      });
      counts.updated++;
    }
  }
  for (const batch of chunks(fresh)) await trx.insertInto('achievements').values(batch).execute();
  counts.inserted = fresh.length;
  return counts;
}
