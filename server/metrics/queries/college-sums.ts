/**
 * The whole college's sums of a plan (stat-sums.ts TSumsPlan) added up in memory from parts kept per
 * metrics version: each whole slot's roll-up rows and each edge's day sums are read once, as one row
 * per branch, and every later range made of them is a few vector additions.
 *
 * Why: many users asking for many periods (this year to date, last year, quarters, months, the odd
 * custom range) each cost one wide join of every part over every branch (100–200 ms at 2,000 branches
 * under load), although the parts repeat from period to period. A part is ≈ 0.4 MB at 2,000 branches.
 * Parts are kept per their year's roll-up version (rollup_year_versions), across metrics versions
 * (memo.ts memoizedAcross): an import of this year's sessions keeps every earlier year's parts. The additions follow the joined SQL's order (slots, then
 * each edge's month row minus its other days), so the sums are the same numbers.
 */
import { sql } from 'kysely';
import type { DBOrTrx } from '../../db/database';
import { RAW_COLUMNS, READ_COLUMNS, type TStatColumn } from '../columns';
import { packRows, toNumber, unpackValues } from '../dialect';
import { memoizedAcross } from '../memo';
import { type TVersions, versionsOf, yearVersion } from '../versions';
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

/**
 * A part's memo key: what it covers and the roll-up version of each year it lies in (a slot lies in
 * one year; an edge without a whole month may run from December into January).
 */
const keyOf = (part: TPart, versions: TVersions) => {
  const versionOf = (day: string) => yearVersion(versions, Number(day.slice(0, 4)));
  return part.kind === 'slot'
    ? `sums:${part.length}:${part.start}@${versionOf(part.start)}`
    : `sums:days:${part.from}:${part.to}@${versionOf(part.from)}:${versionOf(part.to)}`;
};

async function readPart(db: DBOrTrx, part: TPart): Promise<TPartRows> {
  // One row per branch (its id, then its READ_COLUMNS values), all of them in one JSON array: one parse
  // of one text instead of a row object and a parse per branch (≈ 15 % faster at 10,000 branches).
  const perBranch =
    part.kind === 'slot'
      ? sql`select branch_id, ${sql.join(READ_COLUMNS.map((c) => sql.ref(c)))}
          from branch_slot_stats where length = ${part.length} and slot_start = ${part.start}`
      : sql`select branch_id, ${sql.join(
          READ_COLUMNS.map((c) => (isRaw(c) ? sql`sum(${sql.ref(c)})` : sql`0`).as(c)),
        )}
          from branch_day_stats where day >= ${part.from} and day <= ${part.to} group by branch_id`;
  const { rows } = await sql<{ v: unknown }>`select ${packRows([
    sql.ref('p.branch_id'),
    ...READ_COLUMNS.map((c) => sql.ref(`p.${c}`)),
  ])} as v from (${perBranch}) p`.execute(db);
  const list = unpackValues(rows[0]?.v ?? '[]') as unknown[][];
  const ids = new Int32Array(list.length);
  const values = new Float64Array(list.length * WIDTH);
  for (let r = 0; r < list.length; r++) {
    const row = list[r] as unknown[];
    ids[r] = toNumber(row[0]);
    const at = r * WIDTH;
    for (let c = 0; c < WIDTH; c++) values[at + c] = toNumber(row[c + 1]);
  }
  return { ids, values };
}

/**
 * Per-branch sums over `plan` for every branch with any row in it, handed to `onRow` as the READ_COLUMNS
 * values at `values[at …]` (columns not `needed` as 0, as stat-sums.ts forEachBranchSums gives them);
 * the values are only valid during the call. A branch with no row in any part is not handed over (its
 * sums are 0).
 */
export async function forEachCollegeSums(
  db: DBOrTrx,
  plan: TSumsPlan,
  needed: ReadonlySet<TStatColumn> | undefined,
  onRow: (branchId: number, values: ArrayLike<number>, at: number) => void,
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
  const versions = await versionsOf(db);
  const parts = (await memoizedAcross(
    db,
    terms.map((t) => keyOf(t.part, versions)),
    (missing) => Promise.all(missing.map((i) => readPart(db, (terms[i] as (typeof terms)[number]).part))),
    (rows) => rows.ids.byteLength + rows.values.byteLength,
  )) as TPartRows[];
  const [only] = terms;
  if (terms.length === 1 && only?.sign === 1 && only.mask === ALL_MASK && !needed) {
    // One whole part (a complete year; a year to date ending with a month): its rows as they are kept.
    const { ids, values } = parts[0] as TPartRows;
    for (let r = 0; r < ids.length; r++) onRow(ids[r] as number, values, r * WIDTH);
    return;
  }
  // Dense rows in the order branches first appear; positions by id in a typed array (ids are small
  // dense integers: units.id), since a Map's lookups were most of this loop at 10,000 branches.
  let maxId = 0;
  for (const { ids } of parts) for (const id of ids) if (id > maxId) maxId = id;
  const positionOf = new Int32Array(maxId + 1).fill(-1);
  const order: number[] = [];
  for (const { ids } of parts)
    for (const id of ids)
      if ((positionOf[id] as number) < 0) {
        positionOf[id] = order.length;
        order.push(id);
      }
  const sums = new Float64Array(order.length * WIDTH);
  terms.forEach(({ sign, mask }, t) => {
    const { ids, values } = parts[t] as TPartRows;
    const columns = Int32Array.from(mask.flatMap((on, c) => (on ? [c] : [])));
    const width = columns.length;
    for (let r = 0; r < ids.length; r++) {
      const at = (positionOf[ids[r] as number] as number) * WIDTH;
      const from = r * WIDTH;
      for (let k = 0; k < width; k++) {
        const c = columns[k] as number;
        sums[at + c] = (sums[at + c] as number) + sign * (values[from + c] as number);
      }
    }
  });
  if (needed)
    READ_COLUMNS.forEach((column, c) => {
      if (needed.has(column)) return;
      for (let at = c; at < sums.length; at += WIDTH) sums[at] = 0;
    });
  for (let p = 0; p < order.length; p++) onRow(order[p] as number, sums, p * WIDTH);
}
