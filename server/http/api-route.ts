/**
 * /trpc on the request thread. Sign-in and session calls (`auth.*`, a few milliseconds of SQL) are
 * answered here; every other call runs in the API worker pool (api-pool.ts), so a cold evaluation of
 * the whole college never holds up another user's request. Queries declared `sharedByRole` are answered
 * from the shared cache (response-cache.ts) when the same call by the same role and branch was already
 * answered at this data version. Answers are gzipped when the client accepts it. Without a pool (an
 * in-memory database: tests) everything runs here, as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { todayIso } from '../../shared/schemas/date';
import { SESSION_COOKIE_NAME } from '../auth/config';
import { resolveSession } from '../auth/sessions';
import { clientAddress, langFromRequest, type TServerSettings } from '../context';
import type { DB } from '../db/database';
import { dataVersion } from '../metrics/dialect';
import { periodsToWarm } from '../metrics/warm';
import { appRouter } from '../routers/_app';
import type { TProcedureMeta } from '../trpc';
import type { TApiCall } from './api-messages';
import { type ApiPool, affinityOf } from './api-pool';
import { isHttpsRequest, readCookie } from './cookies';
import { type ResponseCache, readyAnswer, type TReadyAnswer } from './response-cache';

type TInProcessHandler = ReturnType<typeof createHTTPHandler>;

const procedures = (
  appRouter._def as unknown as { procedures: Record<string, { _def: { meta?: TProcedureMeta } }> }
).procedures;

/** The procedure paths of a /trpc address (`/trpc/a.b,c.d?batch=1…` → `['a.b', 'c.d']`). */
export function procedurePaths(url: string): string[] {
  const path = (url.split('?')[0] ?? '').replace(/^\/trpc\/?/, '');
  try {
    return decodeURIComponent(path).split(',').filter(Boolean);
  } catch {
    return [];
  }
}

const isSessionCall = (path: string) => path.startsWith('auth.');

/** The period and asOf a call's input names (`"period":"2025"…`), the pool's affinity key; '' for none. */
export function periodOf(url: string): string {
  const query = url.split('?')[1] ?? '';
  let input: string;
  try {
    input = new URLSearchParams(query).get('input') ?? '';
  } catch {
    return '';
  }
  const period = /"period":"([^"]{1,32})"/.exec(input)?.[1] ?? '';
  const asOf = /"asOf":"([^"]{1,32})"/.exec(input)?.[1] ?? '';
  return period ? affinityOf(period, asOf) : '';
}
const isSharedByRole = (path: string) => procedures[path]?._def.meta?.sharedByRole === true;

const INTERNAL = {
  zh: '服务器内部错误，请稍后重试',
  en: 'Internal server error, please try again later',
};
const TOO_LARGE = { zh: '请求内容过大', en: 'request body too large' };

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: TReadyAnswer): void {
  for (const [name, value] of answer.headers) {
    if (name !== 'content-length' && name !== 'transfer-encoding') res.setHeader(name, value);
  }
  for (const cookie of answer.setCookies) res.appendHeader('Set-Cookie', cookie);
  res.setHeader('Vary', 'Accept-Encoding');
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const gzipped = acceptsGzip ? answer.gzipped : null;
  const body = gzipped ?? answer.body;
  if (gzipped !== null) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', body.length);
  res.writeHead(answer.status);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { message, data: { httpStatus: status } } }));
}

export interface ApiRouteOptions {
  db: DB;
  settings: TServerSettings;
  trustProxy: boolean;
  maxBodySize: number;
  inProcess: TInProcessHandler;
  pool: ApiPool | null;
  cache: ResponseCache | null;
}

export function createApiRoute({
  db,
  settings,
  trustProxy,
  maxBodySize,
  inProcess,
  pool,
  cache,
}: ApiRouteOptions) {
  /** The caller's role and branch when the call may be shared, else null (then it is not cached). */
  async function sharingKey(req: IncomingMessage, paths: string[]): Promise<string | null> {
    if (!cache || req.method !== 'GET' || paths.length === 0 || !paths.every(isSharedByRole)) return null;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
    if (!token) return null;
    // Also the sliding expiry of a session whose calls are all answered from the cache.
    const resolved = await resolveSession(db, token, { idleMinutes: settings.auth.sessionIdleMinutes });
    if (!resolved) return null;
    const { role, branchId } = resolved.user;
    // Not the language: what these queries answer holds no text of the caller's language (only errors
    // do, and those are never shared: response-cache.ts). A fifth of the load script's users read in
    // English, and each of their answers was serialized and compressed again.
    return [req.url, role, branchId ?? '', todayIso()].join('\n');
  }

  async function viaPool(req: IncomingMessage, res: ServerResponse, workers: ApiPool): Promise<void> {
    const lang = langFromRequest(req);
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : await readBody(req, maxBodySize);
    if (body === null && req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, TOO_LARGE[lang]);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
      else if (Array.isArray(value)) headers[name] = value.join(', ');
    }
    const call: TApiCall = {
      method: req.method ?? 'GET',
      url: req.url ?? '/trpc',
      headers,
      body,
      address: clientAddress(req, trustProxy),
      isSecure: isHttpsRequest(req),
      lang,
    };
    const key = await sharingKey(req, procedurePaths(call.url));
    const affinity = periodOf(call.url);
    const version = key && cache ? await dataVersion(db) : null;
    if (version !== null) void warmDefaults(workers, version);
    const answer =
      key && cache && version !== null
        ? await cache.get(key, version, () => workers.run(call, affinity))
        : await readyAnswer(await workers.run(call, affinity));
    sendAnswer(req, res, answer);
  }

  if (pool && cache)
    void pool.ready().then(
      () => warmDefaultPeriods(pool, db),
      () => {},
    );

  return function handleApi(req: IncomingMessage, res: ServerResponse): void {
    const paths = procedurePaths(req.url ?? '');
    if (!pool || paths.every(isSessionCall)) {
      void inProcess(req, res);
      return;
    }
    viaPool(req, res, pool).catch((error: unknown) => {
      console.error('[trpc pool]', error);
      sendError(res, 500, INTERNAL[langFromRequest(req)]);
    });
  };
}

// After a start and after every change of the data (or of the day), the default periods are warmed
// before their first visitors ask (metrics/warm.ts); the pool ignores a key it has already warmed.
// At start, this year to date and last year (the first two) on every worker: most calls ask for them.
// After a change only on the worker their calls prefer: every worker is then rebuilding its college
// data while visitors are already asking, and four cold evaluations of the same period would compete
// with them for the cores.
function warmDefaults(workers: ApiPool, version: string, onEveryWorker = 0): Promise<void> {
  const today = todayIso();
  return workers.warm(`${version}|${today}`, periodsToWarm(today), onEveryWorker);
}

/** Warms the default periods of the data as it is now (start-up: before the server listens). */
export async function warmDefaultPeriods(pool: ApiPool, db: DB): Promise<void> {
  const version = await dataVersion(db);
  if (version !== null) await warmDefaults(pool, version, 2);
}
