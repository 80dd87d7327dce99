import type { Generated, Insertable, Selectable } from 'kysely';
import type { TMetricKey } from '../../../shared/metric-keys';

export type TGoalScopeType = 'all' | 'category' | 'branch';

/**
 * A yearly target. `scope_ref` is '' for all branches, a category key, or a branch code;
 * it is never null so that the natural key (year, scope_type, scope_ref, metric) can be UNIQUE
 * on every database (NULLs are distinct in unique indexes).
 */
export interface GoalTable {
  id: Generated<number>;
  year: number;
  scope_type: TGoalScopeType;
  scope_ref: string;
  metric: TMetricKey;
  target: number;
}
export type Goal = Selectable<GoalTable>;
export type NewGoal = Insertable<GoalTable>;

/** An index weight of a goal year (metrics.md: a year without its own uses the latest earlier year's). */
export interface MetricWeightTable {
  year: number;
  metric: TMetricKey;
  weight: number;
}
