/**
 * Shared answers (server/http/response-cache.ts) through the API worker pool: one computed answer per
 * call × role × branch × data version. A secretary never gets the admin's answer for the same address,
 * and a write through another connection is in the very next answer.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../server/context';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { createApiPool } from '../../../server/http/api-pool';
import { type AppServer, createAppServer } from '../../../server/http/app-server';
import { importPath } from '../../../server/import';
import { createTestUser, sessionTokenFor } from '../../helpers/users';
import { addActivity } from '../metrics/seed';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pbd-shared-'));
let db: Kysely<Database>;
let app: AppServer;
let base: string;
let pool: ReturnType<typeof createApiPool>;
const cookies = { admin: '', secretary: '' };
let xz01: number;

beforeAll(async () => {
  const databasePath = join(dir, 'app.db');
  db = await openDatabase({ url: databasePath });
  expect((await importPath(db, fixture)).ok).toBe(true);
  xz01 = (await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()).id;
  const admin = await createTestUser(db, { username: 'zhang', role: 'admin' });
  const secretary = await createTestUser(db, { username: 'li', role: 'secretary', branchId: xz01 });
  cookies.admin = `pbd_session=${await sessionTokenFor(db, admin.user.id)}`;
  cookies.secretary = `pbd_session=${await sessionTokenFor(db, secretary.user.id)}`;
  const clientDir = join(dir, 'client');
  mkdirSync(clientDir);
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
  pool = createApiPool({ databasePath, settings: DEFAULT_SETTINGS, size: 2 });
  await pool.ready();
  app = createAppServer({ db, clientDir, apiPool: pool, databasePath });
  await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => app?.server.close(done));
  await pool?.close();
  await app?.importRunner.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

type TBranches = {
  rows: { branch: { code: string } }[];
  restricted: unknown[];
  total: { sessions: number } | null;
};

async function branches(who: keyof typeof cookies): Promise<{ body: TBranches; encoding: string | null }> {
  const input = encodeURIComponent(JSON.stringify({ period: '2025' }));
  const res = await fetch(`${base}/trpc/metrics.branches?input=${input}`, {
    headers: { cookie: cookies[who], 'accept-encoding': 'gzip' },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { data: TBranches } };
  return { body: body.result.data, encoding: res.headers.get('content-encoding') };
}

describe('shared answers', () => {
  it('are kept per role and branch, and follow every write', async () => {
    const asAdmin = await branches('admin');
    const asSecretary = await branches('secretary');
    // The same address, two roles: the secretary's own answer (own branch in full, others restricted).
    expect(asAdmin.body.rows.length).toBeGreaterThan(1);
    expect(asAdmin.body.restricted).toEqual([]);
    expect(asSecretary.body.rows.map((r) => r.branch.code)).toEqual(['XZ01']);
    expect(asSecretary.body.restricted.length).toBe(asAdmin.body.rows.length - 1);
    // Asked again: the same answers (served from the cache), still per role.
    expect((await branches('secretary')).body).toEqual(asSecretary.body);
    expect((await branches('admin')).body).toEqual(asAdmin.body);
    expect(asAdmin.encoding).toBe('gzip');

    // A write through another connection is in the next answer.
    await addActivity(db, xz01, '2025-06-18', 'committee_meeting');
    const after = await branches('admin');
    expect(after.body.total?.sessions).toBe((asAdmin.body.total?.sessions ?? 0) + 1);
  });
});
