/**
 * The leadership overview's own request schemas and result types (server/metrics/overview/*, router
 * `overview.*`): KPI cards with college goals and year-over-year change, branch distribution, the
 * college's monthly trend and the "due soon" list. Top/bottom and last month's alerts come from
 * `overview.summary`.
 */
import { z } from 'zod';
import type { TCategory, TRequirement } from '../domain';
import type { TMetricKey } from '../metric-keys';
import { ZCalendarDaySchema } from './date';
import type { TGoalStatus, TMetricsScope, TMonthlyPoint } from './metrics';
import { ZPeriodInputSchema } from './period';

/** The six KPI cards, in display order. */
export const OVERVIEW_KPI_KEYS = [
  'complianceRate',
  'attendanceRate',
  'sessions',
  'volunteerHours',
  'projectsApproved',
  'index',
] as const;
export type TOverviewKpiKey = (typeof OVERVIEW_KPI_KEYS)[number];

/**
 * The college-level goal of a KPI. `basis` says where the target comes from:
 * - `all`: the `全部` goal of the goal year, as it is (rates) or scaled by days (per-member counts);
 * - `branchSum`: Σ of every reported branch's own scaled target (counts such as sessions: a `全部`
 *   goal of 30 sessions means 30 per branch, so the college owes 30 × branches, plus overrides).
 */
export interface TOverviewGoal {
  metric: TMetricKey;
  basis: 'all' | 'branchSum';
  target: number;
  /** The college value compared with the target (the per-member value when `metric` differs from the KPI). */
  actual: number | null;
  attainment: number | null;
  status: TGoalStatus;
}

export interface TOverviewKpi {
  key: TOverviewKpiKey;
  value: number | null;
  /** The same period and asOf one year earlier (college roll-up); null when no branch was reported then. */
  previous: number | null;
  delta: number | null;
  goal: TOverviewGoal | null;
}

/** Branch status basis of the distribution: each branch's complianceRate goal status. */
export type TDistributionBasis = 'complianceRate';

export interface TOverviewKpis {
  scope: TMetricsScope;
  /** The year-earlier counted range the deltas compare with. */
  previousScope: { start: string; asOf: string; branches: number };
  branches: number;
  kpis: TOverviewKpi[];
  distribution: {
    basis: TDistributionBasis;
    byStatus: Record<TGoalStatus, number>;
    byCategory: { category: TCategory | null; counts: Record<TGoalStatus, number> }[];
  };
}

/** A month of the college's trend (the same point as a branch's monthly series). */
export type TOverviewTrendPoint = TMonthlyPoint;

export interface TOverviewTrend {
  scope: TMetricsScope;
  points: TOverviewTrendPoint[];
  /** The `全部` complianceRate goal of the goal year (null without one). */
  complianceTarget: number | null;
}

export const ZDueSoonInputSchema = z
  .object({
    /** "Today" (server date when absent); injectable for tests. */
    today: ZCalendarDaySchema.optional(),
    /** The card asks for its first 30; 导出 for the whole list (a college of 2,000 branches owes ~12,000). */
    limit: z.number().int().min(1).max(20_000).default(50),
  })
  .optional();
export type TDueSoonInput = z.input<typeof ZDueSoonInputSchema>;

export interface TDueSoonItem {
  branchId: number;
  code: string;
  name: string;
  type: TRequirement;
  /** The current slot label (`2025-11`, `2025-Q4`). */
  slot: string;
  slotEnd: string;
  /** Days after today up to the slot's last day (0 = due today). */
  daysLeft: number;
}

export interface TDueSoon {
  today: string;
  /** Current month and quarter slots. */
  slots: { label: string; length: 'month' | 'quarter'; start: string; end: string }[];
  /** The first `limit` items, soonest first. */
  items: TDueSoonItem[];
  total: number;
  byType: Partial<Record<TRequirement, number>>;
}

export const ZOverviewInputSchema = ZPeriodInputSchema.extend({
  /** How many branches to list at the top and the bottom. */
  limit: z.number().int().min(1).max(50).default(5),
});
export type TOverviewInput = z.input<typeof ZOverviewInputSchema>;
