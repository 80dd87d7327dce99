/**
 * Whole-college results (a counted range evaluated for every branch, its ranks) shared by the
 * procedures of one page load: the overview asks for the same two years through overview.kpis and
 * overview.summary, and one branch in depth needs every branch's index for its rank. Entries live for
 * one metrics version of one connection (dialect.metricsVersion: any write of a value the metrics read,
 * on this connection or committed by another, moves it; edited titles and notes do not), so a hit is
 * always what a fresh computation would return. The bench clears
 * the memo to report cold figures (`clearPeriodResults`, `clearMetricsMemo`).
 */
import type { DBOrTrx } from '../db/database';
import { metricsVersion } from './dialect';

interface TEntry {
  value: Promise<unknown>;
  /** Approximate bytes held, known once the value is computed (0 until then). */
  bytes: number;
}

interface TMemo {
  version: string;
  entries: Map<string, TEntry>;
  /** Σ bytes of the computed entries. */
  bytes: number;
  /** Small results (a due-soon list, a trend, a range's ranks) kept apart, so they never push out a college range. */
  small: Map<string, Promise<unknown>>;
  /** Tiny per-slot aggregates (a month's college sums), many per request, in a set of their own. */
  tiny: Map<string, Promise<unknown>>;
  /** Whole-college data held in memory (member index, branch list, calendar, a year's goals), by name, never evicted. */
  indexes: Map<string, Promise<unknown>>;
}

/** Small results kept per data version (a few KB each; ranks ≈ 100 KB at 2,000 branches). */
const MAX_SMALL_ENTRIES = 128;

/**
 * What the college-wide results of one connection may hold, in bytes (`METRICS_MEMO_MB`, default 256).
 * A page load needs the period and the year before (and the compare page the college's rows), and many
 * users on several periods at once (this year to date, last year, each quarter and month of both, the
 * odd custom range) need a few hundred entries: bounded by count (24), every API worker evaluated the
 * common periods again and again under load. Bounded by size, the same budget keeps ≈ 200 ranges of a
 * 2,000-branch college or ≈ 40 of a 10,000-branch one (range-table.ts `approxBytes`); the least
 * recently used go first.
 */
let maxBytes = Number(process.env.METRICS_MEMO_MB ?? 256) * 1024 * 1024;

/** Sets the budget of every connection's memo (tests; the server takes METRICS_MEMO_MB). */
export function setMetricsMemoBudget(bytes: number): void {
  maxBytes = bytes;
}

/** How many college-wide results a connection keeps now, and their approximate bytes. */
export function metricsMemoSize(db: DBOrTrx): { entries: number; bytes: number } {
  const memo = memos.get(db);
  return { entries: memo?.entries.size ?? 0, bytes: memo?.bytes ?? 0 };
}

const memos = new WeakMap<object, TMemo>();

async function memoOf(db: DBOrTrx): Promise<TMemo | null> {
  const version = await metricsVersion(db);
  if (version === null) return null;
  let memo = memos.get(db);
  if (!memo || memo.version !== version) {
    memo = { version, entries: new Map(), bytes: 0, small: new Map(), tiny: new Map(), indexes: new Map() };
    memos.set(db, memo);
  }
  return memo;
}

/**
 * The values of `keys`, computing only the missing ones, together (`compute(missing)` returns their
 * values in the order of the indexes it is given). Call after refreshRollups (which writes). Without a
 * version signal (metricsVersion null) nothing is kept.
 */
export async function memoizedAll<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
  bytesOf: (value: T) => number,
): Promise<T[]> {
  const memo = await memoOf(db);
  if (!memo) return compute(keys.map((_, i) => i));
  return fromStore(memo, maxBytes, keys, compute, bytesOf);
}

/** Entries by key, least recently used first, and their approximate bytes (TMemo, TAcross). */
interface TStore {
  entries: Map<string, TEntry>;
  bytes: number;
}

/** The values of `keys` from `store`, computing the missing ones together; the store kept within `budget` bytes. */
function fromStore<T>(
  store: TStore,
  budget: number,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
  bytesOf: (value: T) => number,
): Promise<T[]> {
  const entries = store.entries;
  const values = keys.map((key) => {
    const hit = entries.get(key);
    if (hit) {
      // Least recently used goes first: the period everyone opens (this year to date) stays while
      // one-off periods pass through.
      entries.delete(key);
      entries.set(key, hit);
    }
    return hit?.value as Promise<T> | undefined;
  });
  const missing = values.flatMap((v, i) => (v ? [] : [i]));
  if (missing.length > 0) {
    const computed = compute(missing);
    missing.forEach((i, j) => {
      const key = keys[i];
      if (key === undefined) return;
      const entry: TEntry = { value: computed.then((all) => all[j]), bytes: 0 };
      values[i] = entry.value as Promise<T>;
      entries.set(key, entry);
      entry.value.then(
        (value) => {
          if (entries.get(key) !== entry) return;
          entry.bytes = bytesOf(value as T);
          store.bytes += entry.bytes;
          evictOver(store, budget, entry);
        },
        // A failed computation is not remembered.
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
    });
  }
  return Promise.all(values as Promise<T>[]);
}

/** Drops the least recently used entries until the store fits `budget` (never `keep`, the one just computed). */
function evictOver(store: TStore, budget: number, keep: TEntry): void {
  for (const [key, entry] of store.entries) {
    if (store.bytes <= budget) return;
    if (entry === keep) continue;
    store.entries.delete(key);
    store.bytes -= entry.bytes;
  }
}

/** `compute()` once per (connection, data version, key). */
export async function memoized<T>(
  db: DBOrTrx,
  key: string,
  compute: () => Promise<T>,
  bytesOf: (value: T) => number,
): Promise<T> {
  const [value] = await memoizedAll(db, [key], async () => [await compute()], bytesOf);
  return value as T;
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
  for (const oldest of memo.small.keys()) {
    if (memo.small.size <= MAX_SMALL_ENTRIES) break;
    memo.small.delete(oldest);
  }
  return value;
}

/** Tiny results kept per data version: every slot of a few decades of calendar fits. */
const MAX_TINY_ENTRIES = 8192;

/**
 * The values of `keys`, tiny each (a few numbers: a month's or a calendar slot's college aggregate),
 * computing only the missing ones in one call (`compute(missing)` returns their values in the order of
 * the indexes it is given). Kept in their own bounded set, so they neither count against nor push out
 * the college ranges and small results.
 */
export async function memoizedTiny<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
): Promise<T[]> {
  const memo = await memoOf(db);
  if (!memo) return compute(keys.map((_, i) => i));
  const tiny = memo.tiny;
  const values = keys.map((key) => tiny.get(key) as Promise<T> | undefined);
  const missing = values.flatMap((v, i) => (v ? [] : [i]));
  if (missing.length > 0) {
    const computed = compute(missing);
    missing.forEach((i, j) => {
      const key = keys[i];
      if (key === undefined) return;
      const value = computed.then((all) => all[j] as T);
      values[i] = value;
      tiny.set(key, value);
      // A failed computation is not remembered.
      value.catch(() => {
        if (tiny.get(key) === value) tiny.delete(key);
      });
    });
    for (const oldest of tiny.keys()) {
      if (tiny.size <= MAX_TINY_ENTRIES) break;
      tiny.delete(oldest);
    }
  }
  return Promise.all(values as Promise<T>[]);
}

/**
 * Whole-college data held in memory (member-index.ts, the branch list, the calendar, a year's goals),
 * built once per (connection, metrics version) and shared by every range evaluated on it; `name` tells
 * the few kinds apart. Without a version signal it is built for the one call.
 */
export async function memoizedIndex<T>(db: DBOrTrx, name: string, build: () => Promise<T>): Promise<T> {
  const memo = await memoOf(db);
  if (!memo) return build();
  const hit = memo.indexes.get(name) as Promise<T> | undefined;
  if (hit) return hit;
  const value = build();
  memo.indexes.set(name, value);
  // A failed build is not remembered.
  value.catch(() => {
    if (memo.indexes.get(name) === value) memo.indexes.delete(name);
  });
  return value;
}

/** Values whose keys carry their own version (memoizedAcross), per connection. */
const across = new WeakMap<object, TStore>();

/**
 * `memoizedAll` for values whose keys name everything they depend on, versions included (a college
 * sums part: its slot and its year's roll-up version): kept across metrics versions, so a write that
 * does not touch them keeps them. Bounded by a quarter of the memo's byte budget; cleared with the
 * period results (clearPeriodResults, clearMetricsMemo).
 */
export async function memoizedAcross<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
  bytesOf: (value: T) => number,
): Promise<T[]> {
  let store = across.get(db);
  if (!store) {
    store = { entries: new Map(), bytes: 0 };
    across.set(db, store);
  }
  return fromStore(store, maxBytes / 4, keys, compute, bytesOf);
}

/** College data kept across metrics versions, per connection: by name, the version it was built for. */
const versioned = new WeakMap<object, Map<string, { version: string; value: Promise<unknown> }>>();

/**
 * `build()` once per (connection, name, `version`): college data with a version of its own that moves
 * far less often than the metrics version (the member index follows memberships and sharers, not the
 * sessions' counts an import corrects). Read `version` before building: a build racing a write is then
 * at worst newer than its label, and is built again when the version moves. Null: built for the call.
 */
export async function memoizedByVersion<T>(
  db: DBOrTrx,
  name: string,
  version: string | null,
  build: () => Promise<T>,
): Promise<T> {
  if (version === null) return build();
  let byName = versioned.get(db);
  if (!byName) {
    byName = new Map();
    versioned.set(db, byName);
  }
  const hit = byName.get(name);
  if (hit?.version === version) return hit.value as Promise<T>;
  const value = build();
  const entry = { version, value };
  byName.set(name, entry);
  // A failed build is not remembered.
  value.catch(() => {
    if (byName.get(name) === entry) byName.delete(name);
  });
  return value;
}

/** Forgets every memoized result of a connection, its college data included (the bench's cold runs; tests). */
export function clearMetricsMemo(db: DBOrTrx): void {
  memos.delete(db);
  versioned.delete(db);
  across.delete(db);
}

/**
 * Forgets a connection's results of periods but keeps its college data (memoizedIndex, memoizedByVersion:
 * the member index, branch list, calendar, a year's goals): what a period nobody asked for yet costs. The API
 * workers build that data when they start and when an import ends (warm.ts), not on a visitor's call;
 * the bench reports both this and clearMetricsMemo's "after a write".
 */
export function clearPeriodResults(db: DBOrTrx): void {
  across.delete(db);
  const memo = memos.get(db);
  if (!memo) return;
  memos.set(db, { ...memo, entries: new Map(), bytes: 0, small: new Map(), tiny: new Map() });
}
