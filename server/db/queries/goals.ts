/**
 * Goals and index weights in the database (tables goals, metric_weights, units): what the goals page
 * lists and what goals.set / goals.setWeights read and write (server/audit/goal-writes.ts wraps the
 * writes with validation and the audit trail). The engine's per-branch goal book is
 * server/metrics/queries/goals.ts.
 */
import type { TCategory } from '../../../shared/domain';
import { DEFAULT_WEIGHTS, METRIC_KEYS, type TMetricKey } from '../../../shared/metric-keys';
import type {
  TGoalItem,
  TGoalList,
  TGoalScope,
  TWeightsSource,
  TYearWeights,
} from '../../../shared/schemas/goals';
import type { DBOrTrx } from '../database';
import type { Goal, TGoalScopeType } from '../tables/goal.table';

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

/**
 * The weights the index of a goal year uses (metrics.md): the year's own, else those of the latest
 * earlier year that has its own, else the defaults. The single definition: the engine, the goals page
 * and the weight changes all read it.
 */
export async function weightsOfYear(
  db: DBOrTrx,
  year: number,
): Promise<{ source: TWeightsSource; weights: Partial<Record<TMetricKey, number>> }> {
  const rows = await db
    .selectFrom('metric_weights')
    .select(['year', 'metric', 'weight'])
    .where('year', '=', (eb) =>
      eb
        .selectFrom('metric_weights')
        .select((s) => s.fn.max('year').as('y'))
        .where('year', '<=', year),
    )
    .execute();
  const first = rows[0];
  if (!first) return { source: { type: 'default' }, weights: { ...DEFAULT_WEIGHTS } };
  const source: TWeightsSource =
    Number(first.year) === year ? { type: 'own' } : { type: 'inherited', fromYear: Number(first.year) };
  return { source, weights: Object.fromEntries(rows.map((r) => [r.metric, Number(r.weight)])) };
}

/** The weights of a goal year as the goals page shows them, in the order of metrics.md. */
export async function listWeights(db: DBOrTrx, year: number): Promise<TYearWeights> {
  const { source, weights } = await weightsOfYear(db, year);
  const order = new Map<TMetricKey, number>(METRIC_KEYS.map((k, i) => [k, i]));
  return {
    year,
    source,
    weights: (Object.entries(weights) as [TMetricKey, number][])
      .map(([metric, weight]) => ({ metric, weight }))
      .sort((a, b) => (order.get(a.metric) ?? 99) - (order.get(b.metric) ?? 99)),
  };
}

/** A goal's natural key (UNIQUE in the table). */
export type TGoalKey = {
  year: number;
  scope_type: TGoalScopeType;
  scope_ref: string;
  metric: TMetricKey;
};

/** The key of a goal of a year, scope and metric (`scope_ref` '' for all branches). */
export function goalKeyOf(year: number, scope: TGoalScope, metric: TMetricKey): TGoalKey {
  const ref = scope.type === 'all' ? '' : scope.type === 'category' ? scope.category : scope.branchCode;
  return { year, scope_type: scope.type, scope_ref: ref, metric };
}

/** One stored goal by its key, as the audit trail records it. */
export async function readGoal(db: DBOrTrx, key: TGoalKey): Promise<Omit<Goal, 'id'> | undefined> {
  const row = await db
    .selectFrom('goals')
    .select(['year', 'scope_type', 'scope_ref', 'metric', 'target'])
    .where('year', '=', key.year)
    .where('scope_type', '=', key.scope_type)
    .where('scope_ref', '=', key.scope_ref)
    .where('metric', '=', key.metric)
    .executeTakeFirst();
  return row && { ...row, target: Number(row.target) };
}

/** Stores the goal of a key, or with target null removes it. */
export async function writeGoal(db: DBOrTrx, key: TGoalKey, target: number | null): Promise<void> {
  if (target === null) {
    await db
      .deleteFrom('goals')
      .where('year', '=', key.year)
      .where('scope_type', '=', key.scope_type)
      .where('scope_ref', '=', key.scope_ref)
      .where('metric', '=', key.metric)
      .execute();
    return;
  }
  await db
    .insertInto('goals')
    .values({ ...key, target })
    .onConflict((oc) => oc.columns(['year', 'scope_type', 'scope_ref', 'metric']).doUpdateSet({ target }))
    .execute();
}

/** Whether a branch (not another kind of unit) has this code. */
export async function isBranchCode(db: DBOrTrx, code: string): Promise<boolean> {
  const unit = await db
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .where('kind', '=', 'branch')
    .executeTakeFirst();
  return unit !== undefined;
}

/** A year's own stored weights, of the given metrics or of all (empty: the year has none of its own). */
export async function readOwnWeights(
  db: DBOrTrx,
  year: number,
  metrics?: readonly TMetricKey[],
): Promise<Map<TMetricKey, number>> {
  let query = db.selectFrom('metric_weights').select(['metric', 'weight']).where('year', '=', year);
  if (metrics) query = query.where('metric', 'in', metrics);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.metric, Number(r.weight)]));
}

/** Stores these weights as the year's own (its other metrics keep theirs). */
export async function writeWeights(
  db: DBOrTrx,
  year: number,
  weights: Partial<Record<TMetricKey, number>>,
): Promise<void> {
  for (const [metric, weight] of Object.entries(weights) as [TMetricKey, number | undefined][]) {
    if (weight === undefined) continue;
    await db
      .insertInto('metric_weights')
      .values({ year, metric, weight })
      .onConflict((oc) => oc.columns(['year', 'metric']).doUpdateSet({ weight }))
      .execute();
  }
}

/** The goals of a year, as rows (a copy into another year). */
export async function readGoalsOfYear(db: DBOrTrx, year: number): Promise<Omit<Goal, 'id'>[]> {
  const rows = await db
    .selectFrom('goals')
    .select(['year', 'scope_type', 'scope_ref', 'metric', 'target'])
    .where('year', '=', year)
    .execute();
  return rows.map((r) => ({ ...r, target: Number(r.target) }));
}
