/**
 * The import jobs of the page — previews of uploaded files, their commits, undos — one at a time. With a
 * database file they run in a worker thread (import-worker.ts, its own connection, which also keeps the
 * previews waiting for confirmation); with an in-memory database (tests) on this thread. A second job
 * while one runs is refused with `ImportBusyError` (never "database is locked"), and `current()` says
 * what runs, for the browser's progress display.
 */
import type { Worker } from 'node:worker_threads';
import type { TImportJobKind } from '../../shared/schemas/import-upload';
import type { DB } from '../db/database';
import { setLongWriteRunning } from '../db/write-window';
import { spawnWorker } from '../workers/spawn';
import { runImportJob, type TImportJob, type TImportJobResult } from './import-job';
import { PreviewStore } from './preview-store';
import type { TImportStage } from './types';

export type TFromImportWorker =
  | { id: number; stage: TImportStage; fileName?: string }
  | { id: number; result: TImportJobResult }
  | { id: number; error: string; code?: string }
  | { ready: true }
  | { fatal: string };

export interface TImportProgress {
  kind: TImportJobKind;
  /** The upload's name, or the previewed / undone import's once the job has read it. */
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
  /** Runs the job, or throws ImportBusyError when another one runs. */
  run(job: TImportJob): Promise<TImportJobResult>;
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
  // Previews of jobs run on this thread (in-memory database); the worker keeps its own.
  const store = new PreviewStore();

  function inWorker(
    path: string,
    job: TImportJob,
    onStage: (s: TImportStage, fileName?: string) => void,
  ): Promise<TImportJobResult> {
    worker ??= spawnWorker(ENTRY, { databasePath: path });
    const current = worker;
    const id = nextId++;
    return new Promise<TImportJobResult>((resolve, reject) => {
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
        if ('stage' in message) return onStage(message.stage, message.fileName);
        cleanUp();
        if ('result' in message) resolve(message.result);
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
      const bytes = job.kind === 'preview' ? job.bytes : null;
      const ownsMemory =
        bytes !== null && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      current.postMessage({ id, job }, ownsMemory ? [bytes.buffer as ArrayBuffer] : []);
    });
  }

  return {
    current: () => running,
    async run(job) {
      if (running) throw new ImportBusyError(running);
      const progress: TImportProgress = {
        kind: job.kind,
        fileName: job.kind === 'preview' ? job.fileName : '',
        stage: job.kind === 'undo' ? 'checking' : 'reading',
        startedAt: new Date().toISOString(),
        userId: job.actor.user?.id ?? null,
      };
      running = progress;
      setLongWriteRunning(true);
      onLongWrite?.(true);
      const onStage = (stage: TImportStage, fileName?: string) => {
        progress.stage = stage;
        if (fileName !== undefined) progress.fileName = fileName;
      };
      try {
        return databasePath
          ? await inWorker(databasePath, job, onStage)
          : await runImportJob(db, job, store, onStage);
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
