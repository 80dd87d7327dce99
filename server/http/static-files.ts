import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.ttf']);

interface CachedFile {
  body: Buffer;
  gzipped: Buffer | null;
  contentType: string;
  etag: string;
}

/**
 * Serves the built client from `dir`. A build never changes under a running server, so files are read
 * and gzipped once and kept in memory. Hashed files under /assets/ are cached for a year; index.html is
 * revalidated on every load so a new build is picked up. Paths without a file extension fall back to
 * index.html (client-side routes); a missing asset is a real 404.
 */
export function createStaticHandler(dir: string) {
  const root = resolve(dir);
  const cache = new Map<string, CachedFile | null>();

  function load(relativePath: string): CachedFile | null {
    if (cache.has(relativePath)) return cache.get(relativePath) ?? null;
    const full = normalize(join(root, relativePath));
    let file: CachedFile | null = null;
    if ((full === root || full.startsWith(root + sep)) && existsSync(full) && statSync(full).isFile()) {
      const ext = extname(full).toLowerCase();
      const body = readFileSync(full);
      file = {
        body,
        gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
        contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      };
    }
    cache.set(relativePath, file);
    return file;
  }

  function send(req: IncomingMessage, res: ServerResponse, file: CachedFile, cacheControl: string) {
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', file.etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === file.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = file.gzipped && acceptsGzip ? file.gzipped : file.body;
    if (body === file.gzipped) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const hasBuild = () => existsSync(join(root, 'index.html'));

  return {
    hasBuild,
    handle(req: IncomingMessage, res: ServerResponse): void {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      const asset = pathname !== '/' ? load(pathname) : null;
      if (asset) {
        const isHashed = pathname.startsWith('/assets/');
        send(req, res, asset, isHashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
        return;
      }
      if (extname(pathname) && pathname !== '/index.html') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const index = load('/index.html');
      if (!index) {
        res
          .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('前端尚未构建，请运行 npm run build / The client is not built: run npm run build');
        return;
      }
      send(req, res, index, 'no-cache');
    },
  };
}
