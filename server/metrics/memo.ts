/**
 * Whole-college results (a counted range evaluated for every branch, its ranks) shared by the
 * procedures of one page load: the overview asks for the same two years through overview.kpis and
 * metrics.overview, and one branch in depth needs every branch's index for its rank. Entries live for
 * one data version of one connection (dialect.dataVersion: any write on this connection or any commit
 * by another moves it), so a hit is always what a fresh computation would return. The bench clears
 * the memo to report cold figures (`clearMetricsMemo`).
 */
import type { DBOrTrx } from '../db/database';
import { dataVersion } from './dialect';

interface TMemo {
  version: string;
  entries: Map<string, Promise<unknown>>;
  /** Small results (a few KB: the due-soon list) kept apart, so they never push out a college range. */
  small: Map<string, Promise<unknown>>;
}

/** Small results kept per data version (each a few KB). */
const MAX_SMALL_ENTRIES = 64;

/**
 * A page load needs the period, the year before and (the compare page) the college's rows; the least
 * recently used entries go first. Many users on several periods at once (this year to date, last year,
 * quarters, months) need a few dozen. At 10,000 branches a range holds ≈ 5 MB (range-table.ts), a
 * report's rows ≈ 30 MB.
 */
const MAX_ENTRIES = 24;

const memos = new WeakMap<object, TMemo>();

async function memoOf(db: DBOrTrx): Promise<TMemo | null> {
  const version = await dataVersion(db);
  if (version === null) return null;
  let memo = memos.get(db);
  if (!memo || memo.version !== version) {
    memo = { version, entries: new Map(), small: new Map() };
    memos.set(db, memo);
  }
  return memo;
}

/**
 * The values of `keys`, computing only the missing ones, together (`compute(missing)` returns their
 * values in the order of the indexes it is given). Call after refreshRollups (which writes). Without a
 * version signal (dataVersion null) nothing is kept.
 */
export async function memoizedAll<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
): Promise<T[]> {
  const memo = await memoOf(db);
  if (!memo) return compute(keys.map((_, i) => i));
  const entries = memo.entries;
  const values = keys.map((key) => {
    const hit = entries.get(key) as Promise<T> | undefined;
    if (hit) {
      // Least recently used goes first: the period everyone opens (this year to date) stays while
      // one-off periods pass through.
      entries.delete(key);
      entries.set(key, hit);
    }
    return hit;
  });
  const missing = values.flatMap((v, i) => (v ? [] : [i]));
  if (missing.length > 0) {
    const computed = compute(missing);
    missing.forEach((i, j) => {
      const value = computed.then((all) => all[j]!);
      values[i] = value;
      entries.set(keys[i]!, value);
      // A failed computation is not remembered.
      value.catch(() => {
        if (entries.get(keys[i]!) === value) entries.delete(keys[i]!);
      });
    });
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }
  return Promise.all(values as Promise<T>[]);
}

/** `compute()` once per (connection, data version, key). */
export async function memoized<T>(db: DBOrTrx, key: string, compute: () => Promise<T>): Promise<T> {
  const [value] = await memoizedAll(db, [key], async () => [await compute()]);
  return value!;
}

/** `memoized` for small results, in their own bounded set (they never evict a college range). */
export async function memoizedSmall<T>(db: DBOrTrx, key: string, compute: () => Promise<T>): Promise<T> {
  const memo = await memoOf(db);
  if (!memo) return compute();
  const hit = memo.small.get(key) as Promise<T> | undefined;
  if (hit) {
    memo.small.delete(key);
    memo.small.set(key, hit);
    return hit;
  }
  const value = compute();
  memo.small.set(key, value);
  value.catch(() => {
    if (memo.small.get(key) === value) memo.small.delete(key);
  });
  while (memo.small.size > MAX_SMALL_ENTRIES) memo.small.delete(memo.small.keys().next().value!);
  return value;
}

/** Forgets every memoized result of a connection (the bench's cold runs; tests). */
export function clearMetricsMemo(db: DBOrTrx): void {
  memos.delete(db);
}
