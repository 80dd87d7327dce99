/**
 * The versions a period's computed results are kept under (memo.ts): a result holds as long as what it
 * was computed from holds, and that is
 * - the setup: units, goals, weights (`setup_version`, migration 20261214T0100);
 * - the member index: memberships and sharers (`member_index_version`, migration 20261213T0100);
 * - the roll-up rows of each year the result reads (`rollup_year_versions`, moved by refreshRollups for
 *   the years it rewrites).
 * Every value the metrics read is in one of these (the metrics version moves with any of them), so an
 * import of this year's sessions keeps the computed periods of last year and before. Read them after
 * refreshRollups, as every metrics read does.
 */
import { sql } from 'kysely';
import type { DBOrTrx } from '../db/database';
import { toNumber } from './dialect';
import { memoizedByVersion, memoizedIndex } from './memo';

export interface TVersions {
  setup: string;
  memberIndex: string;
  /** Roll-up version per calendar year; a year without a row has never been rewritten (version 0). */
  years: ReadonlyMap<number, string>;
}

/**
 * The versions, read once per metrics version: every write that moves one of them moves the metrics
 * version too (a refresh included), except a bare change of a member's row id, which changes no count.
 */
export function versionsOf(db: DBOrTrx): Promise<TVersions> {
  return memoizedIndex(db, 'versions', async () => {
    const [setup, years] = await Promise.all([
      sql<{ setup: unknown; members: unknown }>`select
          (select n from setup_version where id = 1) as setup,
          (select n from member_index_version where id = 1) as members`.execute(db),
      sql<{ year: unknown; n: unknown }>`select year, n from rollup_year_versions`.execute(db),
    ]);
    const row = setup.rows[0];
    return {
      setup: String(row?.setup ?? 0),
      memberIndex: String(row?.members ?? 0),
      years: new Map(years.rows.map((r) => [toNumber(r.year), String(r.n)])),
    };
  });
}

/** A year's roll-up version. */
export function yearVersion(versions: TVersions, year: number): string {
  return versions.years.get(year) ?? '0';
}

/**
 * The version of a result computed from a range's records, of the years of start..asOf (and the year
 * before with `yearBefore`: a report's year-earlier deltas): its setup, member index and years.
 */
export async function rangeVersion(
  db: DBOrTrx,
  { start, asOf }: { start: string; asOf: string },
  { yearBefore = false }: { yearBefore?: boolean } = {},
): Promise<string> {
  const versions = await versionsOf(db);
  const years: string[] = [];
  // Bounded: periods lie inside the slot calendar's years (shared/schemas/period.ts).
  for (let y = Number(start.slice(0, 4)) - (yearBefore ? 1 : 0); y <= Number(asOf.slice(0, 4)); y++)
    years.push(yearVersion(versions, y));
  return `s${versions.setup}.m${versions.memberIndex}.y${years.join(':')}`;
}

/**
 * `build()` once per (connection, name, setup version): college data read from the setup alone (the
 * branch list, a year's goals), kept across imports of records.
 */
export async function memoizedBySetup<T>(db: DBOrTrx, name: string, build: () => Promise<T>): Promise<T> {
  const { setup } = await versionsOf(db);
  return memoizedByVersion(db, name, setup, build);
}
