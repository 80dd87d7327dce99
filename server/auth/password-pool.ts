/**
 * Where password checks run: up to two worker threads (scrypt-worker.ts) at nice 10, below the API
 * workers (nice 5) and the request thread, so signing in takes the CPU that answering pages leaves and
 * never the other way round. A worker holds the process open only while it has a check to run (the CLI
 * exits when its last check is done). A worker that dies hands its check back to the queue once (scrypt
 * can run again) and is replaced on the next check. Per thread that checks passwords: the request thread
 * (sign-in) and, for `users.*` calls, each API worker that gets one (an idle password worker ≈ 30 MB).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn';

export interface TScryptJob {
  id: number;
  password: string;
  salt: Uint8Array;
  keyBytes: number;
  N: number;
  r: number;
  p: number;
}

export type TScryptReply = { id: number; key: Uint8Array } | { id: number; error: string };

interface TPending {
  job: TScryptJob;
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
  /** Handed back once already by a worker that died with it. */
  isRetry: boolean;
}

interface TSlot {
  worker: Worker;
  busy: TPending | null;
}

const ENTRY = new URL('./scrypt-worker.ts', import.meta.url);
const MAX_WORKERS = Math.max(1, Math.min(2, availableParallelism()));
const slots: TSlot[] = [];
const queue: TPending[] = [];
let nextId = 1;

/** scrypt of `password` with `salt`, on a password worker. */
export function scryptOffThread(
  password: string,
  salt: Uint8Array,
  keyBytes: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A copy of its own: a small Buffer is a view of Node's shared 8 KiB pool, which postMessage would copy whole.
    const job = { id: nextId++, password, salt: new Uint8Array(salt), keyBytes, ...params };
    queue.push({ job, resolve, reject, isRetry: false });
    dispatch();
  });
}

function dispatch(): void {
  while (queue.length > 0) {
    let slot = slots.find((s) => s.busy === null) ?? null;
    if (!slot && slots.length < MAX_WORKERS) {
      try {
        slot = addSlot();
      } catch (error) {
        // No thread to be had (resources): the check fails now rather than waiting for one.
        if (slots.length > 0) return;
        (queue.shift() as TPending).reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
    }
    if (!slot) return;
    const pending = queue.shift() as TPending;
    slot.busy = pending;
    slot.worker.ref();
    slot.worker.postMessage(pending.job);
  }
}

function addSlot(): TSlot {
  const slot: TSlot = { worker: spawnWorker(ENTRY, {}), busy: null };
  slot.worker.on('message', (reply: TScryptReply) => {
    const pending = slot.busy;
    if (!pending || pending.job.id !== reply.id) return;
    slot.busy = null;
    slot.worker.unref();
    if ('key' in reply) pending.resolve(Buffer.from(reply.key));
    else pending.reject(new Error(reply.error));
    dispatch();
  });
  const retire = (error: Error) => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    const pending = slot.busy;
    slot.busy = null;
    if (pending && !pending.isRetry) queue.unshift({ ...pending, isRetry: true });
    else pending?.reject(error);
    void slot.worker.terminate();
    dispatch();
  };
  slot.worker.on('error', retire);
  slot.worker.on('messageerror', retire);
  slot.worker.on('exit', (code) => retire(new Error(`password worker exited (${code})`)));
  slots.push(slot);
  return slot;
}
