/** What the request thread and the API workers (api-pool.ts, api-worker.ts) send each other. */
import type { TLang } from '../../shared/lang';

/** One /trpc request, already guarded and read by the request thread. */
export interface TApiCall {
  method: string;
  /** Path and query, e.g. `/trpc/metrics.branches?input=…`. */
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Decided by the request thread (it sees the socket and the proxy settings). */
  address: string;
  isSecure: boolean;
  lang: TLang;
}

export interface TApiAnswer {
  status: number;
  headers: [string, string][];
  setCookies: string[];
  body: Uint8Array;
  /**
   * The body gzipped by the API worker that answered (null: not worth it), so compression runs on that
   * worker's lowered priority rather than beside the request thread; absent for answers made elsewhere.
   */
  gzipped?: Uint8Array | null;
}

/**
 * A call to answer, a period to warm (metrics/warm.ts), or news that a long write (an import) starts
 * or ends (db/write-window.ts).
 */
export type TToWorker =
  | { id: number; call: TApiCall }
  | { id: number; warm: string }
  | { isLongWriteRunning: boolean };
export type TFromWorker =
  | { id: number; answer: TApiAnswer }
  | { id: number; warmed: true }
  | { id: number; error: string }
  | { ready: true }
  | { fatal: string };
