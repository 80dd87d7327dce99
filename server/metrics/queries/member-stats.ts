/**
 * Active members and counted sharers per branch (metrics.md "Which branches and members count",
 * "Integration"): a membership row is active when it overlaps the counted range; a sharer counts for a
 * branch when that code is an active member of that same branch, whatever the activity's date. Counted
 * from the college's membership rows and share days held in memory (member-index.ts).
 */
import type { DBOrTrx } from '../../db/database';
import { countMembers, memberIndexOf } from '../member-index';

export interface TMemberRange {
  start: string;
  asOf: string;
  branchIds?: readonly number[];
}

export interface TMemberCounts {
  activeMembers: number;
  sharers: number;
}

/** The counts of every branch that has an active member or a counted sharer in the range. */
export async function queryMemberCounts(
  db: DBOrTrx,
  range: TMemberRange,
): Promise<Map<number, TMemberCounts>> {
  const result = new Map<number, TMemberCounts>();
  const entry = (id: number) => {
    let counts = result.get(id);
    if (!counts) {
      counts = { activeMembers: 0, sharers: 0 };
      result.set(id, counts);
    }
    return counts;
  };
  await forEachMemberCount(
    db,
    range,
    (id, n) => {
      entry(id).activeMembers = n;
    },
    (id, n) => {
      entry(id).sharers = n;
    },
  );
  return result;
}

/** queryMemberCounts handing each branch's counts over as they are counted (the engine's flat table). */
export async function forEachMemberCount(
  db: DBOrTrx,
  { start, asOf, branchIds }: TMemberRange,
  onActive: (branchId: number, activeMembers: number) => void,
  onSharers: (branchId: number, sharers: number) => void,
): Promise<void> {
  countMembers(await memberIndexOf(db), { start, asOf }, branchIds, onActive, onSharers);
}
