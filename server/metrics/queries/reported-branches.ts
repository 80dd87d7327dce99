/** Branches reported for a counted range: existing on at least one of its days (metrics.md). */
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
