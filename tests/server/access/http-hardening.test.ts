/**
 * The HTTP guards: cross-site requests refused with 403 before any procedure runs, mutations only as
 * JSON, body size limit (413), security headers on every response, no internals in error bodies.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { type AppServer, createAppServer } from '../../../server/http/app-server';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { dumpDatabase } from './access-fixture';

let db: Kysely<Database>;
let app: AppServer;
let base: string;
let host: string;

beforeAll(async () => {
  db = await createTestDb();
  await createTestUser(db, { username: 'zhang', role: 'admin', password: 'zhang-password' });
  const clientDir = mkdtempSync(join(tmpdir(), 'pbd-client-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(clientDir, 'assets', 'app-1.js'), 'console.log(1)');
  app = createAppServer({ db, clientDir, maxBodySize: 10_000 });
  await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', done));
  host = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});

afterAll(async () => {
  await new Promise((done) => app.server.close(done));
  await db.destroy();
});

const LOGIN = JSON.stringify({ username: 'zhang', password: 'zhang-password' });

function login(headers: Record<string, string>, body = LOGIN) {
  return fetch(`${base}/trpc/auth.login`, { method: 'POST', headers, body });
}

describe('cross-origin requests to /trpc', () => {
  it('are refused with 403 before the procedure runs (no login attempt recorded, no cookie)', async () => {
    const before = await dumpDatabase(db);
    const refusedHeaders: Record<string, string>[] = [
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      { 'content-type': 'application/json', origin: 'null' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
      // The classic CSRF shapes: a form post and text/plain need no preflight.
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'text/plain' },
      {},
    ];
    for (const headers of refusedHeaders) {
      const res = await login(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('lets same-origin JSON requests through', async () => {
    const res = await login({
      'content-type': 'application/json',
      origin: base,
      'sec-fetch-site': 'same-origin',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('pbd_session=');
  });

  it('refuses a cross-origin GET query too', async () => {
    const res = await fetch(`${base}/trpc/auth.loginOptions`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('request size', () => {
  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ username: 'zhang', password: 'x'.repeat(20_000) });
    const declared = await login({ 'content-type': 'application/json' }, big);
    expect(declared.status).toBe(413);
    // Chunked (no Content-Length): tRPC's reader stops at the limit.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});

describe('security headers', () => {
  it('are on API answers, pages, assets and errors', async () => {
    for (const path of [
      '/trpc/auth.loginOptions',
      '/trpc/auth.me',
      '/',
      '/data',
      '/assets/app-1.js',
      '/assets/missing.js',
    ]) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });
});

describe('error bodies', () => {
  it('carry no stack traces or SQL (bad JSON, unknown procedure, bad input)', async () => {
    const answers = [
      await login({ 'content-type': 'application/json' }, '{"username":'),
      await fetch(`${base}/trpc/nope.nothing`),
      await login({ 'content-type': 'application/json' }, JSON.stringify({ username: 7 })),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      const text = await res.text();
      expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|select |sqlite|"stack"/i);
    }
  });
});
