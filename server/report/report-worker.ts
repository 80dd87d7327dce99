/**
 * One review report written off the request thread (issue 9.5: long work never freezes other users).
 * Drawing a college's PDF is seconds to minutes of synchronous JavaScript (pdfkit, ECharts, resvg), so
 * the HTTP route runs each job in a worker thread of its own, at a lowered priority, with its own
 * connection to the database file; the thread reports sections done and ends with the job.
 */
import { createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/app-error';
import { openDatabase } from '../db/connection';
import { openScope } from '../metrics/scope';
import { lowerThreadPriority } from '../workers/priority';
import { writeReviewReport } from './index';
import type { TFromReportWorker, TReportWorkerData } from './report-job';

if (!parentPort) throw new Error('report-worker.ts runs as a worker thread (started by report-job.ts)');
const port = parentPort;
const { databasePath, job } = workerData as TReportWorkerData;
const send = (message: TFromReportWorker) => port.postMessage(message);

lowerThreadPriority(10);

const db = await openDatabase({ url: databasePath, migrate: false });
try {
  const scope = await openScope(db, { period: job.period, asOf: job.asOf });
  const { title } = await writeReviewReport(
    db,
    { scope, target: job.target, viewer: job.viewer, format: job.format, generatedAt: job.generatedAt },
    () => createWriteStream(job.file),
    (done, total) => send({ progress: { done, total } }),
  );
  send({ done: { title } });
} catch (error) {
  if (!(error instanceof AppError)) console.error('[report worker]', error);
  send({ failed: error instanceof AppError ? error.text : null });
} finally {
  await db.destroy();
}
