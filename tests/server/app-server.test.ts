import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../server/db/database';
import { type AppServer, createAppServer } from '../../server/http/app-server';
import { createTestDb } from '../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../helpers/users';

const clientDir = mkdtempSync(join(tmpdir(), 'pbd-client-'));
const BIG_SCRIPT = `console.log(${JSON.stringify('党建'.repeat(2000))});`;

async function start(app: AppServer): Promise<string> {
  await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((done, fail) => {
    request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    })
      .on('error', fail)
      .end();
  });
}

let db: DB;
let app: AppServer;
let base: string;
/** The API needs a session: a leader's cookie. */
let cookie: { cookie: string };

beforeAll(async () => {
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>t</title><div id="root"></div>');
  writeFileSync(join(clientDir, 'assets', 'index-abc123.js'), BIG_SCRIPT);
  db = await createTestDb();
  await db
    .insertInto('units')
    .values({
      code: 'B1',
      name: '第一党支部',
      kind: 'branch',
      category: 'admin',
      established_on: '2020-01-01',
      has_groups: 0,
    })
    .execute();
  const { user } = await createTestUser(db, { username: 'leader', role: 'leader' });
  cookie = { cookie: `pbd_session=${await sessionTokenFor(db, user.id)}` };
  app = createAppServer({ db, clientDir, maxBodySize: 10_000 });
  base = await start(app);
});

afterAll(async () => {
  await new Promise((done) => app.server.close(done));
  await db.destroy();
});

describe('the tRPC API under /trpc', () => {
  it('answers branches.list as plain JSON', async () => {
    const res = await fetch(`${base}/trpc/branches.list`, { headers: cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { result: { data: { code: string; name: string }[] } };
    expect(body.result.data.map((b) => [b.code, b.name])).toEqual([['B1', '第一党支部']]);
  });

  it('reports bad input as 400 with zod issues, in the requested language', async () => {
    const input = encodeURIComponent(JSON.stringify({ today: '2025-13-01' }));
    const zh = await fetch(`${base}/trpc/branches.list?input=${input}`, { headers: cookie });
    expect(zh.status).toBe(400);
    const zhBody = (await zh.json()) as { error: { message: string; data: Record<string, unknown> } };
    // A date's message says what it is about: no API field name in what the user reads.
    expect(zhBody.error.message).toMatch(/^输入有误: 日期须为 1990-01-01 至 2100-12-31 之间的有效日期/);
    expect(zhBody.error.data.zodIssues).toEqual([{ path: ['today'], message: expect.any(String) }]);
    expect(zhBody.error.data).not.toHaveProperty('stack');

    const en = await fetch(`${base}/trpc/branches.list?input=${input}`, {
      headers: { 'x-lang': 'en', ...cookie },
    });
    expect(((await en.json()) as { error: { message: string } }).error.message).toMatch(
      /^Invalid input: dates must be valid days/,
    );
  });

  it('hides internals of a server failure (no SQL, no stack)', async () => {
    const brokenDb = await createTestDb();
    await brokenDb.destroy();
    const broken = createAppServer({ db: brokenDb, clientDir });
    const brokenBase = await start(broken);
    const originalError = console.error;
    console.error = () => {}; // the server logs the cause for the operator; keep the test output clean
    try {
      // The cookie makes the context resolve the session: the closed database fails right there.
      const res = await fetch(`${brokenBase}/trpc/branches.list`, { headers: cookie });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text).error.message).toBe('服务器内部错误，请稍后重试');
      expect(text).not.toMatch(/select|units|stack|\.ts:|driver/i);
    } finally {
      console.error = originalError;
      await new Promise((done) => broken.server.close(done));
    }
  });
});

describe('the built client', () => {
  it('serves hashed assets gzipped, typed and cached for a year', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch decodes gzip itself; the raw length proves it was compressed on the wire.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(Number(res.headers.get('content-length'))).toBeLessThan(Buffer.byteLength(BIG_SCRIPT) / 5);
    expect(await res.text()).toBe(BIG_SCRIPT);
  });

  it('answers a matching ETag with 304', async () => {
    const first = await fetch(`${base}/assets/index-abc123.js`);
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${base}/assets/index-abc123.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('falls back to index.html for client routes, never cached', async () => {
    for (const path of ['/', '/data', '/branch/XZ01?sort=name']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('answers 404 for a missing asset and never leaves the client folder', async () => {
    expect((await fetch(`${base}/assets/missing-123.js`)).status).toBe(404);
    // Raw requests: fetch would normalise the dot segments away before they reach the server.
    for (const path of [
      '/../package.json',
      '/..%2f..%2fpackage.json',
      '/assets/..%2f..%2f..%2f..%2fpackage.json',
    ]) {
      const { status, body } = await rawGet(base, path);
      expect(status, path).toBe(404);
      expect(body).not.toMatch(/"dependencies"|root:/);
    }
  });

  it('says the client is not built instead of failing silently', async () => {
    const empty = createAppServer({ db, clientDir: mkdtempSync(join(tmpdir(), 'pbd-empty-')) });
    const emptyBase = await start(empty);
    try {
      const res = await fetch(`${emptyBase}/data`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await new Promise((done) => empty.server.close(done));
    }
  });
});
