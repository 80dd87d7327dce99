/** Results (metrics.md "Results"): achievement sums per branch over the counted range. */
import { sql } from 'kysely';
import { LEVELS, type TLevel } from '../../../shared/domain';
import type { DBOrTrx } from '../../db/database';
import { toNumber } from '../dialect';

export interface TAchievementSums {
  volunteerHours: number;
  volunteerPersonTimes: number;
  projectsApproved: number;
  projectsByLevel: Record<TLevel, number>;
  awards: number;
  proposalsAdopted: number;
}

export function emptyAchievementSums(): TAchievementSums {
  return {
    volunteerHours: 0,
    volunteerPersonTimes: 0,
    projectsApproved: 0,
    projectsByLevel: Object.fromEntries(LEVELS.keys.map((l) => [l, 0])) as Record<TLevel, number>,
    awards: 0,
    proposalsAdopted: 0,
  };
}

export async function queryAchievementSums(
  db: DBOrTrx,
  { start, asOf, branchIds }: { start: string; asOf: string; branchIds?: readonly number[] },
): Promise<Map<number, TAchievementSums>> {
  const filter =
    branchIds === undefined
      ? sql`1 = 1`
      : branchIds.length === 0
        ? sql`1 = 0`
        : sql`branch_id in (${sql.join(branchIds.map((id) => sql.lit(id)))})`;
  const levelCols = sql.join(
    LEVELS.keys.map(
      (l) => sql`sum(case when kind = 'project_approval' and level = ${sql.lit(l)} then 1 else 0 end) as ${sql.ref(`lvl_${l}`)}`,
    ),
  );
  const { rows } = await sql<Record<string, unknown>>`select branch_id,
      sum(case when kind = 'volunteer_service' then coalesce(hours, 0) else 0 end) as hours,
      sum(case when kind = 'volunteer_service' then coalesce(participants, 0) else 0 end) as person_times,
      sum(case when kind = 'project_approval' then 1 else 0 end) as projects,
      sum(case when kind = 'award' then 1 else 0 end) as awards,
      sum(case when kind = 'proposal_adopted' then 1 else 0 end) as proposals,
      ${levelCols}
    from achievements where achieved_on >= ${start} and achieved_on <= ${asOf} and ${filter}
    group by branch_id`.execute(db);
  const result = new Map<number, TAchievementSums>();
  for (const row of rows) {
    result.set(toNumber(row.branch_id), {
      volunteerHours: toNumber(row.hours),
      volunteerPersonTimes: toNumber(row.person_times),
      projectsApproved: toNumber(row.projects),
      projectsByLevel: Object.fromEntries(LEVELS.keys.map((l) => [l, toNumber(row[`lvl_${l}`])])) as Record<TLevel, number>,
      awards: toNumber(row.awards),
      proposalsAdopted: toNumber(row.proposals),
    });
  }
  return result;
}
