/**
 * A branch's agenda (the secretary's home and the activity form): the required sessions of the month,
 * quarter and year containing today — done, or still open with the days left — and the overdue ones:
 * the unmet slots (工作欠账) of the range the branch page opens on (this year until yesterday; all of
 * last year on 1 January). Both come from listBranchSlots, so they agree with the page's slot grid,
 * complianceRate and backlog.
 */
import type { TRequirement, TSlotLength } from '../../shared/domain';
import type { TMetricsScope } from '../../shared/schemas/metrics';
import { addDays, daysInclusive } from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import { readBranchFacts } from '../db/queries/record-writes';
import { listBranchSlots, type TBranchSlot } from '../metrics/branch-slots';
import { openScope } from '../metrics/scope';
import { assertIsBranch } from './branch-access';

export type TAgendaStatus = 'done' | 'open' | 'overdue';

export interface TAgendaSlot {
  type: TRequirement;
  /** `2026-12`, `2026-Q4`, `2026`. */
  slot: string;
  length: TSlotLength;
  start: string;
  end: string;
  status: TAgendaStatus;
  /** Days after today until the slot's last day (0: ends today; negative: ended that many days ago). */
  daysLeft: number;
  /** The sessions held in the slot that meet the requirement. */
  sessionIds: number[];
}

export interface TBranchAgenda {
  today: string;
  /** The counted range of the overdue list (the branch page's default period and asOf). */
  scope: TMetricsScope;
  /** Slots containing today, month first. */
  current: TAgendaSlot[];
  /** Unmet due slots of `scope`, oldest first. */
  overdue: TAgendaSlot[];
}

function toAgendaSlot(s: TBranchSlot, today: string, status: TAgendaStatus): TAgendaSlot {
  const daysLeft = s.end >= today ? daysInclusive(today, s.end) - 1 : -(daysInclusive(s.end, today) - 1);
  return { ...s, status, daysLeft };
}

export async function getBranchAgenda(
  db: DBOrTrx,
  { branchId, today }: { branchId: number; today: string },
): Promise<TBranchAgenda> {
  const branch = assertIsBranch(await readBranchFacts(db, branchId), branchId);
  // The year of yesterday, as the branch page's default period (client lib/period-state.ts defaultPeriod).
  const countedYear = addDays(today, -1).slice(0, 4);
  const scope = await openScope(db, { period: countedYear, today });
  const counted = await listBranchSlots(db, { branchId, scope });
  const overdue = counted.slots
    .filter((s) => s.status === 'missed')
    .map((s) => toAgendaSlot(s, today, 'overdue'));

  const isActive =
    branch.establishedOn <= today && (branch.dissolvedOn === null || branch.dissolvedOn >= today);
  const year = today.slice(0, 4);
  const ofThisYear =
    !isActive || year === countedYear
      ? counted.slots
      : (await listBranchSlots(db, { branchId, scope: await openScope(db, { period: year, asOf: today }) }))
          .slots;
  const current = isActive
    ? ofThisYear
        .filter((s) => s.start <= today && today <= s.end)
        .map((s) => toAgendaSlot(s, today, s.sessionIds.length > 0 ? 'done' : 'open'))
    : [];
  return { today, scope, current, overdue };
}
