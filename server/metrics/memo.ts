/**
 * What the metrics engine keeps between requests, per connection, in two kinds of set:
 * - **Results of periods** (a counted range evaluated for every branch, its ranks, a report, a trend, a
 *   college sums part, a month's college aggregate): their keys name the versions of everything they
 *   were computed from (versions.ts: the setup, the member index, each year's roll-ups), so they are
 *   kept across writes that do not touch them (an import of this year's sessions keeps last year's
 *   periods) and bounded by bytes or count, least recently used first.
 * - **Per metrics version** (dialect.metricsVersion: any write of a value the metrics read, on this
 *   connection or committed by another, moves it; edited titles and notes do not): small results whose
 *   keys carry no version (a due-soon list, last month's unmet slots) and the versions themselves.
 * Either way a hit is what a fresh computation would return. The bench clears them to report cold
 * figures (`clearPeriodResults`, `clearMetricsMemo`).
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
  /** Small results (a due-soon list, last month's unmet slots) kept apart, so they never push out a college range. */
  small: Map<string, Promise<unknown>>;
  /** Whole-college data of this metrics version (the versions of versions.ts), by name, never evicted. */
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

/** How many results of periods a connection keeps now (memoizedAll), and their approximate bytes. */
export function metricsMemoSize(db: DBOrTrx): { entries: number; bytes: number } {
  const store = periods.get(db);
  return { entries: store?.entries.size ?? 0, bytes: store?.bytes ?? 0 };
}

const memos = new WeakMap<object, TMemo>();

async function memoOf(db: DBOrTrx): Promise<TMemo | null> {
  const version = await metricsVersion(db);
  if (version === null) return null;
  let memo = memos.get(db);
  if (!memo || memo.version !== version) {
    memo = { version, small: new Map(), indexes: new Map() };
    memos.set(db, memo);
  }
  return memo;
}

/** Results of periods by key, per connection (memoizedAll). */
const periods = new WeakMap<object, TStore>();

/**
 * The values of `keys`, computing only the missing ones, together (`compute(missing)` returns their
 * values in the order of the indexes it is given). Each key names what its value was computed from,
 * versions included (versions.ts rangeVersion): entries are kept across writes, within the memo's byte
 * budget. Call after refreshRollups (which writes).
 */
export async function memoizedAll<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
  bytesOf: (value: T) => number,
): Promise<T[]> {
  return fromStore(storeOf(periods, db), maxBytes, keys, compute, bytesOf);
}

/** Entries by key, least recently used first, and their approximate bytes (memoizedAll, memoizedAcross). */
interface TStore {
  entries: Map<string, TEntry>;
  bytes: number;
}

/** The store of `db` in `stores`, made on first use. */
function storeOf(stores: WeakMap<object, TStore>, db: DBOrTrx): TStore {
  let store = stores.get(db);
  if (!store) {
    store = { entries: new Map(), bytes: 0 };
    stores.set(db, store);
  }
  return store;
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

/** `compute()` once per (connection, key); the key names its versions (memoizedAll). */
export async function memoized<T>(
  db: DBOrTrx,
  key: string,
  compute: () => Promise<T>,
  bytesOf: (value: T) => number,
): Promise<T> {
  const [value] = await memoizedAll(db, [key], async () => [await compute()], bytesOf);
  return value as T;
}

/** Small results whose keys carry no version, once per metrics version, in their own bounded set (they never evict a college range). */
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

/** Tiny results kept: every slot of a few decades of calendar fits, at a few versions each. */
const MAX_TINY_ENTRIES = 8192;

/** Tiny results by key, per connection (memoizedTiny). */
const tinies = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * The values of `keys`, tiny each (a few numbers: a month's or a calendar slot's college aggregate),
 * computing only the missing ones in one call (`compute(missing)` returns their values in the order of
 * the indexes it is given). Each key names its versions, as memoizedAll's. Kept in their own bounded
 * set, so they neither count against nor push out the college ranges and small results.
 */
export async function memoizedTiny<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
): Promise<T[]> {
  let tiny = tinies.get(db);
  if (!tiny) {
    tiny = new Map();
    tinies.set(db, tiny);
  }
  const store = tiny;
  const values = keys.map((key) => store.get(key) as Promise<T> | undefined);
  const missing = values.flatMap((v, i) => (v ? [] : [i]));
  if (missing.length > 0) {
    const computed = compute(missing);
    missing.forEach((i, j) => {
      const key = keys[i];
      if (key === undefined) return;
      const value = computed.then((all) => all[j] as T);
      values[i] = value;
      store.set(key, value);
      // A failed computation is not remembered.
      value.catch(() => {
        if (store.get(key) === value) store.delete(key);
      });
    });
    for (const oldest of store.keys()) {
      if (store.size <= MAX_TINY_ENTRIES) break;
      store.delete(oldest);
    }
  }
  return Promise.all(values as Promise<T>[]);
}

/**
 * Whole-college data held in memory for one metrics version (the versions of versions.ts), built once
 * per (connection, metrics version); `name` tells the kinds apart. Without a version signal it is built
 * for the one call.
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

/** The college sums' parts by key (memoizedAcross), per connection. */
const across = new WeakMap<object, TStore>();

/**
 * `memoizedAll` for the college sums' parts (a slot's roll-up rows of every branch, keyed by the slot
 * and its year's roll-up version), in a set of their own bounded by a quarter of the memo's byte
 * budget: many small parts never push out the ranges they are added up into.
 */
export async function memoizedAcross<T>(
  db: DBOrTrx,
  keys: readonly string[],
  compute: (missing: number[]) => Promise<T[]>,
  bytesOf: (value: T) => number,
): Promise<T[]> {
  return fromStore(storeOf(across, db), maxBytes / 4, keys, compute, bytesOf);
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
  clearPeriodResults(db);
  memos.delete(db);
  versioned.delete(db);
}

/**
 * Forgets a connection's results of periods but keeps its college data (memoizedIndex, memoizedByVersion:
 * the versions, member index, branch list, calendar, a year's goals): what a period nobody asked for yet costs. The API
 * workers build that data when they start and when an import ends (warm.ts), not on a visitor's call;
 * the bench reports both this and clearMetricsMemo's "after a write".
 */
export function clearPeriodResults(db: DBOrTrx): void {
  periods.delete(db);
  across.delete(db);
  tinies.delete(db);
  const memo = memos.get(db);
  if (memo) memo.small = new Map();
}
