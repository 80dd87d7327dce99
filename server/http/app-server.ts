import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createContextFactory, DEFAULT_SETTINGS, type TServerSettings } from '../context';
import type { DB } from '../db/database';
import { createImportRunner, type ImportRunner } from '../import/import-runner';
import { appRouter } from '../routers/_app';
import type { ApiPool } from './api-pool';
import { createApiRoute } from './api-route';
import { createAttachmentHandler, isAttachmentPath } from './attachment-route';
import { createImportHandler, isImportPath } from './import-route';
import { createReportHandler, isReportPath } from './report-route';
import { createResponseCache } from './response-cache';
import { MAX_URL_LENGTH, refuseApiRequest, setSecurityHeaders } from './security';
import { createStaticHandler } from './static-files';

export interface AppServerOptions {
  db: DB;
  /** The built client (vite build output). */
  clientDir: string;
  /** Largest accepted tRPC request body in bytes (JSON; a future upload route gets its own, larger limit). */
  maxBodySize?: number;
  settings?: TServerSettings;
  /** Trust X-Forwarded-For for the client address (TRUST_PROXY=on behind a reverse proxy). */
  trustProxy?: boolean;
  /** Vite dev middleware: a CSP that allows its inline preamble and websocket. */
  isDev?: boolean;
  /** Largest accepted upload of POST /api/import; the importer's own limits (xlsx 50 MB, csv 300 MB) by default. */
  maxImportBodySize?: number;
  /** Worker threads answering /trpc (api-route.ts); without them every call runs on the request thread. */
  apiPool?: ApiPool | null;
  /** Bytes of shared answers kept (response-cache.ts); with an API pool only. */
  responseCacheBytes?: number;
  /** The database file, for the import worker; without it imports run on the request thread. */
  databasePath?: string | null;
}

export interface AppServer {
  server: Server;
  /** Replaces the static client with another handler (the Vite dev middleware). */
  setClientHandler(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  hasClientBuild(): boolean;
  /** The uploads' import runner (its worker is stopped by `close`). */
  importRunner: ImportRunner;
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { message: reason, data: { httpStatus: status } } }));
}

/** One HTTP server: the tRPC API under /trpc, the client everywhere else; security headers on everything. */
export function createAppServer({
  db,
  clientDir,
  maxBodySize = 1_000_000,
  settings = DEFAULT_SETTINGS,
  trustProxy = false,
  isDev = false,
  maxImportBodySize,
  apiPool = null,
  responseCacheBytes = 256 * 1024 * 1024,
  databasePath = null,
}: AppServerOptions): AppServer {
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize,
    createContext: createContextFactory(db, settings, { trustProxy }),
    onError({ error, path }) {
      // The formatter hides internals from the client; the operator still needs them.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
    },
  });
  const apiHandler = createApiRoute({
    db,
    settings,
    trustProxy,
    maxBodySize,
    inProcess: trpcHandler,
    pool: apiPool,
    cache: apiPool ? createResponseCache({ maxBytes: responseCacheBytes }) : null,
  });
  const importRunner = createImportRunner({
    db,
    databasePath: databasePath === ':memory:' ? null : databasePath,
    onLongWrite: (isRunning) => apiPool?.setLongWriteRunning(isRunning),
  });
  const importHandler = createImportHandler({
    db,
    settings,
    runner: importRunner,
    maxBodySize: maxImportBodySize,
  });
  const attachmentHandler = createAttachmentHandler({ db, settings });
  const reportHandler = createReportHandler({
    db,
    settings,
    databasePath: databasePath === ':memory:' ? null : databasePath,
  });
  const statics = createStaticHandler(clientDir);
  let clientHandler = statics.handle;

  const server = createServer((req, res) => {
    setSecurityHeaders(res, { isDev });
    const url = req.url ?? '/';
    if (url === '/trpc' || url.startsWith('/trpc/') || url.startsWith('/trpc?')) {
      res.setHeader('Cache-Control', 'no-store');
      if (url.length > MAX_URL_LENGTH) return refuse(res, 414, 'request address too long');
      const refusal = refuseApiRequest(req, { maxBodySize });
      if (refusal) {
        // Drain nothing: the connection closes after the answer, so a large body is not read.
        res.setHeader('Connection', 'close');
        return refuse(res, refusal.status, refusal.reason);
      }
      apiHandler(req, res);
      return;
    }
    if (isImportPath(url)) {
      if (url.length > MAX_URL_LENGTH) return refuse(res, 414, 'request address too long');
      void importHandler(req, res);
      return;
    }
    if (isReportPath(url)) {
      if (url.length > MAX_URL_LENGTH) return refuse(res, 414, 'request address too long');
      void reportHandler(req, res);
      return;
    }
    if (isAttachmentPath(url)) {
      if (url.length > MAX_URL_LENGTH) return refuse(res, 414, 'request address too long');
      void attachmentHandler(req, res);
      return;
    }
    clientHandler(req, res);
  });
  server.requestTimeout = 60_000;
  // Idle keep-alive connections are closed after 65 s, not Node's 5 s: a client that reuses a
  // connection just as the server closes it gets a reset (seen in the e2e tests and under load).
  // Longer than common clients' and proxies' idle timeouts (60 s), so they close first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    server,
    setClientHandler(handler) {
      clientHandler = handler;
    },
    hasClientBuild: statics.hasBuild,
    importRunner,
  };
}
