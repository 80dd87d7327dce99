/** The goals page's API: the goals of one year and the composite index weights (docs: metrics.md). */
import { z } from 'zod';
import type { TCategory } from '../domain';
import type { TMetricKey } from '../metric-keys';

export const ZGoalListInputSchema = z.object({ year: z.number().int().min(1990).max(2100) });
export type TGoalListInput = z.infer<typeof ZGoalListInputSchema>;

export type TGoalScope =
  | { type: 'all' }
  | { type: 'category'; category: TCategory }
  | { type: 'branch'; branchCode: string };

export interface TGoalItem {
  year: number;
  scope: TGoalScope;
  /** The branch's name for a branch scope (null when the code no longer names a branch). */
  branchName: string | null;
  metric: TMetricKey;
  /** As stored: a share 0..1 for rate metrics, a yearly amount otherwise. */
  target: number;
}

export interface TGoalList {
  year: number;
  goals: TGoalItem[];
  /** Every year that has at least one goal, ascending (for the year picker). */
  years: number[];
}

export interface TWeightItem {
  metric: TMetricKey;
  weight: number;
}
