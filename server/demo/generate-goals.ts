/**
 * Yearly goals (目标): the main metrics for all branches, raised a little each year, a few
 * category goals, and a few branch goals, like tests/fixtures/mini/目标.csv.
 */
import type { TMetricKey } from '../../shared/metric-keys';
import type { CollegePlan } from './plan-units';
import { createRng, mixSeed } from './prng';
import type { DemoGoal } from './types';

/** Targets of the first year and the step per later year (capped at `max`). */
const ALL_BRANCH_GOALS: readonly { metric: TMetricKey; first: number; step: number; max: number }[] = [
  { metric: 'complianceRate', first: 0.9, step: 0.02, max: 0.98 },
  { metric: 'attendanceRate', first: 0.85, step: 0.02, max: 0.95 },
  { metric: 'ritualRate', first: 0.9, step: 0.05, max: 1 },
  { metric: 'formatEvenness', first: 0.5, step: 0.05, max: 0.7 },
  { metric: 'workIntegrationRate', first: 0.4, step: 0.05, max: 0.6 },
  { metric: 'sharingCoverage', first: 0.4, step: 0.05, max: 0.6 },
  { metric: 'moduleBalance', first: 0.7, step: 0.05, max: 0.85 },
  { metric: 'volunteerHoursPerMember', first: 3, step: 1, max: 6 },
  { metric: 'projectsApproved', first: 1, step: 0, max: 1 },
  { metric: 'sessions', first: 30, step: 2, max: 36 },
];

const round2 = (x: number) => Math.round(x * 100) / 100;

export function generateGoals(college: CollegePlan): DemoGoal[] {
  const rng = createRng(mixSeed(college.options.seed, 0x90a15));
  const firstYear = Number(college.options.from.slice(0, 4));
  const lastYear = Number(college.options.today.slice(0, 4));
  const goals: DemoGoal[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const k = year - firstYear;
    for (const g of ALL_BRANCH_GOALS) {
      goals.push({
        year,
        scope: { type: 'all' },
        metric: g.metric,
        target: round2(Math.min(g.max, g.first + g.step * k)),
      });
    }
    goals.push({
      year,
      scope: { type: 'category', category: 'student' },
      metric: 'volunteerHoursPerMember',
      target: 8,
    });
    goals.push({
      year,
      scope: { type: 'category', category: 'retired' },
      metric: 'attendanceRate',
      target: 0.7,
    });
    goals.push({
      year,
      scope: { type: 'category', category: 'admin' },
      metric: 'workIntegrationRate',
      target: 0.7,
    });
    goals.push({
      year,
      scope: { type: 'category', category: 'faculty' },
      metric: 'projectsApproved',
      target: 2,
    });
    // The model branch and a few others set themselves higher targets.
    goals.push({ year, scope: { type: 'branch', code: 'XZ01' }, metric: 'projectsApproved', target: 2 });
    goals.push({ year, scope: { type: 'branch', code: 'XZ01' }, metric: 'formatCount', target: 7 });
    const existing = college.branches.filter((b) => !b.isModel && b.dissolved === null);
    for (const b of rng.sample(existing, 2)) {
      goals.push({ year, scope: { type: 'branch', code: b.unit.code }, metric: 'complianceRate', target: 1 });
    }
  }
  return goals;
}
