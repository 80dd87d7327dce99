/**
 * The demo college as a lazy stream: the organisation chart and goals up front (small), then one
 * branch at a time (members, activities, achievements), so 10,000 branches × 5 years never sit in
 * memory together. Deterministic for (seed, branches, years, today).
 */
import { todayIso } from '../../shared/schemas/date';
import { parseIsoDay } from './days';
import { generateAchievements } from './generate-achievements';
import { ActivityGenerator } from './generate-activities';
import { generateGoals } from './generate-goals';
import { type BranchContext, generateMembers, toMemberRow } from './generate-members';
import { type CollegePlan, planCollege } from './plan-units';
import { createRng } from './prng';
import type { DemoBranchRows, DemoGoal, DemoOptions, DemoUnit, TResolvedDemoOptions } from './types';

export const DEMO_DEFAULTS = { branches: 40, years: 3, seed: 20251 } as const;
const MAX_BRANCHES = 100_000;
const MAX_YEARS = 30;

export interface DemoData {
  options: TResolvedDemoOptions;
  /** The committee, general branches and branches, parents before children. */
  units: DemoUnit[];
  goals: DemoGoal[];
  /** Generates the branches' rows one branch at a time; each call starts over and yields the same rows. */
  branches(): Generator<DemoBranchRows>;
}

/** Fills in defaults and checks ranges; throws with a bilingual message on bad input. */
export function resolveDemoOptions(opts: DemoOptions = {}): TResolvedDemoOptions {
  const branches = opts.branches ?? DEMO_DEFAULTS.branches;
  const years = opts.years ?? DEMO_DEFAULTS.years;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const today = opts.today ?? todayIso();
  if (!Number.isInteger(branches) || branches < 1 || branches > MAX_BRANCHES) {
    throw new Error(
      `支部数必须是 1–${MAX_BRANCHES} 的整数 / branches must be an integer 1–${MAX_BRANCHES}, got ${branches}`,
    );
  }
  if (!Number.isInteger(years) || years < 1 || years > MAX_YEARS) {
    throw new Error(
      `年数必须是 1–${MAX_YEARS} 的整数 / years must be an integer 1–${MAX_YEARS}, got ${years}`,
    );
  }
  if (!Number.isInteger(seed)) throw new Error(`随机种子必须是整数 / seed must be an integer, got ${seed}`);
  if (parseIsoDay(today) === undefined) {
    throw new Error(`日期格式应为 YYYY-MM-DD / today must be a date YYYY-MM-DD, got "${today}"`);
  }
  const from = `${Number(today.slice(0, 4)) - years + 1}-01-01`;
  return { branches, years, seed, today, from };
}

function* branchRows(college: CollegePlan): Generator<DemoBranchRows> {
  let memberSeq = 0;
  const nextMemberCode = () => `M${String(++memberSeq).padStart(6, '0')}`;
  for (const branch of college.branches) {
    const ctx: BranchContext = {
      college,
      branch,
      rng: createRng(branch.seed),
      start: Math.max(college.from, branch.established),
      end: Math.min(college.today, branch.dissolved ?? college.today),
      nextMemberCode,
    };
    const members = generateMembers(ctx);
    const activities = new ActivityGenerator(ctx, members.own).generate(members.intakeDays);
    const achievements = generateAchievements(ctx, members.own);
    yield {
      members: [...members.own.map((m) => toMemberRow(branch.unit.code, m)), ...members.transfersOut],
      activities,
      achievements,
    };
  }
}

export function generateDemo(opts: DemoOptions = {}): DemoData {
  const options = resolveDemoOptions(opts);
  const college = planCollege(options);
  return {
    options,
    units: college.units,
    goals: generateGoals(college),
    branches: () => branchRows(college),
  };
}
