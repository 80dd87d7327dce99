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
 * 100,000 members, 35,000 pairs, 76,000 share days ≈ 2 MB here), so they are read once per metrics
 * version (memo.ts memoizedIndex) and any range is then one pass over plain arrays (≈ 1 ms).
 */
import { sql } from 'kysely';
import type { DBOrTrx } from '../db/database';
import { toNumber } from './dialect';
import { memoizedIndex } from './memo';

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

/** The college's member index for this connection's metrics version, built on first use. */
export function memberIndexOf(db: DBOrTrx): Promise<TMemberIndex> {
  return memoizedIndex(db, 'members', () => loadMemberIndex(db));
}

/** Reads every membership row and every distinct (branch, sharer, day) of the college into arrays. */
export async function loadMemberIndex(db: DBOrTrx): Promise<TMemberIndex> {
  const members = await sql<{ branch_id: number; code: string; joined_on: string; left_on: string | null }>`
    select branch_id, code, joined_on, left_on from members order by branch_id`.execute(db);
  const count = members.rows.length;
  const joinedOf = new Int32Array(count);
  const leftOf = new Int32Array(count);
  const branchIds: number[] = [];
  const memberStart: number[] = [];
  const rowOfPair = new Map<string, number>();
  members.rows.forEach((m, i) => {
    const branchId = toNumber(m.branch_id);
    if (branchIds.at(-1) !== branchId) {
      branchIds.push(branchId);
      memberStart.push(i);
    }
    joinedOf[i] = dayKey(m.joined_on);
    leftOf[i] = m.left_on === null ? OPEN : dayKey(m.left_on);
    rowOfPair.set(`${branchId}\u0000${m.code}`, i);
  });
  memberStart.push(count);
  // Distinct days per pair (two activities of one day count as one day: only whether a day lies in the
  // range matters), ordered so each branch's pairs and each pair's days are contiguous and sorted.
  const shares = await sql<{ branch_id: number; member_code: string; held_on: string }>`
    select distinct a.branch_id as branch_id, s.member_code as member_code, a.held_on as held_on
    from activity_sharers s join activities a on a.id = s.activity_id
    order by a.branch_id, s.member_code, a.held_on`.execute(db);
  const pairMember: number[] = [];
  const dayStart: number[] = [];
  const pairStart = new Int32Array(branchIds.length + 1);
  const shareDays = new Int32Array(shares.rows.length);
  let days = 0;
  let lastKey = '';
  let lastRow = -1;
  let group = 0;
  for (const s of shares.rows) {
    const branchId = toNumber(s.branch_id);
    const key = `${branchId}\u0000${s.member_code}`;
    if (key !== lastKey) {
      lastKey = key;
      lastRow = rowOfPair.get(key) ?? -1;
      if (lastRow >= 0) {
        // Groups before this pair's branch end here (a branch's pairs follow its members' order).
        while ((branchIds[group] as number) < branchId) pairStart[++group] = pairMember.length;
        pairMember.push(lastRow);
        dayStart.push(days);
      }
    }
    if (lastRow >= 0) shareDays[days++] = dayKey(s.held_on);
  }
  while (group < branchIds.length) pairStart[++group] = pairMember.length;
  dayStart.push(days);
  return {
    branchIds: Int32Array.from(branchIds),
    memberStart: Int32Array.from(memberStart),
    pairStart,
    joinedOf,
    leftOf,
    pairMember: Int32Array.from(pairMember),
    dayStart: Int32Array.from(dayStart),
    shareDays: shareDays.slice(0, days),
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
