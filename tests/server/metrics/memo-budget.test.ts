/**
 * The memo of college-wide results is bounded by bytes, not by a count (many users on many periods
 * need more than two dozen ranges of a 2,000-branch college), and warming fills it for the periods
 * every page opens on before anyone asks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearMetricsMemo,
  memoizedAll,
  metricsMemoSize,
  setMetricsMemoBudget,
} from '../../../server/metrics/memo';
import { periodsToWarm, warmPeriod } from '../../../server/metrics/warm';
import { createTestDb } from '../../helpers/test-db';
import { addBranch, addFullYear, addMember } from './seed';

const DEFAULT_BUDGET = 256 * 1024 * 1024;

describe('metrics memo budget', () => {
  afterEach(() => setMetricsMemoBudget(DEFAULT_BUDGET));

  /** memoizedAll for one key, counting computations. */
  function counter(db: Awaited<ReturnType<typeof createTestDb>>, bytes: number) {
    const computed: string[] = [];
    const get = async (key: string) =>
      (
        await memoizedAll(
          db,
          [key],
          async () => {
            computed.push(key);
            return [{ key }];
          },
          () => bytes,
        )
      )[0];
    return { computed, get };
  }

  it('keeps far more than two dozen results while they fit', async () => {
    const db = await createTestDb();
    const { computed, get } = counter(db, 1000);
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    for (const k of keys) await get(k);
    for (const k of keys) await get(k);
    expect(computed).toEqual(keys); // each computed once
    expect(metricsMemoSize(db)).toEqual({ entries: 100, bytes: 100_000 });
  });

  it('drops the least recently used results when the bytes exceed the budget', async () => {
    const db = await createTestDb();
    setMetricsMemoBudget(2500);
    const { computed, get } = counter(db, 1000);
    await get('a');
    await get('b');
    await get('a'); // a is now the most recently used
    await get('c'); // 3,000 bytes > 2,500: b goes
    expect(metricsMemoSize(db)).toEqual({ entries: 2, bytes: 2000 });
    await get('a');
    await get('c');
    expect(computed).toEqual(['a', 'b', 'c']);
    await get('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps a result larger than the whole budget until the next one arrives', async () => {
    const db = await createTestDb();
    setMetricsMemoBudget(500);
    const { computed, get } = counter(db, 1000);
    const first = await get('big');
    expect(await get('big')).toBe(first);
    await get('next');
    expect(metricsMemoSize(db).entries).toBe(1);
    await get('big');
    expect(computed).toEqual(['big', 'next', 'big']);
  });
});

describe('warming the default periods', () => {
  it('warms this year to date, last year, this quarter and month and the ones before, skipping what has not started', () => {
    expect(periodsToWarm('2026-12-07')).toEqual(['2026', '2025', '2026-Q4', '2026-12', '2026-Q3', '2026-11']);
    expect(periodsToWarm('2026-04-01')).toEqual(['2026', '2025', '2026-Q1', '2026-03']);
    expect(periodsToWarm('2026-05-01')).toEqual(['2026', '2025', '2026-Q2', '2026-Q1', '2026-04']);
    expect(periodsToWarm('2027-01-01')).toEqual(['2026', '2026-Q4', '2026-12']);
  });

  it('leaves the college ranges, report and trend of a period in the memo', async () => {
    const db = await createTestDb();
    for (const code of ['A1', 'B2']) {
      const id = await addBranch(db, code);
      await addMember(db, id, `${code}-m1`);
      await addFullYear(db, id, 2024);
    }
    clearMetricsMemo(db);
    expect(metricsMemoSize(db).entries).toBe(0);
    await warmPeriod(db, '2024');
    // 2024 and 2023 as ranges, the ranks, comparison report, overview and trend of 2024 (each year's
    // roll-up rows they were added up from are kept apart, per year and roll-up version: college-sums.ts).
    const size = metricsMemoSize(db);
    expect(size.entries).toBe(6);
    expect(size.bytes).toBeGreaterThan(0);
  });
});
