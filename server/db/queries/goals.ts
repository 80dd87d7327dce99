/** The goals and index weights as the goals page lists them (tables goals, metric_weights, units). */
import type { TCategory } from '../../../shared/domain';
import { METRIC_KEYS, type TMetricKey } from '../../../shared/metric-keys';
import type { TGoalItem, TGoalList, TGoalScope, TWeightItem } from '../../../shared/schemas/goals';
import type { DBOrTrx } from '../database';

const SCOPE_ORDER = { all: 0, category: 1, branch: 2 } as const;

function scopeOf(type: 'all' | 'category' | 'branch', ref: string): TGoalScope {
  if (type === 'all') return { type };
  if (type === 'category') return { type, category: ref as TCategory };
  return { type, branchCode: ref };
}

/** The goals of one year (全部 first, then categories, then branches by code), and every year with goals. */
export async function listGoals(db: DBOrTrx, year: number): Promise<TGoalList> {
  const [rows, years] = await Promise.all([
    db
      .selectFrom('goals as g')
      // A branch goal shows its branch's name; the join only matches branch scopes.
      .leftJoin('units as u', (join) =>
        join
          .onRef('u.code', '=', 'g.scope_ref')
          .on('g.scope_type', '=', 'branch')
          .on('u.kind', '=', 'branch'),
      )
      .select(['g.year', 'g.scope_type', 'g.scope_ref', 'g.metric', 'g.target', 'u.name as branch_name'])
      .where('g.year', '=', year)
      .execute(),
    db.selectFrom('goals').select('year').distinct().orderBy('year').execute(),
  ]);
  const metricOrder = new Map<TMetricKey, number>(METRIC_KEYS.map((k, i) => [k, i]));
  const goals: TGoalItem[] = rows
    .map((r) => ({
      year: r.year,
      scope: scopeOf(r.scope_type, r.scope_ref),
      branchName: r.branch_name ?? null,
      metric: r.metric,
      target: Number(r.target),
      order: [SCOPE_ORDER[r.scope_type], r.scope_ref, metricOrder.get(r.metric) ?? 99] as const,
    }))
    .sort((a, b) => {
      for (let i = 0; i < 3; i++) {
        const x = a.order[i] as string | number;
        const y = b.order[i] as string | number;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    })
    .map(({ order: _order, ...goal }) => goal);
  return { year, goals, years: years.map((y) => y.year) };
}

/** The composite index weights, in the order of metrics.md. */
export async function listWeights(db: DBOrTrx): Promise<TWeightItem[]> {
  const rows = await db.selectFrom('metric_weights').select(['metric', 'weight']).execute();
  const order = new Map<TMetricKey, number>(METRIC_KEYS.map((k, i) => [k, i]));
  return rows
    .map((r) => ({ metric: r.metric, weight: Number(r.weight) }))
    .sort((a, b) => (order.get(a.metric) ?? 99) - (order.get(b.metric) ?? 99));
}
