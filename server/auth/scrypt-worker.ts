/**
 * A password check's scrypt, on a thread of its own at a low CPU priority (password-pool.ts). Node's
 * own `scrypt` runs in libuv's thread pool at the process's priority, above the API workers (nice 5):
 * under load, the sign-ins queued behind an import's commit then took both cores for seconds, and every
 * page call waited (p50 0.7–1.5 s for 5 s after each commit, `npm run load -- --with-import`).
 */
import { scryptSync } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../workers/priority';
import type { TScryptJob, TScryptReply } from './password-pool';

if (!parentPort) throw new Error('scrypt-worker.ts runs as a worker thread (started by password-pool.ts)');
const port = parentPort;
lowerThreadPriority(10);

port.on('message', ({ id, password, salt, keyBytes, N, r, p }: TScryptJob) => {
  let reply: TScryptReply;
  try {
    // maxmem must exceed 128·N·r or node refuses; leave headroom.
    const key = scryptSync(password, salt, keyBytes, { N, r, p, maxmem: 256 * N * r });
    reply = { id, key: new Uint8Array(key) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
