// A worker thread's entry: registers tsx's TypeScript loader (workers do not inherit the main thread's
// loader on Node 20), then runs the TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
