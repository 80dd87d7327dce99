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
