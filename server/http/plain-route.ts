/**
 * What the plain HTTP routes beside /trpc share (the import's, the attachments'): JSON answers and
 * refusals in the shape of the /trpc ones, a request body read up to a cap, the request's content type,
 * and the signed-in user of the session cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_COOKIE_NAME } from '../auth/config';
import { resolveSession } from '../auth/sessions';
import type { TAuthUser } from '../auth/types';
import type { TServerSettings } from '../context';
import type { DB } from '../db/database';
import { readCookie } from './cookies';
import { refuseCrossSite } from './security';

/** The refusals every plain route answers alike. */
export const PLAIN_ROUTE_MESSAGES = {
  unauthorized: { zh: '请先登录。', en: 'Please sign in.' },
  badType: {
    zh: '上传须以文件内容直接发送（application/octet-stream）。',
    en: 'Uploads must send the file itself (application/octet-stream).',
  },
  method: { zh: '不支持的请求方法。', en: 'Method not allowed.' },
} as const;

/**
 * The start every plain (non-tRPC) route shares: its answers are never cached, and a cross-site request
 * is refused here (answered, with the connection closed). False when it was refused.
 */
export function admitPlainRequest(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Cache-Control', 'no-store');
  const refusal = refuseCrossSite(req);
  if (!refusal) return true;
  res.setHeader('Connection', 'close');
  sendError(res, refusal.status, refusal.reason);
  return false;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, status: number, text: string): void {
  // The same shape as the /trpc refusals, so the client reads one kind of error.
  sendJson(res, status, { error: { message: text, data: { httpStatus: status } } });
}

/** Reads the body up to `limit` bytes; null when it is larger (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isOver = false;
    req.on('data', (chunk: Buffer) => {
      if (isOver) return;
      size += chunk.length;
      if (size > limit) {
        isOver = true;
        chunks.length = 0;
        done(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!isOver) done(Buffer.concat(chunks, size));
    });
    req.on('error', fail);
  });
}

/** The media type of the request body, lower case, without parameters ('' without one). */
export function contentTypeOf(req: IncomingMessage): string {
  return (
    String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? ''
  );
}

/** The user of the request's session cookie, or null (no cookie, or an ended session). */
export async function sessionUser(
  db: DB,
  settings: TServerSettings,
  req: IncomingMessage,
): Promise<TAuthUser | null> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
  if (!token) return null;
  const resolved = await resolveSession(db, token, { idleMinutes: settings.auth.sessionIdleMinutes });
  return resolved?.user ?? null;
}
