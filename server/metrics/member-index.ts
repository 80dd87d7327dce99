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

/** The college's membership rows and share days, as built by loadMemberIndex. */
export interface TMemberIndex {
  /** Per membership row: its branch, first and last day (dayKey; open rows: OPEN). */
  branchOf: Int32Array;
  joinedOf: Int32Array;
  leftOf: Int32Array;
  /**
   * Per (branch, code) pair that shared and is a membership row of that branch (members are unique per
   * branch and code): the row (`pairMember`) and its share days, sorted, in
   * `shareDays[pairStart[p] .. pairStart[p + 1])`. Pairs whose code is no member of the branch never count
   * and are left out.
   */
  pairMember: Int32Array;
  pairStart: Int32Array;
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
    select branch_id, code, joined_on, left_on from members`.execute(db);
  const count = members.rows.length;
  const branchOf = new Int32Array(count);
  const joinedOf = new Int32Array(count);
  const leftOf = new Int32Array(count);
  const rowOfPair = new Map<string, number>();
  members.rows.forEach((m, i) => {
    const branchId = toNumber(m.branch_id);
    branchOf[i] = branchId;
    joinedOf[i] = dayKey(m.joined_on);
    leftOf[i] = m.left_on === null ? OPEN : dayKey(m.left_on);
    rowOfPair.set(`${branchId}\u0000${m.code}`, i);
  });
  // Distinct days per pair (two activities of one day count as one day: only whether a day lies in the
  // range matters), ordered so each pair's days are contiguous and sorted.
  const shares = await sql<{ branch_id: number; member_code: string; held_on: string }>`
    select distinct a.branch_id as branch_id, s.member_code as member_code, a.held_on as held_on
    from activity_sharers s join activities a on a.id = s.activity_id
    order by a.branch_id, s.member_code, a.held_on`.execute(db);
  const pairMember: number[] = [];
  const pairStart: number[] = [];
  const shareDays = new Int32Array(shares.rows.length);
  let days = 0;
  let lastKey = '';
  let lastRow = -1;
  for (const s of shares.rows) {
    const key = `${toNumber(s.branch_id)}\u0000${s.member_code}`;
    if (key !== lastKey) {
      lastKey = key;
      lastRow = rowOfPair.get(key) ?? -1;
      if (lastRow >= 0) {
        pairMember.push(lastRow);
        pairStart.push(days);
      }
    }
    if (lastRow >= 0) shareDays[days++] = dayKey(s.held_on);
  }
  pairStart.push(days);
  return {
    branchOf,
    joinedOf,
    leftOf,
    pairMember: Int32Array.from(pairMember),
    pairStart: Int32Array.from(pairStart),
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
  const { branchOf, joinedOf, leftOf, pairMember, pairStart, shareDays } = index;
  const wanted = branchIds ? new Set(branchIds) : undefined;
  const active = new Map<number, number>();
  const isActive = (row: number) => (joinedOf[row] as number) <= to && (leftOf[row] as number) >= from;
  for (let row = 0; row < branchOf.length; row++) {
    if (!isActive(row)) continue;
    const branchId = branchOf[row] as number;
    if (wanted && !wanted.has(branchId)) continue;
    active.set(branchId, (active.get(branchId) ?? 0) + 1);
  }
  const sharers = new Map<number, number>();
  for (let p = 0; p < pairMember.length; p++) {
    const row = pairMember[p] as number;
    if (!isActive(row)) continue;
    const branchId = branchOf[row] as number;
    if (wanted && !wanted.has(branchId)) continue;
    if (sharedWithin(shareDays, pairStart[p] as number, pairStart[p + 1] as number, from, to))
      sharers.set(branchId, (sharers.get(branchId) ?? 0) + 1);
  }
  for (const [branchId, n] of active) onActive(branchId, n);
  for (const [branchId, n] of sharers) onSharers(branchId, n);
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
