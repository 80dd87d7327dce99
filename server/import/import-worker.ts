/**
 * The import worker thread: reads, checks and writes an uploaded file (and refreshes the roll-ups in the
 * same transaction) on its own database connection, so the request thread keeps answering everyone
 * while a 50 MB file is imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { lowerThreadPriority } from '../workers/priority';
import { runImportJob, type TImportJob } from './import-job';
import type { TFromImportWorker } from './import-runner';

if (!parentPort) throw new Error('import-worker.ts runs as a worker thread (started by import-runner.ts)');
const port = parentPort;
const { databasePath } = workerData as { databasePath: string };
const send = (message: TFromImportWorker) => port.postMessage(message);

// An import may take a minute: below the request thread and the API workers, who answer people.
lowerThreadPriority(10);

try {
  // Waits its turn behind short writes of other connections rather than failing.
  const db = await openDatabase({ url: databasePath, migrate: false, busyTimeoutMs: 60_000 });
  port.on('message', ({ id, job }: { id: number; job: TImportJob }) => {
    runImportJob(db, job, (stage) => send({ id, stage })).then(
      (report) => send({ id, report }),
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
