/**
 * The import worker thread: reads and checks an uploaded file into a preview (kept here until it is
 * confirmed), writes a confirmed preview (and refreshes the roll-ups in the same transaction), undoes
 * an import, on its own database connection, so the request thread keeps answering everyone while a
 * 50 MB file is imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../db/connection';
import type { DB } from '../db/database';
import { isPostgres } from '../metrics/dialect';
import { lowerThreadPriority } from '../workers/priority';
import { runImportJob, type TImportJob } from './import-job';
import type { TFromImportWorker } from './import-runner';
import { PreviewStore } from './preview-store';

if (!parentPort) throw new Error('import-worker.ts runs as a worker thread (started by import-runner.ts)');
const port = parentPort;
const { databasePath } = workerData as { databasePath: string };
const send = (message: TFromImportWorker) => port.postMessage(message);

// An import may take a minute: it runs on the CPU that the request thread and the API workers (nice
// 5), who answer people, leave over. At nice 10 it still took a quarter of a core from them under load
// (page calls p95 1.0–1.2 s while an upload ran, `npm run load -- --with-import`). Writes that must not
// wait on it meanwhile retry while it holds the lock (db/write-window.ts).
lowerThreadPriority(19);

/**
 * Copies what a confirmation or an undo committed from the write-ahead log into the database file
 * (PASSIVE: never waits for readers, never blocks them). Other connections still checkpoint
 * automatically after their own commits; a skipped one here is done by the next of those.
 */
function checkpointAfter(db: DB, job: TImportJob): void {
  if (job.kind === 'preview' || isPostgres(db)) return;
  sql`pragma wal_checkpoint(PASSIVE)`
    .execute(db)
    .catch((error: unknown) => console.error('[import worker] checkpoint:', error));
}

try {
  // Waits its turn behind short writes of other connections rather than failing.
  const db = await openDatabase({ url: databasePath, migrate: false, busyTimeoutMs: 60_000 });
  // No automatic checkpoint inside an import's COMMIT: with it the commit of an import of this year's
  // sessions at 2,000 branches took ≈ 6 s instead of 0.2 s, holding the write lock all along (sign-ins
  // waited for it). The worker checkpoints once the job has answered (checkpointAfter), at its priority.
  if (!isPostgres(db)) await sql`pragma wal_autocheckpoint = 0`.execute(db);
  const store = new PreviewStore();
  port.on('message', ({ id, job }: { id: number; job: TImportJob }) => {
    runImportJob(db, job, store, (stage, fileName) => send({ id, stage, fileName })).then(
      (result) => {
        send({ id, result });
        checkpointAfter(db, job);
      },
      (error: unknown) => {
        console.error('[import worker]', error);
        const code = (error as { code?: unknown } | null)?.code;
        send({
          id,
          error: error instanceof Error ? error.message : String(error),
          code: typeof code === 'string' ? code : undefined,
        });
      },
    );
  });
  send({ ready: true });
} catch (error) {
  send({ fatal: error instanceof Error ? error.message : String(error) });
}
