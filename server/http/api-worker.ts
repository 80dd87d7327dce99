/**
 * An API worker thread: its own connection to the database file and the whole tRPC router, answering
 * the /trpc requests the request thread hands it (api-pool.ts). better-sqlite3 is synchronous, so a
 * cold college evaluation here blocks only this worker, never the request thread or the other workers;
 * WAL lets every worker read while one connection writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { SESSION_COOKIE_NAME } from '../auth/config';
import { resolveSession } from '../auth/sessions';
import { createContextInner, type TRequestSession, type TServerSettings } from '../context';
import { openDatabase } from '../db/connection';
import { setLongWriteRunning } from '../db/write-window';
import { warmCollegeData, warmPeriod } from '../metrics/warm';
import { appRouter } from '../routers/_app';
import { lowerThreadPriority } from '../workers/priority';
import type { TApiAnswer, TApiCall, TFromWorker, TToWorker } from './api-messages';
import { clearedSessionCookie, readCookie, sessionCookie } from './cookies';
import { gzipOptions } from './response-cache';
import { encodedBodyOf, installUtf8BodyResponses } from './utf8-response';

if (!parentPort) throw new Error('api-worker.ts runs as a worker thread (started by api-pool.ts)');
const port = parentPort;
const { databasePath, settings } = workerData as { databasePath: string; settings: TServerSettings };
const send = (message: TFromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function answer(db: Awaited<ReturnType<typeof openDatabase>>, call: TApiCall): Promise<TApiAnswer> {
  const request = new Request(`http://localhost${call.url}`, {
    method: call.method,
    headers: call.headers,
    body: call.method === 'GET' || call.method === 'HEAD' ? undefined : (call.body ?? ''),
  });
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: request,
    router: appRouter,
    async createContext({ resHeaders }) {
      const token = readCookie(call.headers.cookie, SESSION_COOKIE_NAME);
      const resolved = token
        ? await resolveSession(db, token, { idleMinutes: settings.auth.sessionIdleMinutes })
        : null;
      const session: TRequestSession = {
        token,
        address: call.address,
        setSessionCookie: (value) =>
          resHeaders.append('Set-Cookie', sessionCookie(value, { isSecure: call.isSecure })),
        clearSessionCookie: () =>
          resHeaders.append('Set-Cookie', clearedSessionCookie({ isSecure: call.isSecure })),
      };
      return createContextInner({ db, user: resolved?.user ?? null, lang: call.lang, session, settings });
    },
    onError({ error, path }) {
      // The formatter hides internals from the client; the operator still needs them.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
    },
  });
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  const body = await encodedBodyOf(response);
  const options = gzipOptions(body);
  return {
    status: response.status,
    headers,
    setCookies: response.headers.getSetCookie(),
    body,
    // Here, at this thread's lowered priority: on a busy machine the request thread's zlib pool
    // competed with sign-in checks for the cores.
    gzipped: options ? new Uint8Array(gzipSync(body, options)) : null,
  };
}

installUtf8BodyResponses();

// Below the request thread: sign-in checks and cache hits go first when both cores are busy.
lowerThreadPriority(5);

try {
  // The request thread migrated the file before starting the workers.
  const db = await openDatabase({ url: databasePath, migrate: false });
  const warmData = () =>
    void warmCollegeData(db).catch((error: unknown) => console.error('[api worker] warming:', error));
  warmData();
  port.on('message', (message: TToWorker) => {
    if ('isLongWriteRunning' in message) {
      setLongWriteRunning(message.isLongWriteRunning);
      // An import just ended: its data is new, build what every call reads before the calls arrive.
      if (!message.isLongWriteRunning) warmData();
      return;
    }
    if ('warm' in message) {
      const { id, warm } = message;
      warmPeriod(db, warm)
        .catch((error: unknown) => console.error(`[api worker] warming ${warm}:`, error))
        .finally(() => send({ id, warmed: true }));
      return;
    }
    const { id, call } = message;
    answer(db, call).then(
      (result) =>
        send({ id, answer: result }, [
          result.body.buffer as ArrayBuffer,
          ...(result.gzipped ? [result.gzipped.buffer as ArrayBuffer] : []),
        ]),
      (error: unknown) => send({ id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  send({ ready: true });
} catch (error) {
  send({ fatal: error instanceof Error ? error.message : String(error) });
}
