import { sql } from 'kysely';
import type { TCategory } from '../../../shared/domain';
import { type TPolicyUser, whereReadableBranch } from '../../auth/roles';
import type { DBOrTrx } from '../database';

export interface ListBranchesOptions {
  /** The day counts are taken on (ISO `YYYY-MM-DD`): members current on it, activities of its year. */
  today: string;
  /**
   * Only the branches whose member-level data this user may read (a secretary: its own branch).
   * The member and activity counts are member-level data, so the rows are narrowed here, in SQL.
   * Absent for trusted callers (CLI, exports of the organization department).
   */
  viewer?: TPolicyUser;
}

/** One 党支部 with its counts, as the branch list shows it. */
export interface TBranchListItem {
  id: number;
  code: string;
  name: string;
  category: TCategory | null;
  hasGroups: boolean;
  parentCode: string | null;
  parentName: string | null;
  establishedOn: string;
  dissolvedOn: string | null;
  /** Membership rows current on `today` (joined on or before it, not left before it). */
  memberCount: number;
  /** Activities held in the calendar year of `today`, up to and including `today`. */
  activitiesThisYear: number;
  activitiesTotal: number;
}

/**
 * Every branch (kind `branch`, dissolved ones included) with its parent and counts.
 * The counts are aggregated per branch in SQL and joined once, so the cost is one pass over
 * members and activities whatever the number of branches.
 */
export async function listBranches(
  db: DBOrTrx,
  { today, viewer }: ListBranchesOptions,
): Promise<TBranchListItem[]> {
  const yearStart = `${today.slice(0, 4)}-01-01`;

  // The counts are scoped like the list: a secretary's one row must not cost a scan of every branch.
  let members = db
    .selectFrom('members')
    .select((eb) => ['branch_id', eb.fn.countAll<number>().as('member_count')])
    .where('joined_on', '<=', today)
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>=', today)]))
    .groupBy('branch_id');
  if (viewer) members = whereReadableBranch(members, viewer, 'branch_id');
  const memberCounts = members.as('mc');

  let activities = db
    .selectFrom('activities')
    .select((eb) => [
      'branch_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(
          sql<number>`case when ${eb.ref('held_on')} between ${yearStart} and ${today} then 1 else 0 end`,
        )
        .as('this_year'),
    ])
    .groupBy('branch_id');
  if (viewer) activities = whereReadableBranch(activities, viewer, 'branch_id');
  const activityCounts = activities.as('ac');

  const all = db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .leftJoin(memberCounts, 'mc.branch_id', 'u.id')
    .leftJoin(activityCounts, 'ac.branch_id', 'u.id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.category',
      'u.has_groups',
      'u.established_on',
      'u.dissolved_on',
      'p.code as parent_code',
      'p.name as parent_name',
      'mc.member_count',
      'ac.this_year',
      'ac.total',
    ])
    .where('u.kind', '=', 'branch')
    .orderBy('u.code');
  const rows = await (viewer ? whereReadableBranch(all, viewer, 'u.id') : all).execute();

  // Coerce at the edge: PostgreSQL returns bigint counts as strings and missing joins as null.
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    category: r.category,
    hasGroups: Number(r.has_groups) === 1,
    parentCode: r.parent_code,
    parentName: r.parent_name,
    establishedOn: r.established_on,
    dissolvedOn: r.dissolved_on,
    memberCount: Number(r.member_count ?? 0),
    activitiesThisYear: Number(r.this_year ?? 0),
    activitiesTotal: Number(r.total ?? 0),
  }));
}
