/**
 * One branch's results per year (三个目标): volunteer service with hours and person-times,
 * approved projects and awards with levels, proposals adopted by the college.
 */
import type { TAchievementKind, TLevel } from '../../shared/domain';
import { dayOf, toIsoDay, yearOfDay } from './days';
import type { BranchContext, PlannedMember } from './generate-members';
import type { DemoAchievement } from './types';
import { ACHIEVEMENT_TEMPLATES, type AchievementTemplate } from './vocabulary';

type TCountRange = readonly [number, number];

/** How many of each kind a branch of a category achieves in a year (min, max). */
const PER_YEAR: Record<string, Record<TAchievementKind, TCountRange>> = {
  admin: { volunteer_service: [1, 3], project_approval: [0, 1], award: [0, 1], proposal_adopted: [0, 2] },
  faculty: { volunteer_service: [1, 3], project_approval: [0, 3], award: [0, 1], proposal_adopted: [0, 1] },
  student: { volunteer_service: [2, 5], project_approval: [0, 1], award: [0, 1], proposal_adopted: [0, 1] },
  retired: { volunteer_service: [0, 2], project_approval: [0, 0], award: [0, 1], proposal_adopted: [0, 1] },
};

const LEVEL_KEYS: readonly TLevel[] = ['national', 'provincial', 'municipal', 'school'];
const LEVEL_WEIGHTS: Record<TAchievementKind, readonly number[]> = {
  volunteer_service: [0, 1, 4, 10],
  project_approval: [1, 3, 3, 5],
  award: [0.5, 1.5, 3, 8],
  proposal_adopted: [0, 0, 0, 1],
};

export function generateAchievements(ctx: BranchContext, members: PlannedMember[]): DemoAchievement[] {
  const { rng, branch } = ctx;
  const out: DemoAchievement[] = [];
  const keys = new Set<string>();
  const ranges = PER_YEAR[branch.category] as Record<TAchievementKind, TCountRange>;
  for (let year = yearOfDay(ctx.start); year <= yearOfDay(ctx.end); year++) {
    const lo = Math.max(dayOf(year, 1, 1), ctx.start);
    const hi = Math.min(dayOf(year, 12, 31), ctx.end);
    if (lo > hi) continue;
    // A branch that existed for part of the year achieves proportionally less.
    const share = (hi - lo + 1) / 365;
    for (const kind of Object.keys(ranges) as TAchievementKind[]) {
      const [min, max] = ranges[kind];
      let count = Math.round(rng.int(min, max) * share);
      if (branch.isModel && kind === 'project_approval') count = Math.max(count, 1);
      const templates = ACHIEVEMENT_TEMPLATES.filter(
        (t: AchievementTemplate) =>
          t.kind === kind &&
          (!t.categories || t.categories.includes(branch.category)) &&
          (!t.untilYear || year <= t.untilYear),
      );
      for (let i = 0; i < count && templates.length > 0; i++) {
        const template = rng.pick(templates);
        const day = rng.int(lo, hi);
        const iso = toIsoDay(day);
        const title =
          branch.isModel && kind === 'project_approval'
            ? `${year}年省级青年国际交流项目`
            : `${year}年${template.title}`;
        const key = `${iso}|${kind}|${title}`;
        if (keys.has(key)) continue;
        keys.add(key);
        const active = members.filter((m) => m.joined <= day && (m.left === null || m.left >= day)).length;
        const isVolunteer = kind === 'volunteer_service';
        const participants = isVolunteer ? rng.int(2, Math.max(3, Math.round(active * 0.8))) : null;
        // Hours are the total of everyone's hours (metrics.md: volunteerHours = Σ hours).
        const hours = participants === null ? null : participants * rng.int(4, 12) * 0.5;
        const level =
          branch.isModel && kind === 'project_approval'
            ? 'provincial'
            : isVolunteer && rng.chance(0.4)
              ? null
              : rng.weighted(LEVEL_KEYS, LEVEL_WEIGHTS[kind]);
        out.push({
          branch_code: branch.unit.code,
          achieved_on: iso,
          kind,
          title,
          level,
          hours,
          participants,
          notes: isVolunteer && rng.chance(0.2) ? '党员带头、群众参与' : null,
        });
      }
    }
  }
  return out;
}
