import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { GoalRow } from '../sheets/goals';
import type { TSheetCounts } from '../types';
import { chunks, keyOf } from './batches';
import type { TRowChange } from './changes';

/** Upserts goals by (year, scope_type, scope_ref, metric). */
export async function upsertGoals(
  trx: Transaction<Database>,
  rows: GoalRow[],
  changes: TRowChange[] = [],
): Promise<TSheetCounts> {
  const counts: TSheetCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const existing = await trx
    .selectFrom('goals')
    .select(['id', 'year', 'scope_type', 'scope_ref', 'metric', 'target'])
    .execute();
  const byKey = new Map(existing.map((g) => [keyOf(g.year, g.scope_type, g.scope_ref, g.metric), g]));
  const fresh = [];
  for (const r of rows) {
    const old = byKey.get(keyOf(r.year, r.scopeType, r.scopeRef, r.metric));
    if (!old) {
      fresh.push({
        year: r.year,
        scope_type: r.scopeType,
        scope_ref: r.scopeRef,
        metric: r.metric,
        target: r.target,
      });
    } else if (old.target === r.target) {
      counts.unchanged++;
    } else {
      await trx.updateTable('goals').set({ target: r.target }).where('id', '=', old.id).execute();
      changes.push({
        table: 'goals',
        key: { year: r.year, scope_type: r.scopeType, scope_ref: r.scopeRef, metric: r.metric },
        before: { target: old.target },
        after: { target: r.target },
      });
      counts.updated++;
    }
  }
  for (const batch of chunks(fresh)) await trx.insertInto('goals').values(batch).execute();
  counts.inserted = fresh.length;
  return counts;
}
