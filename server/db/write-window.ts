/**
 * Whether a long write (an import and its roll-up refresh, seconds at a province's scale) holds the
 * database's write lock. better-sqlite3 waits for the lock blocking its thread, so while it is held,
 * writes that can wait — the sliding expiry of a session — are skipped instead of queued behind it.
 * Set on the request thread by the import runner and passed on to the API workers (api-pool.ts).
 */
let isLongWriteRunning = false;

export function setLongWriteRunning(value: boolean): void {
  isLongWriteRunning = value;
}

export function isLongWriteInProgress(): boolean {
  return isLongWriteRunning;
}

/**
 * PostgreSQL's deadlock_detected, serialization_failure and lock_not_available: its transaction was rolled
 * back whole, so the write may simply be tried again. Every write's triggers move the same version rows
 * last (db/postgres/triggers.ts): two writes of several statements through two app processes can
 * deadlock, and PostgreSQL then cancels one of them.
 */
const POSTGRES_RETRYABLE = new Set(['40P01', '40001', '55P03']);

/**
 * The database could not take this write now and nothing of it was written: SQLite's "database is
 * locked / busy" (another connection holds the write lock past the busy timeout) or a PostgreSQL
 * transaction cancelled by a lock conflict. Answered as 503 "busy, try again" (trpc.ts), retried by
 * retryWhileBusy.
 */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || POSTGRES_RETRYABLE.has(code);
}

/** How long a short write on the request thread keeps trying while a long write holds the lock. */
const RETRY_FOR_MS = 120_000;

/**
 * Runs a short, atomic write (a sign-in's attempt row, a new session), trying again while the database
 * is locked — without blocking the thread: the request thread opens its connection with no busy wait
 * (index.ts), so a locked database fails at once and this waits on a timer, answering everyone else
 * meanwhile. The write must be safe to repeat after a failure (it is all or nothing).
 */
export async function retryWhileBusy<T>(write: () => Promise<T>, retryForMs = RETRY_FOR_MS): Promise<T> {
  const deadline = Date.now() + retryForMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    try {
      return await write();
    } catch (error) {
      if (!isBusyError(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
