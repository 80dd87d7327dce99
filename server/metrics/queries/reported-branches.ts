/** Branches reported for a counted range: existing on at least one of its days (metrics.md). */
import { type RawBuilder, sql } from 'kysely';
import type { TCategory } from '../../../shared/domain';
import type { TBranchIdentity } from '../../../shared/schemas/metrics';
import type { DBOrTrx } from '../../db/database';
import { packValues, toNumber, unpackValues } from '../dialect';
import { memoizedBySetup } from '../versions';

export interface TReportedBranch extends TBranchIdentity {
  hasGroups: boolean;
}

/**
 * Branches reported for start..asOf (existing on at least one of its days), by code, limited to
 * `branchIds` when given. Read from the college's branch list held per setup version (every write to
 * units moves it): a page asked for it in each of its calls, ≈ 6 ms each at 2,000 branches under load.
 * The objects are shared between callers: read them, never change them.
 */
export async function queryReportedBranches(
  db: DBOrTrx,
  { start, asOf }: { start: string; asOf: string },
  /** Only these branches (default: every branch reported in the range). */
  branchIds?: readonly number[],
): Promise<TReportedBranch[]> {
  const all = await memoizedBySetup(db, 'branches', () => readAllBranches(db));
  const wanted = branchIds ? new Set(branchIds) : undefined;
  return all.filter(
    (b) =>
      (!wanted || wanted.has(b.id)) &&
      b.establishedOn <= asOf &&
      (b.dissolvedOn === null || b.dissolvedOn >= start),
  );
}

/** Every branch of the college with its general branch, by code. */
async function readAllBranches(db: DBOrTrx): Promise<TReportedBranch[]> {
  // One packed value per row (dialect.packValues): 10 columns × 10,000 branches as JS objects cost
  // twice as much as the query itself.
  const { rows } = await sql<{ v: unknown }>`select ${packValues([
    sql`u.id`,
    sql`u.code`,
    sql`u.name`,
    sql`u.category`,
    sql`u.parent_id`,
    sql`p.code`,
    sql`p.name`,
    sql`u.established_on`,
    sql`u.dissolved_on`,
    sql`u.has_groups`,
  ])} as v
    from units u left join units p on p.id = u.parent_id
    where u.kind = 'branch'
    order by u.code`.execute(db);
  return rows.map(({ v }) => {
    const [
      id,
      code,
      name,
      category,
      parentId,
      parentCode,
      parentName,
      establishedOn,
      dissolvedOn,
      hasGroups,
    ] = unpackValues(v);
    return {
      id: toNumber(id),
      code: String(code),
      name: String(name),
      category: (category ?? null) as TCategory | null,
      parentId: parentId === null ? null : toNumber(parentId),
      parentCode: parentCode === null ? null : String(parentCode),
      parentName: parentName === null ? null : String(parentName),
      establishedOn: String(establishedOn),
      dissolvedOn: dissolvedOn === null ? null : String(dissolvedOn),
      hasGroups: toNumber(hasGroups) === 1,
    };
  });
}

/** What ranking a branch needs of it: no names, no parent (metrics.md "Which branches … count"). */
export type TBranchFacts = Pick<
  TReportedBranch,
  'id' | 'code' | 'category' | 'establishedOn' | 'dissolvedOn' | 'hasGroups'
>;

/** queryReportedBranches for the rank-only path (the same shared objects; only the facts are read). */
export function queryBranchFacts(
  db: DBOrTrx,
  range: { start: string; asOf: string },
): Promise<TBranchFacts[]> {
  return queryReportedBranches(db, range);
}

/** `select id …` of the same branches, as a subquery filter (branchFilter) instead of a list of ids. */
export function reportedBranchIds({ start, asOf }: { start: string; asOf: string }): RawBuilder<unknown> {
  return sql`select id from units where kind = 'branch' and established_on <= ${asOf}
    and (dissolved_on is null or dissolved_on >= ${start})`;
}

/** Whether any branch is reported in the range. */
export async function anyReportedBranch(
  db: DBOrTrx,
  range: { start: string; asOf: string },
): Promise<boolean> {
  const { rows } = await sql`select 1 as one from (${reportedBranchIds(range)}) b limit 1`.execute(db);
  return rows.length > 0;
}
