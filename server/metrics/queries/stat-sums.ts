/**
 * The summable columns of branch_slot_stats, aggregated in SQL: from raw rows (to refresh the roll-up,
 * or for partial months at the edges of a counted range) and from the roll-up for whole slots.
 * Raw aggregation is one pass over activities plus one over each child table and one over achievements,
 * combined with UNION ALL so no join multiplies rows.
 */
import { type RawBuilder, sql } from 'kysely';
import { FORMATS, LEVELS, MODULES, REQUIREMENTS } from '../../../shared/domain';
import { addDays, daysInclusive, monthEndOf, monthStartOf } from '../../../shared/schemas/period';
import type { DBOrTrx } from '../../db/database';
import {
  FORMAT_COLUMN,
  LEVEL_COLUMN,
  MODULE_COLUMN,
  RAW_COLUMNS,
  READ_COLUMNS,
  type TStatColumn,
  type TStatRow,
  TYPE_COLUMN,
} from '../columns';
import { packValues, sqlMonthStartOf, toNumber, unpackNumbers } from '../dialect';

/** Which raw rows to aggregate. */
export type TRawSource =
  /** The (branch, month) pairs listed in rollup_dirty. */
  | { kind: 'dirty' }
  /** Rows dated from..to (inclusive), optionally of some branches only. */
  | { kind: 'range'; from: string; to: string; branchIds?: TBranchSet };

type TRawColumn = (typeof RAW_COLUMNS)[number];
type TExprs = Record<TRawColumn, RawBuilder<unknown>>;

const zero = sql.raw('0');
const count = (cond: RawBuilder<unknown>) => sql`sum(case when ${cond} then 1 else 0 end)`;
const zeros = (): TExprs => Object.fromEntries(RAW_COLUMNS.map((c) => [c, zero])) as TExprs;

/** Some branches by id, the branches a subquery selects (`select id from …`), or all (undefined). */
export type TBranchSet = readonly number[] | RawBuilder<unknown> | undefined;

export function branchFilter(column: string, branchIds: TBranchSet): RawBuilder<unknown> {
  if (branchIds === undefined) return sql`1 = 1`;
  // A subquery selects most branches (those reported in a range): `+column` keeps SQLite from probing
  // a (length, slot_start, branch_id) key once per branch and scans the slot's rows instead (≈ 3× faster
  // for a year's trend at 2,000 branches).
  if (!Array.isArray(branchIds)) return sql`+${sql.ref(column)} in (${branchIds as RawBuilder<unknown>})`;
  if (branchIds.length === 0) return sql`1 = 0`;
  // Literals, not parameters: with `in (?)` one branch's cold page ran about twice as slow in
  // `npm run bench` (metrics.branch), far more than preparing each text anew costs.
  return sql`${sql.ref(column)} in (${sql.join(branchIds.map((id) => sql.lit(id)))})`;
}

function activityExprs(): TExprs {
  const recorded = sql`a.expected > 0 and a.attended is not null`;
  const e = zeros();
  e.sessions = sql`count(*)`;
  e.att_all = sql`sum(case when a.attended is not null then a.attended else 0 end)`;
  e.att_sum = sql`sum(case when ${recorded} then a.attended else 0 end)`;
  e.exp_sum = sql`sum(case when ${recorded} then a.expected else 0 end)`;
  e.theme_days = count(sql`a.type = 'theme_day'`);
  e.theme_complete = count(sql`a.type = 'theme_day' and a.oath_renewed = 1 and a.dues_collected = 1`);
  e.integrated = count(sql`a.integrated_with_work = 1`);
  for (const type of REQUIREMENTS.keys) {
    e[TYPE_COLUMN[type]] =
      type === 'secretary_lecture'
        ? count(sql`a.type = 'party_lecture' and a.by_secretary = 1`)
        : count(sql`a.type = ${sql.lit(type)}`);
  }
  return e;
}

function formatExprs(): TExprs {
  const e = zeros();
  for (const f of FORMATS.keys) e[FORMAT_COLUMN[f]] = count(sql`x.format = ${sql.lit(f)}`);
  return e;
}

function moduleExprs(): TExprs {
  const e = zeros();
  for (const m of MODULES.keys) e[MODULE_COLUMN[m]] = count(sql`x.module = ${sql.lit(m)}`);
  return e;
}

function achievementExprs(): TExprs {
  const e = zeros();
  const volunteer = sql`a.kind = 'volunteer_service'`;
  e.ach_hours = sql`sum(case when ${volunteer} then coalesce(a.hours, 0) else 0 end)`;
  e.ach_person_times = sql`sum(case when ${volunteer} then coalesce(a.participants, 0) else 0 end)`;
  e.ach_projects = count(sql`a.kind = 'project_approval'`);
  for (const l of LEVELS.keys)
    e[LEVEL_COLUMN[l]] = count(sql`a.kind = 'project_approval' and a.level = ${sql.lit(l)}`);
  e.ach_awards = count(sql`a.kind = 'award'`);
  e.ach_proposals = count(sql`a.kind = 'proposal_adopted'`);
  return e;
}

/** What one output row of a raw aggregation covers: a month (`month_start`) or a day (`day`). */
export type TGrain = 'month' | 'day';

/**
 * FROM … WHERE … over `table` as `a` for the source, and the bucket (month or day) of a row. Joins are
 * written as CROSS JOIN + WHERE: the same inner join on every database, and on SQLite it pins the
 * join order (dates → activities → child rows), which its planner otherwise gets wrong without stats.
 */
function sourceClause(source: TRawSource, table: 'activities' | 'achievements', grain: TGrain) {
  const date = sql.ref(`a.${table === 'activities' ? 'held_on' : 'achieved_on'}`);
  if (source.kind === 'dirty') {
    return {
      from: sql`rollup_dirty d cross join calendar_slots c cross join ${sql.table(table)} a`,
      where: sql`c.start_on = d.month_start and c.length = 'month'
        and a.branch_id = d.branch_id and ${date} >= c.start_on and ${date} <= c.end_on`,
      bucket: grain === 'day' ? date : sql`d.month_start`,
    };
  }
  return {
    from: sql`${sql.table(table)} a`,
    where: sql`${date} >= ${source.from} and ${date} <= ${source.to} and ${branchFilter('a.branch_id', source.branchIds)}`,
    bucket: grain === 'day' ? date : sqlMonthStartOf(date),
  };
}

const selectList = (e: TExprs) => sql.join(RAW_COLUMNS.map((c) => sql`${e[c]} as ${sql.ref(c)}`));

/**
 * `select branch_id, month_start | day, <raw sums…>` per branch and month (or day), from raw rows: the
 * definition of every roll-up row (refreshRollups) and the reference the tests compare reads with.
 */
export function rawSumsSql(source: TRawSource, grain: TGrain = 'month'): RawBuilder<unknown> {
  const act = sourceClause(source, 'activities', grain);
  const ach = sourceClause(source, 'achievements', grain);
  const bucket = sql.ref(grain === 'day' ? 'day' : 'month_start');
  const part = (c: typeof act, child: RawBuilder<unknown> | undefined, e: TExprs) =>
    sql`select a.branch_id as branch_id, ${c.bucket} as ${bucket}, ${selectList(e)}
      from ${c.from} ${child ? sql`cross join ${child} x` : sql``}
      where ${c.where} ${child ? sql`and x.activity_id = a.id` : sql``}
      group by ${c.bucket}, a.branch_id`;
  const parts = [
    part(act, undefined, activityExprs()),
    part(act, sql`activity_formats`, formatExprs()),
    part(act, sql`activity_modules`, moduleExprs()),
    part(ach, undefined, achievementExprs()),
  ];
  const sums = sql.join(RAW_COLUMNS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  return sql`select branch_id, ${bucket}, ${sums}
    from (${sql.join(parts, sql` union all `)}) u group by branch_id, ${bucket}`;
}

/** A counted range as whole slots (read from the roll-up) plus partial-month edges (raw rows). */
export interface TSumsPlan {
  /** `ytd`: 1 January to the end of the month starting `start` (range-plan.ts yearToDate). */
  slots: { length: 'month' | 'quarter' | 'year' | 'ytd'; start: string }[];
  edges: { from: string; to: string }[];
}

/** `(length = … and slot_start in (…)) or …` selecting the plan's whole slots in a roll-up table (columns of alias `prefix`). */
export function slotCondition(plan: TSumsPlan, prefix = ''): RawBuilder<unknown> {
  const byLength = new Map<string, string[]>();
  for (const s of plan.slots) byLength.set(s.length, [...(byLength.get(s.length) ?? []), s.start]);
  const length = sql.ref(`${prefix}length`);
  const start = sql.ref(`${prefix}slot_start`);
  const conds = [...byLength].map(
    ([l, starts]) => sql`(${length} = ${l} and ${start} in (${sql.join(starts)}))`,
  );
  return conds.length ? sql`(${sql.join(conds, sql` or `)})` : sql`1 = 0`;
}

function planParts(
  plan: TSumsPlan,
  branchIds: TBranchSet,
  monthExpr: RawBuilder<unknown>,
  columns: readonly TStatColumn[] = READ_COLUMNS,
) {
  const parts: RawBuilder<unknown>[] = [];
  if (plan.slots.length > 0) {
    parts.push(sql`select branch_id, ${monthExpr} as month_start, ${sql.join(columns.map((c) => sql.ref(c)))}
      from branch_slot_stats where ${slotCondition(plan)} and ${branchFilter('branch_id', branchIds)}`);
  }
  // Edges (days of partial months) come from the day roll-up; they hold no whole slot, so their
  // met-slot columns are 0.
  const isRaw = (c: TStatColumn) => (RAW_COLUMNS as readonly string[]).includes(c);
  for (const edge of plan.edges) {
    parts.push(
      sql`select branch_id, ${sqlMonthStartOf(sql.ref('day'))} as month_start, ${sql.join(
        columns.map((c) => (isRaw(c) ? sql.ref(c) : sql`0 as ${sql.ref(c)}`)),
      )} from branch_day_stats where ${daysCondition(edge, branchIds)}`,
    );
  }
  return parts;
}

/** The day roll-up rows of from..to (of some branches). */
function daysCondition({ from, to }: { from: string; to: string }, branchIds: TBranchSet) {
  return sql`day >= ${from} and day <= ${to} and ${branchFilter('branch_id', branchIds)}`;
}

const sumList = (columns: readonly string[]) =>
  sql.join(columns.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));

/**
 * Per-branch sums over the counted range described by `plan`, as numbers in READ_COLUMNS order. Per-type
 * counts (n_*) are not read: they only feed the roll-up's met-slot columns.
 */
export async function queryBranchSums(
  db: DBOrTrx,
  plan: TSumsPlan,
  branchIds?: TBranchSet,
  /** Only these columns are read; the others come back as 0 (the rank-only path needs about two thirds). */
  needed?: ReadonlySet<TStatColumn>,
): Promise<Map<number, TStatRow>> {
  const result = new Map<number, TStatRow>();
  await forEachBranchSums(db, plan, branchIds, needed, (id, row) => result.set(id, row as TStatRow));
  return result;
}

/**
 * queryBranchSums handing each branch's row to `onRow` as it is parsed instead of collecting them: the
 * engine writes it into its flat table at once, so nothing per branch outlives the loop.
 */
export async function forEachBranchSums(
  db: DBOrTrx,
  plan: TSumsPlan,
  branchIds: TBranchSet,
  needed: ReadonlySet<TStatColumn> | undefined,
  onRow: (branchId: number, values: ArrayLike<number>, at: number) => void,
): Promise<void> {
  if (plan.slots.length === 0 && plan.edges.length === 0) return;
  const isNeeded = (c: TStatColumn) => !needed || needed.has(c);
  // A year, quarter or month is exactly one roll-up row per branch: nothing to add up.
  const [single] =
    plan.slots.length === 1 && plan.edges.length === 0 ? planParts(plan, branchIds, sql`null`) : [];
  const query = single
    ? sql`select branch_id, ${packValues(READ_COLUMNS.map((c) => (isNeeded(c) ? sql.ref(c) : sql`0`)))} as v
        from (${single}) p`
    : joinedSumsSql(plan, branchIds, isNeeded);
  const { rows } = await sql<{ branch_id: unknown; v: unknown }>`${query}`.execute(db);
  for (const row of rows) onRow(toNumber(row.branch_id), unpackNumbers(row.v), 0);
}

/**
 * Whole slots joined one by one up to this many (a plan has at most ~6 edge joins besides); longer
 * plans — a range of many years — read their slots as one grouped part.
 */
const MAX_JOINED_SLOTS = 40;

/**
 * The sums of several parts per branch as one row per branch: each part (a whole slot's roll-up row, a
 * month's row minus its other days, a raw edge) is LEFT JOINed to the branch by key and the columns are
 * added in the select. The same numbers as UNION ALL + GROUP BY branch_id without sorting every part's
 * wide rows (faster: PERFORMANCE.md).
 */
function joinedSumsSql(
  plan: TSumsPlan,
  branchIds: TBranchSet,
  isNeeded: (c: TStatColumn) => boolean,
): RawBuilder<unknown> {
  const joins: RawBuilder<unknown>[] = [];
  const terms = new Map<TStatColumn, RawBuilder<unknown>[]>(READ_COLUMNS.map((c) => [c, []]));
  const isRaw = (c: TStatColumn) => (RAW_COLUMNS as readonly string[]).includes(c);
  const add = (alias: string, sign: '+' | '-', columns: (c: TStatColumn) => boolean) => {
    for (const c of READ_COLUMNS) {
      if (columns(c)) terms.get(c)?.push(sql`${sql.raw(sign)} coalesce(${sql.ref(`${alias}.${c}`)}, 0)`);
    }
  };
  const joinRow = (alias: string, length: string, start: string) =>
    sql`left join branch_slot_stats ${sql.raw(alias)} on ${sql.ref(`${alias}.length`)} = ${length}
      and ${sql.ref(`${alias}.slot_start`)} = ${start} and ${sql.ref(`${alias}.branch_id`)} = u.id`;
  const rawColumns = READ_COLUMNS.filter(isRaw);
  if (plan.slots.length <= MAX_JOINED_SLOTS) {
    plan.slots.forEach((slot, i) => {
      joins.push(joinRow(`s${i}`, slot.length, slot.start));
      add(`s${i}`, '+', () => true);
    });
  } else {
    // Decades of whole years: one grouped part instead of a join per slot (SQLite joins at most 64 tables).
    joins.push(sql`left join (select branch_id, ${sumList(READ_COLUMNS)} from branch_slot_stats
      where ${slotCondition(plan)} and ${branchFilter('branch_id', branchIds)} group by branch_id) sa
      on sa.branch_id = u.id`);
    add('sa', '+', () => true);
  }
  // Edges hold no whole slot (no met columns): the sums of their days — or, when the edge is most of
  // its month, the month's row minus the other days (this month until yesterday: minus today and the
  // future, i.e. next to nothing to group).
  const joinDays = (alias: string, days: { from: string; to: string }) =>
    sql`left join (select branch_id, ${sumList(rawColumns)} from branch_day_stats
      where ${daysCondition(days, branchIds)} group by branch_id) ${sql.raw(alias)}
      on ${sql.ref(`${alias}.branch_id`)} = u.id`;
  plan.edges.forEach((edge, i) => {
    const complement = complementInMonth(edge);
    if (!complement) {
      joins.push(joinDays(`e${i}`, edge));
      add(`e${i}`, '+', isRaw);
      return;
    }
    joins.push(joinRow(`m${i}`, 'month', complement.month));
    add(`m${i}`, '+', isRaw);
    complement.days.forEach((days, k) => {
      joins.push(joinDays(`c${i}_${k}`, days));
      add(`c${i}_${k}`, '-', isRaw);
    });
  });
  const values = READ_COLUMNS.map((c) => {
    const list = terms.get(c) ?? [];
    return list.length && isNeeded(c) ? sql`(0 ${sql.join(list, sql` `)})` : sql`0`;
  });
  return sql`select u.id as branch_id, ${packValues(values)} as v from units u ${sql.join(joins, sql` `)}
    where u.kind = 'branch' and ${branchFilter('u.id', branchIds)}`;
}

/**
 * For an edge inside one month covering more than half of it: the month and its days outside the edge
 * (at most two spans), fewer day rows to group than the edge's own. Undefined when the edge is better
 * read as it is.
 */
export function complementInMonth(edge: {
  from: string;
  to: string;
}): { month: string; days: { from: string; to: string }[] } | undefined {
  const month = monthStartOf(edge.from);
  if (monthStartOf(edge.to) !== month) return undefined;
  const last = monthEndOf(month);
  const edgeDays = daysInclusive(edge.from, edge.to);
  if (daysInclusive(month, last) - edgeDays >= edgeDays) return undefined;
  const days: { from: string; to: string }[] = [];
  if (edge.from > month) days.push({ from: month, to: addDays(edge.from, -1) });
  if (edge.to < last) days.push({ from: addDays(edge.to, 1), to: last });
  return { month, days };
}

/** What the monthly trend reads from the roll-up. */
export interface TMonthlyActivity {
  sessions: number;
  att_sum: number;
  exp_sum: number;
}

/**
 * Sessions and attendance sums of some branches (default: all) per month, keyed by `YYYY-MM-01`;
 * `plan` must be months only.
 */
export async function queryMonthlySums(
  db: DBOrTrx,
  plan: TSumsPlan,
  branchIds?: TBranchSet,
): Promise<Map<string, TMonthlyActivity>> {
  const columns = ['sessions', 'att_sum', 'exp_sum'] as const;
  const parts = planParts(plan, branchIds, sql`slot_start`, columns);
  const result = new Map<string, TMonthlyActivity>();
  if (parts.length === 0) return result;
  const { rows } = await sql<Record<string, unknown>>`select month_start, ${sumList(columns)}
    from (${sql.join(parts, sql` union all `)}) p group by month_start order by month_start`.execute(db);
  for (const row of rows) {
    result.set(String(row.month_start), {
      sessions: toNumber(row.sessions),
      att_sum: toNumber(row.att_sum),
      exp_sum: toNumber(row.exp_sum),
    });
  }
  return result;
}

export type { TStatColumn };
