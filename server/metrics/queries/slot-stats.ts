/**
 * Due and met slots (metrics.md "Regularity") slot by slot: the slot calendar joined to each branch's
 * existence and to the roll-up row of the same slot. A slot counts when it lies wholly inside the counted
 * range and the branch's existence; it is met for a type when its row counts at least one such activity.
 * Used for branches founded or dissolved inside the range, backlogs and per-month series; branches that
 * exist throughout read met counts from the roll-up's s_<type> columns instead (evaluate.ts).
 */
import { type RawBuilder, sql } from 'kysely';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement, type TSlotLength } from '../../../shared/domain';
import type { DBOrTrx } from '../../db/database';
import { TYPE_COLUMN } from '../columns';
import { packValues, toNumber, unpackNumbers } from '../dialect';
import { branchFilter, type TBranchSet } from './stat-sums';

export interface TSlotRange {
  start: string;
  asOf: string;
  branchIds?: TBranchSet;
}

/** Per-branch due/met slot counts, per requirement. */
export interface TSlotCounts {
  hasGroups: boolean;
  due: Record<TRequirement, number>;
  met: Record<TRequirement, number>;
}

/** One slot of one branch with the number of activities per requirement held in it. */
export interface TSlotRow {
  branchId: number;
  hasGroups: boolean;
  label: string;
  length: TSlotLength;
  endOn: string;
  counts: Record<TRequirement, number>;
}

/** Whether `type` is owed by a branch in a slot of `length`. */
export function isOwed(type: TRequirement, length: TSlotLength, hasGroups: boolean): boolean {
  return REQUIREMENT_SLOTS[type] === length && (type !== 'group_meeting' || hasGroups);
}

function slotMetCte({ start, asOf, branchIds }: TSlotRange): RawBuilder<unknown> {
  const cols = sql.join(
    REQUIREMENTS.keys.map(
      (t) => sql`coalesce(r.${sql.ref(TYPE_COLUMN[t])}, 0) as ${sql.ref(TYPE_COLUMN[t])}`,
    ),
  );
  // Each counted slot of each branch, joined 1:1 to its roll-up row (absent when nothing was held).
  // Slots first (CROSS JOIN pins the order, see README): the planner would otherwise loop over the
  // branches and scan the calendar for each. `c.start_on <= asOf` (implied by end_on <= asOf) bounds
  // the calendar index range to the counted range.
  return sql`rb as (
      select id, established_on, dissolved_on, has_groups from units
      where kind = 'branch' and established_on <= ${asOf} and (dissolved_on is null or dissolved_on >= ${start})
        and ${branchFilter('id', branchIds)}
    ), slot_met as (
      select rb.id as branch_id, rb.has_groups as has_groups, c.label as label, c.length as length,
        c.start_on as start_on, c.end_on as end_on, ${cols}
      from calendar_slots c cross join rb
      left join branch_slot_stats r on r.length = c.length and r.slot_start = c.start_on and r.branch_id = rb.id
      where c.start_on >= ${start} and c.start_on <= ${asOf} and c.end_on <= ${asOf}
        and c.start_on >= rb.established_on and (rb.dissolved_on is null or c.end_on <= rb.dissolved_on)
    )`;
}

function zeroByType(): Record<TRequirement, number> {
  return Object.fromEntries(REQUIREMENTS.keys.map((t) => [t, 0])) as Record<TRequirement, number>;
}

/** Due and met slot counts per branch and requirement. */
export async function querySlotCounts(db: DBOrTrx, range: TSlotRange): Promise<Map<number, TSlotCounts>> {
  const lengths: TSlotLength[] = ['month', 'quarter', 'year'];
  const dueCols = lengths.map((l) => sql`sum(case when length = ${sql.lit(l)} then 1 else 0 end)`);
  const metCols = REQUIREMENTS.keys.map(
    (t) =>
      sql`sum(case when length = ${sql.lit(REQUIREMENT_SLOTS[t])} and ${sql.ref(TYPE_COLUMN[t])} > 0 then 1 else 0 end)`,
  );
  const { rows } = await sql<{
    branch_id: unknown;
    has_groups: unknown;
    v: unknown;
  }>`with ${slotMetCte(range)}
    select branch_id, max(has_groups) as has_groups, ${packValues([...dueCols, ...metCols])} as v
    from slot_met group by branch_id`.execute(db);
  const result = new Map<number, TSlotCounts>();
  for (const row of rows) {
    const hasGroups = toNumber(row.has_groups) === 1;
    const v = unpackNumbers(row.v);
    const due = zeroByType();
    const met = zeroByType();
    REQUIREMENTS.keys.forEach((t, i) => {
      const length = REQUIREMENT_SLOTS[t];
      if (!isOwed(t, length, hasGroups)) return;
      due[t] = v[lengths.indexOf(length)]!;
      met[t] = v[lengths.length + i]!;
    });
    result.set(toNumber(row.branch_id), { hasGroups, due, met });
  }
  return result;
}

/**
 * Due and met slots of some branches (default: every branch reported in the range) per month, booking
 * a slot in the month it ends (quarter slots in March/June/…, year slots in December). Two aggregates
 * per slot: the branches owing it (calendar × units) and, among them, the branches meeting each type
 * (calendar × the slot's roll-up rows, a contiguous primary-key range, × units); which types a slot of
 * that length owes is applied to the resulting ≤ 17 rows per year.
 */
export async function querySlotsByMonth(
  db: DBOrTrx,
  { start, asOf, branchIds }: TSlotRange,
): Promise<Map<string, { dueSlots: number; metSlots: number }>> {
  const slots = sql`c.start_on >= ${start} and c.start_on <= ${asOf} and c.end_on <= ${asOf}`;
  const counted = sql`u.kind = 'branch' and u.established_on <= ${asOf} and (u.dissolved_on is null or u.dissolved_on >= ${start})
    and c.start_on >= u.established_on and (u.dissolved_on is null or c.end_on <= u.dissolved_on)
    and ${branchFilter('u.id', branchIds)}`;
  const metCols = REQUIREMENTS.keys.map((t) =>
    t === 'group_meeting'
      ? sql`sum(case when u.has_groups = 1 and r.${sql.ref(TYPE_COLUMN[t])} > 0 then 1 else 0 end)`
      : sql`sum(case when r.${sql.ref(TYPE_COLUMN[t])} > 0 then 1 else 0 end)`,
  );
  const [owing, meeting] = await Promise.all([
    sql<{ start_on: string; length: TSlotLength; end_on: string; branches: unknown; with_groups: unknown }>`
      select c.start_on as start_on, c.length as length, c.end_on as end_on,
        count(*) as branches, sum(u.has_groups) as with_groups
      from calendar_slots c cross join units u
      where ${slots} and ${counted}
      group by c.start_on, c.end_on, c.length`.execute(db),
    sql<{ start_on: string; length: TSlotLength; v: unknown }>`
      select c.start_on as start_on, c.length as length, ${packValues(metCols)} as v
      from calendar_slots c cross join branch_slot_stats r cross join units u
      where ${slots} and r.length = c.length and r.slot_start = c.start_on and u.id = r.branch_id and ${counted}
      group by c.start_on, c.end_on, c.length`.execute(db),
  ]);
  const metBySlot = new Map(meeting.rows.map((r) => [`${r.length}|${r.start_on}`, unpackNumbers(r.v)]));
  const byMonth = new Map<string, { dueSlots: number; metSlots: number }>();
  for (const row of owing.rows) {
    const met = metBySlot.get(`${row.length}|${row.start_on}`);
    const month = String(row.end_on).slice(0, 7);
    const point = byMonth.get(month) ?? { dueSlots: 0, metSlots: 0 };
    REQUIREMENTS.keys.forEach((t, i) => {
      if (REQUIREMENT_SLOTS[t] !== row.length) return;
      point.dueSlots += toNumber(t === 'group_meeting' ? row.with_groups : row.branches);
      point.metSlots += met?.[i] ?? 0;
    });
    byMonth.set(month, point);
  }
  return byMonth;
}

/**
 * Slot rows with per-type activity counts. With `onlyUnmet`, only slots where some owed type has no
 * activity (the backlog); otherwise every counted slot (for per-month series).
 */
export async function querySlotRows(
  db: DBOrTrx,
  range: TSlotRange,
  { onlyUnmet }: { onlyUnmet: boolean },
): Promise<TSlotRow[]> {
  const unmetConds = REQUIREMENTS.keys.map((t) => {
    const base = sql`(length = ${sql.lit(REQUIREMENT_SLOTS[t])} and ${sql.ref(TYPE_COLUMN[t])} = 0)`;
    return t === 'group_meeting' ? sql`(${base} and has_groups = 1)` : base;
  });
  const filter = onlyUnmet ? sql`where ${sql.join(unmetConds, sql` or `)}` : sql``;
  const typeCols = packValues(REQUIREMENTS.keys.map((t) => sql.ref(TYPE_COLUMN[t])));
  const { rows } = await sql<Record<string, unknown>>`with ${slotMetCte(range)}
    select branch_id, has_groups, label, length, end_on, ${typeCols} as v from slot_met ${filter}`.execute(
    db,
  );
  return rows.map((row) => {
    const v = unpackNumbers(row.v);
    const counts = {} as Record<TRequirement, number>;
    REQUIREMENTS.keys.forEach((t, i) => {
      counts[t] = v[i]!;
    });
    return {
      branchId: toNumber(row.branch_id),
      hasGroups: toNumber(row.has_groups) === 1,
      label: String(row.label),
      length: row.length as TSlotLength,
      endOn: String(row.end_on),
      counts,
    };
  });
}

/** The unmet (type, slot) pairs of slot rows, sorted by slot label then type key (code-point order). */
export function backlogOf(rows: readonly TSlotRow[]): { type: TRequirement; slot: string }[] {
  const items: { type: TRequirement; slot: string }[] = [];
  for (const row of rows) {
    for (const t of REQUIREMENTS.keys) {
      if (isOwed(t, row.length, row.hasGroups) && row.counts[t] === 0)
        items.push({ type: t, slot: row.label });
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return items.sort((a, b) => cmp(a.slot, b.slot) || cmp(a.type, b.type));
}
