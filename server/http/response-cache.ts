/**
 * Answers shared between callers. Many users open the same page for the same period: the college's
 * metrics are computed once per data version (metrics/memo.ts), and with this cache also serialized and
 * compressed once, instead of once per caller (2,000 branches ≈ megabytes of JSON). Only procedures that
 * declare `meta.sharedByRole` (their answer depends on the input, the data, the day and the caller's role
 * and branch, nothing else) are cached, under a key holding all of those. Identical calls in flight wait
 * for the first one; if it fails, each computes its own answer (an error speaks its caller's language).
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { TApiAnswer } from './api-messages';

const gzipAsync = promisify(gzip);

/** Bodies smaller than this are sent as they are (compressing costs more than it saves). */
export const COMPRESS_MIN_BYTES = 1024;

export interface TReadyAnswer extends TApiAnswer {
  /** The body gzipped, when it is worth it (made once, off the request thread: zlib's thread pool). */
  gzipped: Uint8Array | null;
}

/** gzip as every answer is compressed (level 1: a third of level 5's time, JSON still ÷8); null below the threshold. */
export function gzipOptions(body: Uint8Array): { level: number } | null {
  return body.length >= COMPRESS_MIN_BYTES ? { level: 1 } : null;
}

/** An answer with its compressed body made, unless the worker that answered made it already. */
export async function readyAnswer(answer: TApiAnswer): Promise<TReadyAnswer> {
  if (answer.gzipped !== undefined) return { ...answer, gzipped: answer.gzipped };
  const options = gzipOptions(answer.body);
  const gzipped = options ? await gzipAsync(answer.body, options) : null;
  return { ...answer, gzipped };
}

/** Whether an answer may be served to other callers: a success that sets no cookie. */
function isShareable(answer: TReadyAnswer): boolean {
  return answer.status === 200 && answer.setCookies.length === 0;
}

export interface ResponseCache {
  /** The answer for `key` at data version `version`, computing it when missing. */
  get(key: string, version: string, compute: () => Promise<TApiAnswer>): Promise<TReadyAnswer>;
  readonly bytes: number;
}

export function createResponseCache({ maxBytes }: { maxBytes: number }): ResponseCache {
  let currentVersion = '';
  let bytes = 0;
  const entries = new Map<string, { answer: Promise<TReadyAnswer>; size: number }>();

  const clear = () => {
    entries.clear();
    bytes = 0;
  };

  return {
    get bytes() {
      return bytes;
    },
    get(key, version, compute) {
      if (version !== currentVersion) {
        clear();
        currentVersion = version;
      }
      const hit = entries.get(key);
      if (hit) {
        // Most recently used last: eviction takes the oldest.
        entries.delete(key);
        entries.set(key, hit);
        // A call still in flight may end in an error (in its caller's language) or set a cookie: those
        // are its caller's own, so this caller computes its own answer then.
        return hit.answer.then((ready) => (isShareable(ready) ? ready : compute().then(readyAnswer)));
      }
      const answer = compute().then(readyAnswer);
      const entry = { answer, size: 0 };
      entries.set(key, entry);
      answer.then(
        (ready) => {
          if (entries.get(key) !== entry) return;
          // Failures and answers that set a cookie are the caller's own.
          if (!isShareable(ready)) {
            entries.delete(key);
            return;
          }
          entry.size = ready.body.length + (ready.gzipped?.length ?? 0);
          bytes += entry.size;
          for (const [oldKey, old] of entries) {
            if (bytes <= maxBytes || old === entry) break;
            entries.delete(oldKey);
            bytes -= old.size;
          }
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return answer;
    },
  };
}
