import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createContextFactory } from '../context';
import type { DB } from '../db/database';
import { appRouter } from '../routers/_app';
import { createStaticHandler } from './static-files';

export interface AppServerOptions {
  db: DB;
  /** The built client (vite build output). */
  clientDir: string;
  /** Largest accepted tRPC request body in bytes. */
  maxBodySize?: number;
}

export interface AppServer {
  server: Server;
  /** Replaces the static client with another handler (the Vite dev middleware). */
  setClientHandler(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  hasClientBuild(): boolean;
}

/** One HTTP server: the tRPC API under /trpc, the client everywhere else. */
export function createAppServer({ db, clientDir, maxBodySize = 1_000_000 }: AppServerOptions): AppServer {
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize,
    createContext: createContextFactory(db),
    onError({ error, path }) {
      // The formatter hides internals from the client; the operator still needs them.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
    },
  });
  const statics = createStaticHandler(clientDir);
  let clientHandler = statics.handle;

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/trpc' || url.startsWith('/trpc/') || url.startsWith('/trpc?')) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      trpcHandler(req, res);
      return;
    }
    clientHandler(req, res);
  });

  return {
    server,
    setClientHandler(handler) {
      clientHandler = handler;
    },
    hasClientBuild: statics.hasBuild,
  };
}
