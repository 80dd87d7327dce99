/** Starting a TypeScript module in a worker thread (server and tests run TypeScript through tsx). */
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./boot.mjs', import.meta.url);

/** A worker running `entry` (a module URL, e.g. `new URL('./x-worker.ts', import.meta.url)`). */
export function spawnWorker(entry: URL, data: Record<string, unknown>): Worker {
  return new Worker(BOOT, { workerData: { ...data, entry: entry.href } });
}
