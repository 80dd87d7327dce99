/**
 * The API worker pool on the request thread's side: hands each /trpc call to the least busy worker
 * (api-worker.ts), each with its own database connection. A worker that dies (out of memory, a bug)
 * fails only its own calls and is replaced.
 */
import type { Worker } from 'node:worker_threads';
import type { TServerSettings } from '../context';
import { spawnWorker } from '../workers/spawn';
import type { TApiAnswer, TApiCall, TFromWorker } from './api-messages';

const ENTRY = new URL('./api-worker.ts', import.meta.url);

/** How many more calls in flight the preferred worker may have than the least busy one. */
const AFFINITY_SLACK = 0;
/**
 * The same, when the preferred worker is already computing or answering the call's own period: the
 * call then waits for that one evaluation instead of starting the same cold one on another worker.
 * After a data change every period is cold on every worker at once, and the duplicates shared the two
 * cores with everything else (load script: a stall of every call for 1–2 s after each import).
 */
const SAME_PERIOD_SLACK = 3;

/** What the pool knows of a worker when it picks one: its calls in flight, by affinity. */
export interface TWorkerLoad {
  pending: number;
  inFlight: ReadonlyMap<string, number>;
}

/**
 * The worker (index) for a call about `affinity` ('' for none): the least busy one, unless the period's
 * preferred worker is about as busy (AFFINITY_SLACK) or is already at work on the same period
 * (SAME_PERIOD_SLACK) — its memo then evaluates the college once, not once per worker.
 */
export function pickWorker(loads: readonly TWorkerLoad[], affinity: string): number {
  let least = 0;
  loads.forEach((load, i) => {
    if (load.pending < (loads[least] as TWorkerLoad).pending) least = i;
  });
  if (!affinity) return least;
  const preferred = preferredIndex(affinity, loads.length);
  const load = loads[preferred] as TWorkerLoad;
  const slack = load.inFlight.has(affinity) ? SAME_PERIOD_SLACK : AFFINITY_SLACK;
  return load.pending <= (loads[least] as TWorkerLoad).pending + slack ? preferred : least;
}

function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The affinity key of a call about `period` (and `asOf`, '' for the default): api-route.ts periodOf. */
export function affinityOf(period: string, asOf = ''): string {
  return `${period}|${asOf}`;
}

/** The worker (index) that calls and warm-ups about one affinity key go to first. */
function preferredIndex(affinity: string, size: number): number {
  return hashOf(affinity) % size;
}

/**
 * Each worker's warm queue (api-pool warm()): the first `onEveryWorker` periods on every worker, in
 * order, then every other period on its preferred worker only.
 */
export function warmQueues(periods: readonly string[], size: number, onEveryWorker: number): string[][] {
  const queues = Array.from({ length: size }, () => periods.slice(0, onEveryWorker));
  for (const period of periods.slice(onEveryWorker))
    queues[preferredIndex(affinityOf(period), size)]?.push(period);
  return queues;
}

interface TSlot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve: (a: TApiAnswer) => void; reject: (e: Error) => void; affinity: string }>;
  /** Calls and warm-ups in flight by affinity (their period), for pickWorker. */
  inFlight: Map<string, number>;
  /** Periods this worker warms when it has nothing else to do (metrics/warm.ts). */
  toWarm: string[];
  /** Waiting for this worker's warm queue to be empty (warm()). */
  warmWaiters: (() => void)[];
}

export interface ApiPool {
  size: number;
  /** Answers the call; calls with the same `affinity` (their period) prefer the same worker. */
  run(call: TApiCall, affinity?: string): Promise<TApiAnswer>;
  /**
   * Has the workers warm `periods` (metrics/warm.ts), each on the worker its calls go to, one at a time
   * and only while that worker has no call to answer. Once per `key` (the data version and day): a
   * new key replaces what is still queued. The first `onEveryWorker` periods (the defaults every page
   * opens on) are warmed on every worker first: when their preferred worker is busy, their calls go to
   * another one, which would otherwise evaluate the college cold while its queue waits. Resolves when
   * every worker's warm queue is empty (its periods warmed, or replaced by a newer key's and those
   * warmed); never rejects.
   */
  warm(key: string, periods: readonly string[], onEveryWorker?: number): Promise<void>;
  /** Tells every worker that a long write (an import) starts or ends (db/write-window.ts). */
  setLongWriteRunning(value: boolean): void;
  /** Resolves when every worker has opened its connection (start-up, tests). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createApiPool({
  databasePath,
  settings,
  size,
}: {
  databasePath: string;
  settings: TServerSettings;
  size: number;
}): ApiPool {
  let nextId = 1;
  let isClosing = false;
  let isLongWriteRunning = false;
  let warmedKey: string | null = null;
  const slots: TSlot[] = [];

  /** Sends the slot its next period to warm if it is idle; the warm counts as a pending call meanwhile. */
  function warmNext(slot: TSlot): void {
    if (isClosing || slot.pending.size > 0) return;
    const period = slot.toWarm.shift();
    if (period === undefined) {
      for (const resolve of slot.warmWaiters.splice(0)) resolve();
      return;
    }
    const id = nextId++;
    const next = () => warmNext(slot);
    const affinity = affinityOf(period);
    slot.pending.set(id, { resolve: next, reject: () => {}, affinity });
    countInFlight(slot, affinity, 1);
    slot.worker.postMessage({ id, warm: period });
  }

  function countInFlight(slot: TSlot, affinity: string, change: 1 | -1): void {
    if (!affinity) return;
    const n = (slot.inFlight.get(affinity) ?? 0) + change;
    if (n > 0) slot.inFlight.set(affinity, n);
    else slot.inFlight.delete(affinity);
  }

  function start(index: number): TSlot {
    const worker = spawnWorker(ENTRY, { databasePath, settings });
    const pending: TSlot['pending'] = new Map();
    let markReady: () => void;
    let failReady: (e: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // A start-up failure is reported by ready(); an unobserved one must not crash the process.
    ready.catch(() => {});
    const slot: TSlot = { worker, ready, pending, inFlight: new Map(), toWarm: [], warmWaiters: [] };
    if (isLongWriteRunning) worker.postMessage({ isLongWriteRunning });
    worker.on('message', (message: TFromWorker) => {
      if ('ready' in message) return markReady();
      if ('fatal' in message) return failReady(new Error(message.fatal));
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      countInFlight(slot, waiter.affinity, -1);
      if ('warmed' in message) waiter.resolve(undefined as never);
      else if ('answer' in message) waiter.resolve(message.answer);
      else waiter.reject(new Error(message.error));
      warmNext(slot);
    });
    const fail = (reason: string) => {
      for (const waiter of pending.values()) waiter.reject(new Error(reason));
      pending.clear();
      slot.inFlight.clear();
      failReady(new Error(reason));
    };
    worker.on('error', (error) => {
      console.error('[api worker]', error);
      fail(`api worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      fail(`api worker exited (${code})`);
      if (!isClosing && slots[index] === slot) slots[index] = start(index);
    });
    return slot;
  }

  for (let i = 0; i < size; i++) slots.push(start(i));

  return {
    size,
    run(call, affinity = '') {
      // The least busy worker (a long cold evaluation holds one worker, the others keep answering), or
      // the period's own (pickWorker).
      const slot = slots[
        pickWorker(
          slots.map((s) => ({ pending: s.pending.size, inFlight: s.inFlight })),
          affinity,
        )
      ] as TSlot;
      const id = nextId++;
      return new Promise<TApiAnswer>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject, affinity });
        countInFlight(slot, affinity, 1);
        slot.worker.postMessage({ id, call });
      });
    },
    async warm(key, periods, onEveryWorker = 0) {
      if (key === warmedKey) return;
      warmedKey = key;
      // What the previous key still had queued is replaced; its waiters settle with the new queue.
      const queues = warmQueues(periods, slots.length, onEveryWorker);
      slots.forEach((slot, i) => {
        slot.toWarm = queues[i] ?? [];
      });
      await Promise.all(
        slots.map((slot) =>
          slot.ready.then(
            () =>
              new Promise<void>((resolve) => {
                slot.warmWaiters.push(resolve);
                warmNext(slot);
              }),
            () => {},
          ),
        ),
      );
    },
    setLongWriteRunning(value) {
      isLongWriteRunning = value;
      for (const s of slots) s.worker.postMessage({ isLongWriteRunning: value });
    },
    async ready() {
      await Promise.all(slots.map((s) => s.ready));
    },
    async close() {
      isClosing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
