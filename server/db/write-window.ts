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

/** SQLite's "database is locked / busy" (another connection holds the write lock past the busy timeout). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
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
