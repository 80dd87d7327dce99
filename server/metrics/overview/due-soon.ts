/**
 * "Due soon" (即将到期): required sessions of the current month and quarter (the slots containing
 * today) that a branch has not held by today, with the days left. A slot is owed only when it lies wholly
 * inside the branch's existence (metrics.md "Regularity"); group meetings only with party groups.
 */
import { sql } from 'kysely';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement } from '../../../shared/domain';
import type { TDueSoon, TDueSoonItem } from '../../../shared/schemas/overview';
import { addMonths, daysInclusive, monthStartOf } from '../../../shared/schemas/period';
import type { DBOrTrx } from '../../db/database';
import { toNumber } from '../dialect';
import { memoizedSmall } from '../memo';

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

/**
 * The due items of some branches (a secretary's own) or all, the first `limit` of them listed: read from
 * the college's list, one evaluation per day and metrics version (collegeDueSoon) shared by every
 * viewer. Before, each secretary's home evaluated its own branch's list, after every data change on
 * every API worker (under the load script ≈ 70 evaluations in the seconds after each import).
 */
export async function getDueSoon(db: DBOrTrx, request: TDueSoonRequest): Promise<TDueSoon> {
  const { today, limit = 50, branchIds } = request;
  const { slots, items } = await collegeDueSoon(db, today);
  const readable = branchIds ? new Set(branchIds) : null;
  const listed = readable ? items.filter((item) => readable.has(item.branchId)) : items;
  const counts = new Map<TRequirement, number>();
  for (const item of listed) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  return {
    today,
    slots,
    items: listed.slice(0, limit),
    total: listed.length,
    // By type name, as the list's SQL grouped them before.
    byType: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** Every due item of the college on `today`, soonest first, and the slots containing today. */
function collegeDueSoon(
  db: DBOrTrx,
  today: string,
): Promise<{ slots: TDueSoon['slots']; items: TDueSoonItem[] }> {
  return memoizedSmall(db, `dueSoon|${today}`, () => computeDueSoon(db, today));
}

async function computeDueSoon(
  db: DBOrTrx,
  today: string,
): Promise<{ slots: TDueSoon['slots']; items: TDueSoonItem[] }> {
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
        and not exists (
          select 1 from activities a
          where a.branch_id = b.id and a.type = r.type and a.held_on >= c.start_on and a.held_on <= ${today}
            and a.held_on >= ${quarterStart}
        )
    )`;
  const [slots, items] = await Promise.all([
    sql<{ label: string; length: 'month' | 'quarter'; start_on: string; end_on: string }>`
      select label, length, start_on, end_on from calendar_slots
      where length in ('month', 'quarter') and start_on <= ${today} and end_on >= ${today}
      order by end_on, label`.execute(db),
    sql<Record<string, unknown>>`with ${due}
      select branch_id, code, name, type, slot, slot_end from due order by slot_end, code, type`.execute(db),
  ]);
  return {
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
  };
}
