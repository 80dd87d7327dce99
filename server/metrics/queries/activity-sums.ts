/**
 * Activity sums (the columns of branch_month_stats) aggregated in SQL, either from the raw activity
 * rows (to refresh the roll-up, or for the partial months at the edges of a counted range) or from
 * the roll-up for whole months. One activity-level pass plus one pass each over its format and
 * module rows, combined with UNION ALL so no join multiplies rows.
 */
import { type RawBuilder, sql } from 'kysely';
import { FORMATS, MODULES, REQUIREMENTS } from '../../../shared/domain';
import type { DBOrTrx } from '../../db/database';
import {
  FORMAT_COLUMN,
  MODULE_COLUMN,
  STAT_COLUMNS,
  type TStatSums,
  TYPE_COLUMN,
  type TStatColumn,
} from '../columns';
import { monthStartOf, toNumber } from '../dialect';

/** Which raw activities to aggregate. */
export type TRawSource =
  /** The (branch, month) pairs listed in rollup_dirty. */
  | { kind: 'dirty' }
  /** Activities held in from..to (inclusive), optionally of some branches only. */
  | { kind: 'range'; from: string; to: string; branchIds?: readonly number[] };

const zero = sql.raw('0');
const one = (cond: RawBuilder<unknown>) => sql`sum(case when ${cond} then 1 else 0 end)`;

function activityColumnExprs(): Record<TStatColumn, RawBuilder<unknown>> {
  const recorded = sql`a.expected > 0 and a.attended is not null`;
  const exprs = Object.fromEntries(STAT_COLUMNS.map((c) => [c, zero])) as Record<TStatColumn, RawBuilder<unknown>>;
  exprs.sessions = sql`count(*)`;
  exprs.att_sum = sql`sum(case when ${recorded} then a.attended else 0 end)`;
  exprs.exp_sum = sql`sum(case when ${recorded} then a.expected else 0 end)`;
  exprs.theme_days = one(sql`a.type = 'theme_day'`);
  exprs.theme_complete = one(sql`a.type = 'theme_day' and a.oath_renewed = 1 and a.dues_collected = 1`);
  exprs.integrated = one(sql`a.integrated_with_work = 1`);
  for (const type of REQUIREMENTS.keys) {
    exprs[TYPE_COLUMN[type]] =
      type === 'secretary_lecture'
        ? one(sql`a.type = 'party_lecture' and a.by_secretary = 1`)
        : one(sql`a.type = ${sql.lit(type)}`);
  }
  return exprs;
}

function childColumnExprs(kind: 'format' | 'module'): Record<TStatColumn, RawBuilder<unknown>> {
  const exprs = Object.fromEntries(STAT_COLUMNS.map((c) => [c, zero])) as Record<TStatColumn, RawBuilder<unknown>>;
  if (kind === 'format') {
    for (const f of FORMATS.keys) exprs[FORMAT_COLUMN[f]] = one(sql`x.format = ${sql.lit(f)}`);
  } else {
    for (const m of MODULES.keys) exprs[MODULE_COLUMN[m]] = one(sql`x.module = ${sql.lit(m)}`);
  }
  return exprs;
}

/** FROM … WHERE … for the source, exposing `a` (activities), `branch_id` and `month_start` expressions. */
function sourceClause(source: TRawSource) {
  if (source.kind === 'dirty') {
    return {
      from: sql`rollup_dirty d
        join calendar_slots c on c.start_on = d.month_start and c.length = 'month'
        join activities a on a.branch_id = d.branch_id and a.held_on >= c.start_on and a.held_on <= c.end_on`,
      where: sql`1 = 1`,
      month: sql`d.month_start`,
    };
  }
  const branchFilter =
    source.branchIds === undefined
      ? sql`1 = 1`
      : source.branchIds.length === 0
        ? sql`1 = 0`
        : sql`a.branch_id in (${sql.join(source.branchIds.map((id) => sql.lit(id)))})`;
  return {
    from: sql`activities a`,
    where: sql`a.held_on >= ${source.from} and a.held_on <= ${source.to} and ${branchFilter}`,
    month: monthStartOf(sql.ref('a.held_on')),
  };
}

function selectList(exprs: Record<TStatColumn, RawBuilder<unknown>>) {
  return sql.join(STAT_COLUMNS.map((c) => sql`${exprs[c]} as ${sql.ref(c)}`));
}

/**
 * `select branch_id, month_start, <sums…>` grouped by branch and month, from raw activity rows.
 * Usable as a subquery or as the source of INSERT … SELECT.
 */
export function rawMonthlySumsSql(source: TRawSource): RawBuilder<unknown> {
  const { from, where, month } = sourceClause(source);
  const activityPart = sql`select a.branch_id as branch_id, ${month} as month_start, ${selectList(activityColumnExprs())}
    from ${from} where ${where} group by a.branch_id, ${month}`;
  const formatPart = sql`select a.branch_id as branch_id, ${month} as month_start, ${selectList(childColumnExprs('format'))}
    from ${from} join activity_formats x on x.activity_id = a.id where ${where} group by a.branch_id, ${month}`;
  const modulePart = sql`select a.branch_id as branch_id, ${month} as month_start, ${selectList(childColumnExprs('module'))}
    from ${from} join activity_modules x on x.activity_id = a.id where ${where} group by a.branch_id, ${month}`;
  const sums = sql.join(STAT_COLUMNS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  return sql`select branch_id, month_start, ${sums}
    from (${activityPart} union all ${formatPart} union all ${modulePart}) u
    group by branch_id, month_start`;
}

/** Whole months read from the roll-up, partial months at the edges from the raw rows. */
export interface TSumsPlan {
  /** month_start of the first and last whole month (inclusive); absent when there is none. */
  wholeMonths?: { first: string; last: string };
  /** Day ranges (inside one month each) aggregated from the raw rows. */
  edges: { from: string; to: string }[];
}

function rollupPart(plan: TSumsPlan, branchIds: readonly number[] | undefined, monthExpr: boolean) {
  if (!plan.wholeMonths) return undefined;
  const branchFilter =
    branchIds === undefined
      ? sql`1 = 1`
      : branchIds.length === 0
        ? sql`1 = 0`
        : sql`branch_id in (${sql.join(branchIds.map((id) => sql.lit(id)))})`;
  const cols = sql.join(STAT_COLUMNS.map((c) => sql.ref(c)));
  return sql`select branch_id, ${monthExpr ? sql`month_start` : sql`null`} as month_start, ${cols} from branch_month_stats
    where month_start >= ${plan.wholeMonths.first} and month_start <= ${plan.wholeMonths.last} and ${branchFilter}`;
}

function planSql(plan: TSumsPlan, branchIds: readonly number[] | undefined, byMonth: boolean) {
  const parts: RawBuilder<unknown>[] = [];
  const rollup = rollupPart(plan, branchIds, byMonth);
  if (rollup) parts.push(rollup);
  for (const edge of plan.edges) {
    parts.push(sql`select * from (${rawMonthlySumsSql({ kind: 'range', ...edge, branchIds })}) e`);
  }
  return parts;
}

function rowToSums(row: Record<string, unknown>): TStatSums {
  return Object.fromEntries(STAT_COLUMNS.map((c) => [c, toNumber(row[c])])) as TStatSums;
}

/** Per-branch activity sums over the counted range described by `plan`. */
export async function queryBranchSums(
  db: DBOrTrx,
  plan: TSumsPlan,
  branchIds?: readonly number[],
): Promise<Map<number, TStatSums>> {
  const parts = planSql(plan, branchIds, false);
  const result = new Map<number, TStatSums>();
  if (parts.length === 0) return result;
  const sums = sql.join(STAT_COLUMNS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  const { rows } = await sql<Record<string, unknown>>`select branch_id, ${sums}
    from (${sql.join(parts, sql` union all `)}) p group by branch_id`.execute(db);
  for (const row of rows) result.set(toNumber(row.branch_id), rowToSums(row));
  return result;
}

/** Activity sums of one or more branches per month (for trend charts), keyed by `YYYY-MM-01`. */
export async function queryMonthlySums(
  db: DBOrTrx,
  plan: TSumsPlan,
  branchIds: readonly number[],
): Promise<Map<string, TStatSums>> {
  const parts = planSql(plan, branchIds, true);
  const result = new Map<string, TStatSums>();
  if (parts.length === 0) return result;
  const sums = sql.join(STAT_COLUMNS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  const { rows } = await sql<Record<string, unknown>>`select month_start, ${sums}
    from (${sql.join(parts, sql` union all `)}) p group by month_start order by month_start`.execute(db);
  for (const row of rows) result.set(String(row.month_start), rowToSums(row));
  return result;
}
