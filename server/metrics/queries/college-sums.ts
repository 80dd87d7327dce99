/**
 * The whole college's sums of a plan (stat-sums.ts TSumsPlan) added up in memory from parts kept per
 * metrics version: each whole slot's roll-up rows and each edge's day sums are read once, as one row
 * per branch, and every later range made of them is a few vector additions.
 *
 * Why: many users asking for many periods (this year to date, last year, quarters, months, the odd
 * custom range) each cost one wide join of every part over every branch (100–200 ms at 2,000 branches
 * under load), although the parts repeat from period to period. A part is ≈ 0.4 MB at 2,000 branches,
 * kept in the memo's byte budget (memo.ts). The additions follow the joined SQL's order (slots, then
 * each edge's month row minus its other days), so the sums are the same numbers.
 */
import { sql } from 'kysely';
import type { DBOrTrx } from '../../db/database';
import { RAW_COLUMNS, READ_COLUMNS, type TStatColumn, type TStatRow } from '../columns';
import { packValues, toNumber, unpackNumbers } from '../dialect';
import { memoizedAll } from '../memo';
import { complementInMonth, type TSumsPlan } from './stat-sums';

/** One part's rows: branch ids, and per branch its READ_COLUMNS values one after the other. */
interface TPartRows {
  ids: Int32Array;
  values: Float64Array;
}

type TPart =
  | { kind: 'slot'; length: TSumsPlan['slots'][number]['length']; start: string }
  | { kind: 'days'; from: string; to: string };

const WIDTH = READ_COLUMNS.length;
const isRaw = (c: TStatColumn) => (RAW_COLUMNS as readonly string[]).includes(c);
/** Edges hold no whole slot: only their raw columns are added (their met-slot columns are 0). */
const RAW_MASK = READ_COLUMNS.map(isRaw);
const ALL_MASK = READ_COLUMNS.map(() => true);

const keyOf = (part: TPart) =>
  part.kind === 'slot' ? `sums:${part.length}:${part.start}` : `sums:days:${part.from}:${part.to}`;

async function readPart(db: DBOrTrx, part: TPart): Promise<TPartRows> {
  const query =
    part.kind === 'slot'
      ? sql<{
          branch_id: unknown;
          v: unknown;
        }>`select branch_id, ${packValues(READ_COLUMNS.map((c) => sql.ref(c)))} as v
          from branch_slot_stats where length = ${part.length} and slot_start = ${part.start}`
      : sql<{ branch_id: unknown; v: unknown }>`select branch_id, ${packValues(
          READ_COLUMNS.map((c) => (isRaw(c) ? sql`sum(${sql.ref(c)})` : sql`0`)),
        )} as v
          from branch_day_stats where day >= ${part.from} and day <= ${part.to} group by branch_id`;
  const { rows } = await query.execute(db);
  const ids = new Int32Array(rows.length);
  const values = new Float64Array(rows.length * WIDTH);
  rows.forEach((row, r) => {
    ids[r] = toNumber(row.branch_id);
    values.set(unpackNumbers(row.v), r * WIDTH);
  });
  return { ids, values };
}

/**
 * Per-branch sums over `plan` for every branch with any row in it, handed to `onRow` in READ_COLUMNS
 * order (columns not `needed` as 0, as stat-sums.ts forEachBranchSums gives them); a branch with no row
 * in any part is not handed over (its sums are 0).
 */
export async function forEachCollegeSums(
  db: DBOrTrx,
  plan: TSumsPlan,
  needed: ReadonlySet<TStatColumn> | undefined,
  onRow: (branchId: number, row: TStatRow) => void,
): Promise<void> {
  // The parts in the joined SQL's order, each with its sign and the columns it adds.
  const terms: { part: TPart; sign: 1 | -1; mask: readonly boolean[] }[] = plan.slots.map((slot) => ({
    part: { kind: 'slot', length: slot.length, start: slot.start },
    sign: 1,
    mask: ALL_MASK,
  }));
  for (const edge of plan.edges) {
    const complement = complementInMonth(edge);
    if (!complement) {
      terms.push({ part: { kind: 'days', from: edge.from, to: edge.to }, sign: 1, mask: RAW_MASK });
      continue;
    }
    terms.push({ part: { kind: 'slot', length: 'month', start: complement.month }, sign: 1, mask: RAW_MASK });
    for (const days of complement.days)
      terms.push({ part: { kind: 'days', from: days.from, to: days.to }, sign: -1, mask: RAW_MASK });
  }
  const parts = await memoizedAll(
    db,
    terms.map((t) => keyOf(t.part)),
    (missing) => Promise.all(missing.map((i) => readPart(db, (terms[i] as (typeof terms)[number]).part))),
    (rows) => rows.ids.byteLength + rows.values.byteLength,
  );
  // Dense rows in the order branches first appear; positions by id.
  const positionOf = new Map<number, number>();
  const order: number[] = [];
  for (const part of parts as TPartRows[])
    for (const id of part.ids)
      if (!positionOf.has(id)) {
        positionOf.set(id, order.length);
        order.push(id);
      }
  const sums = new Float64Array(order.length * WIDTH);
  terms.forEach(({ sign, mask }, t) => {
    const { ids, values } = parts[t] as TPartRows;
    const columns = mask.flatMap((on, c) => (on ? [c] : []));
    for (let r = 0; r < ids.length; r++) {
      const at = (positionOf.get(ids[r] as number) as number) * WIDTH;
      const from = r * WIDTH;
      for (const c of columns) sums[at + c] = (sums[at + c] as number) + sign * (values[from + c] as number);
    }
  });
  const neededColumns = READ_COLUMNS.flatMap((c, i) => (!needed || needed.has(c) ? [i] : []));
  order.forEach((id, p) => {
    const row = new Array<number>(WIDTH).fill(0);
    for (const c of neededColumns) row[c] = sums[p * WIDTH + c] as number;
    onRow(id, row);
  });
}
