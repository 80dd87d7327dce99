/**
 * Active members and counted sharers of any range, from the whole college's membership rows and
 * (branch, sharer) share days held in memory as typed arrays (metrics.md "Which branches and members
 * count", "Integration"): a membership row is active when it overlaps the counted range; a sharer counts
 * for a branch when that code is an active member of that same branch and shared in one of the
 * branch's activities inside the range.
 *
 * Why in memory: every new period asked for these counts again in SQL (a range's active members from
 * roll-ups minus the year's joiners and leavers, its distinct sharer pairs joined to members), 8–140 ms
 * each at 2,000 branches and under load the largest share of the API workers' SQL time
 * (PERFORMANCE.md). The college's membership rows and share days are small (2,000 branches × 5 years:
 * 100,000 members, 35,000 pairs, 76,000 share days ≈ 2 MB here), so they are read once per
 * member_index_version (memo.ts memoizedByVersion) and any range is then one pass over plain arrays (≈ 1 ms).
 */
import { type RawBuilder, sql } from 'kysely';
import type { DBOrTrx } from '../db/database';
import { memberIndexVersion, sqlListOf, toNumber } from './dialect';
import { memoizedByVersion } from './memo';

/**
 * The college's membership rows and share days, as built by loadMemberIndex, grouped by branch so that
 * one branch's counts read only its own rows (a branch page asks for a dozen ranges).
 */
export interface TMemberIndex {
  /** The branches with membership rows, ascending; a branch's position in them is its group. */
  branchIds: Int32Array;
  /** Per group: its membership rows are `memberStart[g] .. memberStart[g + 1]`, its pairs likewise. */
  memberStart: Int32Array;
  pairStart: Int32Array;
  /** Per membership row: its first and last day (dayKey; open rows: OPEN). */
  joinedOf: Int32Array;
  leftOf: Int32Array;
  /**
   * Per (branch, code) pair that shared and is a membership row of that branch (members are unique per
   * branch and code): the row (`pairMember`) and its share days, sorted, in
   * `shareDays[dayStart[p] .. dayStart[p + 1])`. Pairs whose code is no member of the branch never count
   * and are left out.
   */
  pairMember: Int32Array;
  dayStart: Int32Array;
  shareDays: Int32Array;
}

/** The left day of a membership row still open. */
const OPEN = 0x7fffffff;

/**
 * An ISO date as an integer with the same order (`2025-03-14` → (2025 × 16 + 3) × 32 + 14): ranges are
 * compared, never subtracted, so no calendar arithmetic is needed.
 */
export function dayKey(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return (y * 16 + m) * 32 + d;
}

/**
 * The college's member index for this connection, built on first use and again only when
 * member_index_version moves: an import that corrects sessions' counts or notes keeps it.
 */
export async function memberIndexOf(db: DBOrTrx): Promise<TMemberIndex> {
  return memoizedByVersion(db, 'members', await memberIndexVersion(db), () => loadMemberIndex(db));
}

/** `dayKey` of an ISO date column, in SQL. */
function sqlDayKey(column: string): RawBuilder<number> {
  const part = (from: number, length: number) =>
    sql`cast(substr(${sql.ref(column)}, ${sql.lit(from)}, ${sql.lit(length)}) as integer)`;
  return sql<number>`((${part(1, 4)} * 16 + ${part(6, 2)}) * 32 + ${part(9, 2)})`;
}

/** The integers of one branch's packed list (`a,b,c` items joined by U+0001, dialect.sqlListOf). */
function listedIntegers(list: unknown, perItem: number): number[] {
  const out: number[] = [];
  for (const item of String(list ?? '').split('\u0001')) {
    if (item === '') continue;
    const parts = item.split(',');
    for (let i = 0; i < perItem; i++) out.push(Number(parts[i]));
  }
  return out;
}

/**
 * Reads every membership row and every distinct (member, share day) of the college into arrays. Both come
 * as one packed list per branch: 100,000 rows as JS objects cost more than the queries (≈ 0.2 s each at
 * 2,000 branches), and this index is rebuilt by every API worker after each import.
 */
export async function loadMemberIndex(db: DBOrTrx): Promise<TMemberIndex> {
  const members = await sql<{ branch_id: unknown; v: unknown }>`
    select branch_id, ${sqlListOf(sql`id || ',' || ${sqlDayKey('joined_on')} || ',' || coalesce(${sqlDayKey('left_on')}, ${sql.lit(OPEN)})`)} as v
    from members group by branch_id order by branch_id`.execute(db);
  // A sharer counts only as a member of the activity's own branch: matched to that membership row here.
  const shares = await sql<{ branch_id: unknown; v: unknown }>`
    select branch_id, ${sqlListOf(sql`member_id || ',' || day`)} as v from (
      select distinct m.branch_id as branch_id, m.id as member_id, ${sqlDayKey('a.held_on')} as day
      from activity_sharers s join activities a on a.id = s.activity_id
      join members m on m.branch_id = a.branch_id and m.code = s.member_code) x
    group by branch_id order by branch_id`.execute(db);
  const branchIds = new Int32Array(members.rows.length);
  const memberStart = new Int32Array(members.rows.length + 1);
  const joined: number[] = [];
  const left: number[] = [];
  const rowOfMember = new Map<number, number>();
  members.rows.forEach((row, group) => {
    branchIds[group] = toNumber(row.branch_id);
    memberStart[group] = joined.length;
    const values = listedIntegers(row.v, 3);
    for (let i = 0; i < values.length; i += 3) {
      rowOfMember.set(values[i] as number, joined.length);
      joined.push(values[i + 1] as number);
      left.push(values[i + 2] as number);
    }
  });
  memberStart[members.rows.length] = joined.length;
  // Per branch, its pairs (a member and its share days, sorted) in the order of the branch's groups.
  const pairStart = new Int32Array(branchIds.length + 1);
  const pairMember: number[] = [];
  const dayStart: number[] = [];
  const shareDays: number[] = [];
  const sharesOf = new Map(shares.rows.map((row) => [toNumber(row.branch_id), row.v]));
  for (let group = 0; group < branchIds.length; group++) {
    pairStart[group] = pairMember.length;
    const values = listedIntegers(sharesOf.get(branchIds[group] as number), 2);
    // (member, day) pairs sorted by member then day: one number each (days < 2^21).
    const keys = new Float64Array(values.length / 2);
    for (let i = 0; i < keys.length; i++)
      keys[i] = (values[2 * i] as number) * 2 ** 21 + (values[2 * i + 1] as number);
    keys.sort();
    let lastMember = -1;
    for (const key of keys) {
      const member = Math.floor(key / 2 ** 21);
      if (member !== lastMember) {
        lastMember = member;
        pairMember.push(rowOfMember.get(member) as number);
        dayStart.push(shareDays.length);
      }
      shareDays.push(key % 2 ** 21);
    }
  }
  pairStart[branchIds.length] = pairMember.length;
  dayStart.push(shareDays.length);
  return {
    branchIds,
    memberStart,
    pairStart,
    joinedOf: Int32Array.from(joined),
    leftOf: Int32Array.from(left),
    pairMember: Int32Array.from(pairMember),
    dayStart: Int32Array.from(dayStart),
    shareDays: Int32Array.from(shareDays),
  };
}

/**
 * Active members and counted sharers per branch of start..asOf (ISO dates), handed over per branch that
 * has any (a branch not handed over has none), limited to `branchIds` when given.
 */
export function countMembers(
  index: TMemberIndex,
  { start, asOf }: { start: string; asOf: string },
  branchIds: readonly number[] | undefined,
  onActive: (branchId: number, activeMembers: number) => void,
  onSharers: (branchId: number, sharers: number) => void,
): void {
  const from = dayKey(start);
  const to = dayKey(asOf);
  const { memberStart, pairStart, joinedOf, leftOf, pairMember, dayStart, shareDays } = index;
  const isActive = (row: number) => (joinedOf[row] as number) <= to && (leftOf[row] as number) >= from;
  const countGroup = (group: number) => {
    const branchId = index.branchIds[group] as number;
    let active = 0;
    for (let row = memberStart[group] as number; row < (memberStart[group + 1] as number); row++)
      if (isActive(row)) active++;
    if (active === 0) return;
    onActive(branchId, active);
    let sharers = 0;
    for (let p = pairStart[group] as number; p < (pairStart[group + 1] as number); p++) {
      if (!isActive(pairMember[p] as number)) continue;
      if (sharedWithin(shareDays, dayStart[p] as number, dayStart[p + 1] as number, from, to)) sharers++;
    }
    if (sharers > 0) onSharers(branchId, sharers);
  };
  if (!branchIds) {
    for (let group = 0; group < index.branchIds.length; group++) countGroup(group);
    return;
  }
  for (const id of branchIds) {
    const group = groupOf(index.branchIds, id);
    if (group >= 0) countGroup(group);
  }
}

/** The position of `id` in the ascending ids, -1 when absent. */
function groupOf(ids: Int32Array, id: number): number {
  let a = 0;
  let b = ids.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((ids[mid] as number) < id) a = mid + 1;
    else b = mid;
  }
  return a < ids.length && ids[a] === id ? a : -1;
}

/** Whether the sorted days[lo..hi) hold a day in from..to (the first day ≥ from, by bisection). */
function sharedWithin(days: Int32Array, lo: number, hi: number, from: number, to: number): boolean {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((days[mid] as number) < from) a = mid + 1;
    else b = mid;
  }
  return a < hi && (days[a] as number) <= to;
}
