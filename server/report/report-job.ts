/**
 * A review report written in a worker thread (report-worker.ts) or, without a database file (an
 * in-memory database: tests), on the calling thread. Either way: sections done as they are drawn, then
 * the document's title, or a refusal's text (null: an internal failure, logged by whoever ran it).
 */
import { createWriteStream } from 'node:fs';
import { AppError } from '../../shared/app-error';
import type { TBilingual } from '../../shared/schemas/date';
import type { TPolicyUser } from '../auth/roles';
import type { DB } from '../db/database';
import { openScope } from '../metrics/scope';
import { spawnWorker } from '../workers/spawn';
import { type TReportFormat, type TReportTarget, writeReviewReport } from './index';

export interface TReportJobInput {
  period: string;
  asOf?: string;
  target: TReportTarget;
  viewer: TPolicyUser;
  format: TReportFormat;
  generatedAt: string;
  /** Where the document is written. */
  file: string;
}

export interface TReportWorkerData {
  databasePath: string;
  job: TReportJobInput;
}

export type TFromReportWorker =
  | { progress: { done: number; total: number } }
  | { done: { title: string } }
  | { failed: TBilingual | null };

export type TReportOutcome = { title: string } | { failed: TBilingual | null };

const ENTRY = new URL('./report-worker.ts', import.meta.url);

export function runReportJob(
  { db, databasePath }: { db: DB; databasePath: string | null },
  job: TReportJobInput,
  onProgress: (done: number, total: number) => void,
): Promise<TReportOutcome> {
  if (!databasePath) return runHere(db, job, onProgress);
  return new Promise((resolve) => {
    const worker = spawnWorker(ENTRY, { databasePath, job } satisfies TReportWorkerData);
    let outcome: TReportOutcome | null = null;
    worker.on('message', (message: TFromReportWorker) => {
      if ('progress' in message) onProgress(message.progress.done, message.progress.total);
      else if ('done' in message) outcome = message.done;
      else outcome = { failed: message.failed };
    });
    worker.on('error', (error) => {
      console.error('[report worker]', error);
      outcome ??= { failed: null };
    });
    worker.on('exit', () => resolve(outcome ?? { failed: null }));
  });
}

async function runHere(
  db: DB,
  job: TReportJobInput,
  onProgress: (done: number, total: number) => void,
): Promise<TReportOutcome> {
  try {
    const scope = await openScope(db, { period: job.period, asOf: job.asOf });
    return await writeReviewReport(
      db,
      { scope, target: job.target, viewer: job.viewer, format: job.format, generatedAt: job.generatedAt },
      () => createWriteStream(job.file),
      onProgress,
    );
  } catch (error) {
    if (!(error instanceof AppError)) console.error('[report]', error);
    return { failed: error instanceof AppError ? error.text : null };
  }
}
