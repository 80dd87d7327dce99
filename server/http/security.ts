/**
 * Request guards and response headers for every response of the app server.
 * Cross-site requests to the API are refused before tRPC parses anything: the session cookie is
 * SameSite=Strict already, and these checks also cover older browsers and non-cookie tricks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * No inline scripts and no eval. Styles allow 'unsafe-inline' because antd's CSS-in-JS writes
 * <style> elements at run time; inline styles cannot run code. Dev mode (Vite) needs an inline
 * preamble script and a websocket for hot reload.
 */
export function contentSecurityPolicy({ isDev = false }: { isDev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    isDev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    isDev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function setSecurityHeaders(res: ServerResponse, { isDev = false }: { isDev?: boolean } = {}): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy({ isDev }));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export type TRefusal = { status: 403 | 413; reason: string } | null;

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** An Origin that is not this host, or a browser saying the request is cross-site (shared by every API route). */
export function refuseCrossSite(req: IncomingMessage): TRefusal {
  const origin = req.headers.origin;
  if (origin !== undefined && (origin === 'null' || hostOf(origin) !== req.headers.host)) {
    return { status: 403, reason: 'cross-origin request refused' };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, reason: 'cross-site request refused' };
  }
  return null;
}

/**
 * Why an API request must be refused, or null. Refused: an Origin that is not this host, a browser
 * saying the request is cross-site (Sec-Fetch-Site), a mutation (POST) that is not JSON — a form or
 * `text/plain` POST is the classic CSRF shape, since it needs no CORS preflight — and a declared body
 * larger than the limit.
 */
export function refuseApiRequest(req: IncomingMessage, { maxBodySize }: { maxBodySize: number }): TRefusal {
  const crossSite = refuseCrossSite(req);
  if (crossSite) return crossSite;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type !== 'application/json') return { status: 403, reason: 'mutations must be application/json' };
  }
  const length = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(length) && length > maxBodySize)
    return { status: 413, reason: 'request body too large' };
  return null;
}

/** Longest accepted request line for /trpc (GET queries carry their input in the address). */
export const MAX_URL_LENGTH = 16_384;
