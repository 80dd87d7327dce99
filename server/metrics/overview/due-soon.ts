/**
 * "Due soon" (即将到期): required sessions of the current month and quarter (the slots containing
 * today) that a branch has not held by today, with the days left. A slot is owed only when it lies wholly
 * inside the branch's existence (metrics.md "Regularity"); group meetings only with party groups.
 */
import { sql } from 'kysely';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement } from '../../../shared/domain';
import type { TDueSoon } from '../../../shared/schemas/overview';
import { addMonths, daysInclusive, monthStartOf } from '../../../shared/schemas/period';
import type { DBOrTrx } from '../../db/database';
import { toNumber } from '../dialect';
import { memoizedSmall } from '../memo';
import { branchFilter } from '../queries/stat-sums';

/** Requirements with a month or quarter slot, met by an activity of the same type. */
const SHORT_REQUIREMENTS = REQUIREMENTS.keys.filter(
  (t) => t !== 'secretary_lecture' && REQUIREMENT_SLOTS[t] !== 'year',
) as TRequirement[];

export interface TDueSoonRequest {
  today: string;
  limit?: number;
  /** Only these branches (a secretary's own); all when absent. */
  branchIds?: readonly number[];
}

/** The same for every overview and big-screen refresh of the day until the data changes (memo.ts). */
export function getDueSoon(db: DBOrTrx, request: TDueSoonRequest): Promise<TDueSoon> {
  const { today, limit = 50, branchIds } = request;
  return memoizedSmall(db, `dueSoon|${today}|${limit}|${branchIds?.join(',') ?? 'all'}`, () =>
    computeDueSoon(db, { today, limit, branchIds }),
  );
}

async function computeDueSoon(
  db: DBOrTrx,
  { today, limit = 50, branchIds }: TDueSoonRequest,
): Promise<TDueSoon> {
  const requirements = sql.join(
    SHORT_REQUIREMENTS.map(
      (t) =>
        sql`select ${sql.lit(t)} as type, ${sql.lit(REQUIREMENT_SLOTS[t])} as length, ${sql.lit(t === 'group_meeting' ? 1 : 0)} as needs_groups`,
    ),
    sql` union all `,
  );
  // Both slots containing today start on or after its quarter's first day. Redundant with
  // `held_on >= c.start_on`, but a constant bound: PostgreSQL's planner otherwise hashed every activity
  // of the college for the anti-join (700 ms at 2,000 branches, SQLite 50 ms by the index).
  const quarterStart = addMonths(monthStartOf(today), -((Number(today.slice(5, 7)) - 1) % 3));
  const due = sql`cur as (
      select label, length, start_on, end_on from calendar_slots
      where length in ('month', 'quarter') and start_on <= ${today} and end_on >= ${today}
    ), req as (${requirements}
    ), due as (
      select b.id as branch_id, b.code as code, b.name as name, r.type as type, c.label as slot, c.end_on as slot_end
      from units b cross join cur c join req r on r.length = c.length
      where b.kind = 'branch' and b.established_on <= c.start_on
        and (b.dissolved_on is null or b.dissolved_on >= c.end_on)
        and (r.needs_groups = 0 or b.has_groups = 1)
        and ${branchFilter('b.id', branchIds)}
        and not exists (
          select 1 from activities a
          where a.branch_id = b.id and a.type = r.type and a.held_on >= c.start_on and a.held_on <= ${today}
            and a.held_on >= ${quarterStart}
        )
    )`;
  const [slots, items, byType] = await Promise.all([
    sql<{ label: string; length: 'month' | 'quarter'; start_on: string; end_on: string }>`
      select label, length, start_on, end_on from calendar_slots
      where length in ('month', 'quarter') and start_on <= ${today} and end_on >= ${today}
      order by end_on, label`.execute(db),
    sql<Record<string, unknown>>`with ${due}
      select branch_id, code, name, type, slot, slot_end from due order by slot_end, code, type limit ${limit}`.execute(
      db,
    ),
    sql<{
      type: TRequirement;
      n: unknown;
    }>`with ${due} select type, count(*) as n from due group by type`.execute(db),
  ]);
  const countByType = Object.fromEntries(byType.rows.map((r) => [r.type, toNumber(r.n)])) as Partial<
    Record<TRequirement, number>
  >;
  return {
    today,
    slots: slots.rows.map((s) => ({ label: s.label, length: s.length, start: s.start_on, end: s.end_on })),
    items: items.rows.map((r) => ({
      branchId: toNumber(r.branch_id),
      code: String(r.code),
      name: String(r.name),
      type: r.type as TRequirement,
      slot: String(r.slot),
      slotEnd: String(r.slot_end),
      daysLeft: daysInclusive(today, String(r.slot_end)) - 1,
    })),
    total: Object.values(countByType).reduce((a, b) => a + (b ?? 0), 0),
    byType: countByType,
  };
}
