/** The session cookie: read from the Cookie header, written as httpOnly + SameSite=Strict (+ Secure on https). */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE_NAME } from '../auth/config';

/** The value of one cookie, or null. Malformed percent-escapes count as absent. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** https directly, or behind a proxy that says so (only ever adds the Secure flag). */
export function isHttpsRequest(req: IncomingMessage): boolean {
  const socket = req.socket as { encrypted?: boolean };
  return socket.encrypted === true || req.headers['x-forwarded-proto'] === 'https';
}

/**
 * A browser-session cookie (no Max-Age): the server ends the session after inactivity, the browser
 * drops the cookie when it closes. SameSite=Strict keeps it off every cross-site request.
 */
export function sessionCookie(token: string, { isSecure }: { isSecure: boolean }): string {
  return [
    `${SESSION_COOKIE_NAME}=${encodeURIComponent(token)}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    ...(isSecure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie({ isSecure }: { isSecure: boolean }): string {
  return [
    `${SESSION_COOKIE_NAME}=`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    'Max-Age=0',
    ...(isSecure ? ['Secure'] : []),
  ].join('; ');
}
