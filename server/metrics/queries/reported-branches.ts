/** Branches reported for a counted range: existing on at least one of its days (metrics.md). */
import { type RawBuilder, sql } from 'kysely';
import type { TBranchIdentity } from '../../../shared/schemas/metrics';
import type { DBOrTrx } from '../../db/database';

export interface TReportedBranch extends TBranchIdentity {
  hasGroups: boolean;
}

export async function queryReportedBranches(
  db: DBOrTrx,
  { start, asOf }: { start: string; asOf: string },
): Promise<TReportedBranch[]> {
  const rows = await db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.category',
      'u.parent_id',
      'p.code as parent_code',
      'p.name as parent_name',
      'u.established_on',
      'u.dissolved_on',
      'u.has_groups',
    ])
    .where('u.kind', '=', 'branch')
    .where('u.established_on', '<=', asOf)
    .where((eb) => eb.or([eb('u.dissolved_on', 'is', null), eb('u.dissolved_on', '>=', start)]))
    .orderBy('u.code')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    category: r.category,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    parentCode: r.parent_code,
    parentName: r.parent_name,
    establishedOn: String(r.established_on),
    dissolvedOn: r.dissolved_on === null ? null : String(r.dissolved_on),
    hasGroups: Number(r.has_groups) === 1,
  }));
}

/** `select id …` of the same branches, as a subquery filter (branchFilter) instead of a list of ids. */
export function reportedBranchIds({ start, asOf }: { start: string; asOf: string }): RawBuilder<unknown> {
  return sql`select id from units where kind = 'branch' and established_on <= ${asOf}
    and (dissolved_on is null or dissolved_on >= ${start})`;
}

/** Whether any branch is reported in the range. */
export async function anyReportedBranch(db: DBOrTrx, range: { start: string; asOf: string }): Promise<boolean> {
  const { rows } = await sql`select 1 as one from (${reportedBranchIds(range)}) b limit 1`.execute(db);
  return rows.length > 0;
}
