/**
 * One branch's slot calendar for a period (the branch detail page's slot grid and the compliance
 * drill-through): every slot of every owed requirement lying wholly inside the period, with its status
 * and the sessions that met it. Due/met status comes from the engine's own slot rows (querySlotRows:
 * wholly inside the counted range and the branch's existence, met when the roll-up counts an activity),
 * so the grid always agrees with complianceRate and backlog. Of the rest of the period's slots, those not
 * wholly inside the branch's existence (before `established_on`, after `dissolved_on`, its last day) are
 * outside — never owed, so never "not yet due" — and the others are pending (not over by asOf).
 */
import { sql } from 'kysely';
import { AppError } from '../../shared/app-error';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement, type TSlotLength } from '../../shared/domain';
import type { TMetricsScope } from '../../shared/schemas/metrics';
import { parsePeriod } from '../../shared/schemas/period';
import type { TSlotStatus } from '../../shared/schemas/records';
import type { DBOrTrx } from '../db/database';
import { toNumber } from './dialect';
import { isOwed, querySlotRows } from './queries/slot-stats';
import { queryWholeSlots } from './range-plan';

export interface TBranchSlot {
  type: TRequirement;
  /** `2025-03`, `2025-Q1`, `2025`. */
  slot: string;
  length: TSlotLength;
  start: string;
  end: string;
  status: TSlotStatus;
  /** Activities held in the slot that meet the requirement (also for pending and outside slots). */
  sessionIds: number[];
}

export interface TBranchSlots {
  scope: TMetricsScope;
  slots: TBranchSlot[];
}

/**
 * The (slot, requirement, activity) triples of a branch inside from..to. An activity meets the
 * requirement of its own type, and a party lecture by the secretary also meets `secretary_lecture`
 * (metrics.md), exactly as the roll-up's n_<type> columns count them (stat-sums.ts).
 */
async function querySlotSessions(db: DBOrTrx, branchId: number, from: string, to: string) {
  const { rows } = await sql<{ label: string; length: TSlotLength; requirement: string; id: number }>`
    select c.label as label, c.length as length, m.requirement as requirement, m.id as id
    from (
      select a.id as id, a.held_on as held_on, a.type as requirement from activities a
        where a.branch_id = ${branchId} and a.held_on >= ${from} and a.held_on <= ${to}
      union all
      select a.id, a.held_on, 'secretary_lecture' from activities a
        where a.branch_id = ${branchId} and a.held_on >= ${from} and a.held_on <= ${to}
          and a.type = 'party_lecture' and a.by_secretary = 1
    ) m
    join calendar_slots c on m.held_on >= c.start_on and m.held_on <= c.end_on
      and c.start_on >= ${from} and c.end_on <= ${to}
    order by m.held_on, m.id`.execute(db);
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const requirement = row.requirement as TRequirement;
    // Only the slot of the requirement's own length (a theme day is not a quarter's theme day).
    if (REQUIREMENT_SLOTS[requirement] !== row.length) continue;
    const key = `${row.label}|${requirement}`;
    byKey.set(key, [...(byKey.get(key) ?? []), toNumber(row.id)]);
  }
  return byKey;
}

/**
 * Every owed slot of the branch in the scope's period (asOf as metrics.md; the scope opened by
 * scope.ts openScope), ordered by slot end, then length, then requirement.
 */
export async function listBranchSlots(
  db: DBOrTrx,
  { branchId, scope }: { branchId: number; scope: TMetricsScope },
): Promise<TBranchSlots> {
  const periodRange = parsePeriod(scope.period);
  if (!periodRange) throw new Error(`an opened scope holds a parsed period: ${scope.period}`);
  const branch = await db
    .selectFrom('units')
    .select(['id', 'has_groups', 'established_on', 'dissolved_on'])
    .where('id', '=', branchId)
    .where('kind', '=', 'branch')
    .executeTakeFirst();
  if (!branch) {
    throw new AppError('NOT_FOUND', { zh: '支部不存在', en: 'No such branch' });
  }
  const hasGroups = toNumber(branch.has_groups) === 1;
  // The engine's own existence test (slot-stats.ts): a slot is owed only when it lies wholly inside.
  const isInsideExistence = (c: { start: string; end: string }) =>
    c.start >= branch.established_on && (branch.dissolved_on === null || c.end <= branch.dissolved_on);

  const [calendar, counted, sessions] = await Promise.all([
    queryWholeSlots(db, periodRange.start, periodRange.end),
    querySlotRows(db, { start: scope.start, asOf: scope.asOf, branchIds: [branchId] }, { onlyUnmet: false }),
    querySlotSessions(db, branchId, periodRange.start, periodRange.end),
  ]);
  const countedByLabel = new Map(counted.map((r) => [r.label, r]));
  const lengthOrder: Record<TSlotLength, number> = { month: 0, quarter: 1, year: 2 };
  const slots: TBranchSlot[] = [];
  for (const c of [...calendar].sort((a, b) =>
    a.end < b.end ? -1 : a.end > b.end ? 1 : lengthOrder[a.length] - lengthOrder[b.length],
  )) {
    for (const type of REQUIREMENTS.keys) {
      if (!isOwed(type, c.length, hasGroups)) continue;
      const row = countedByLabel.get(c.label);
      const status: TSlotStatus = row
        ? row.counts[type] > 0
          ? 'met'
          : 'missed'
        : isInsideExistence(c)
          ? 'pending'
          : 'outside';
      slots.push({
        type,
        slot: c.label,
        length: c.length,
        start: c.start,
        end: c.end,
        status,
        sessionIds: sessions.get(`${c.label}|${type}`) ?? [],
      });
    }
  }
  return { scope, slots };
}
