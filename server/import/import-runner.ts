/**
 * Imports of uploaded files, one at a time. With a database file they run in a worker thread
 * (import-worker.ts, its own connection); with an in-memory database (tests) on this thread. A second
 * upload while one runs is refused with `ImportBusyError` (never "database is locked"), and `current()`
 * says what runs, for the browser's progress display.
 */
import type { Worker } from 'node:worker_threads';
import type { DB } from '../db/database';
import { setLongWriteRunning } from '../db/write-window';
import { spawnWorker } from '../workers/spawn';
import { runImportJob, type TImportJob } from './import-job';
import type { ImportReport, TImportStage } from './types';

export type TFromImportWorker =
  | { id: number; stage: TImportStage }
  | { id: number; report: ImportReport }
  | { id: number; error: string; code?: string }
  | { ready: true }
  | { fatal: string };

export interface TImportProgress {
  fileName: string;
  stage: TImportStage;
  /** ISO time the import started. */
  startedAt: string;
  userId: number | null;
}

export class ImportBusyError extends Error {
  constructor(readonly running: TImportProgress) {
    super(`an import is running: ${running.fileName}`);
    this.name = 'ImportBusyError';
  }
}

export interface ImportRunner {
  current(): TImportProgress | null;
  /** Runs the job, or throws ImportBusyError when another import runs. */
  run(job: TImportJob): Promise<ImportReport>;
  close(): Promise<void>;
}

const ENTRY = new URL('./import-worker.ts', import.meta.url);

export interface ImportRunnerOptions {
  db: DB;
  /** The database file: imports run in a worker thread. Without it (in-memory), on this thread. */
  databasePath?: string | null;
  /** Told when an import starts (true) and ends (false): the API workers skip waitable writes meanwhile. */
  onLongWrite?: (isRunning: boolean) => void;
}

export function createImportRunner({ db, databasePath, onLongWrite }: ImportRunnerOptions): ImportRunner {
  let running: TImportProgress | null = null;
  let worker: Worker | null = null;
  let nextId = 1;

  function inWorker(
    path: string,
    job: TImportJob,
    onStage: (s: TImportStage) => void,
  ): Promise<ImportReport> {
    worker ??= spawnWorker(ENTRY, { databasePath: path });
    const current = worker;
    const id = nextId++;
    return new Promise<ImportReport>((resolve, reject) => {
      const cleanUp = () => {
        current.off('message', onMessage);
        current.off('exit', onExit);
      };
      const onMessage = (message: TFromImportWorker) => {
        if ('fatal' in message) {
          cleanUp();
          reject(new Error(message.fatal));
          return;
        }
        if (!('id' in message) || message.id !== id) return;
        if ('stage' in message) return onStage(message.stage);
        cleanUp();
        if ('report' in message) resolve(message.report);
        // The SQLite error code travels along: a locked database is told apart from a failure.
        else reject(Object.assign(new Error(message.error), { code: message.code }));
      };
      const onExit = (code: number) => {
        cleanUp();
        if (worker === current) worker = null;
        reject(new Error(`import worker exited (${code})`));
      };
      current.on('message', onMessage);
      current.on('exit', onExit);
      // The file's bytes move to the worker (no copy) when they own their memory; a small body may sit in
      // Node's shared Buffer pool, which is copied instead.
      const ownsMemory = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength;
      current.postMessage({ id, job }, ownsMemory ? [job.bytes.buffer as ArrayBuffer] : []);
    });
  }

  return {
    current: () => running,
    async run(job) {
      if (running) throw new ImportBusyError(running);
      const progress: TImportProgress = {
        fileName: job.fileName,
        stage: 'reading',
        startedAt: new Date().toISOString(),
        userId: job.actor.user?.id ?? null,
      };
      running = progress;
      setLongWriteRunning(true);
      onLongWrite?.(true);
      const onStage = (stage: TImportStage) => {
        progress.stage = stage;
      };
      try {
        return databasePath
          ? await inWorker(databasePath, job, onStage)
          : await runImportJob(db, job, onStage);
      } finally {
        running = null;
        setLongWriteRunning(false);
        onLongWrite?.(false);
      }
    },
    async close() {
      await worker?.terminate();
      worker = null;
    },
  };
}
