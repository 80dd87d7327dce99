/**
 * Shared answers (server/http/response-cache.ts) through the API worker pool: one computed answer per
 * call × role × branch × data version. A secretary never gets the admin's answer for the same address,
 * and a write through another connection is in the very next answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../server/context';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { createApiPool } from '../../../server/http/api-pool';
import type { AppServer } from '../../../server/http/app-server';
import { importPath } from '../../../server/import';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
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
  pool = createApiPool({ databasePath, settings: DEFAULT_SETTINGS, size: 2 });
  await pool.ready();
  ({ app, base } = await startTestApp({ db, apiPool: pool, databasePath }));
});

afterAll(async () => {
  await closeTestApp(app);
  await pool?.close();
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

  it('are one answer for both languages, while an error speaks each caller’s, even when asked at once', async () => {
    const ask = async (lang: 'zh' | 'en', period: string) => {
      const input = encodeURIComponent(JSON.stringify({ period }));
      const res = await fetch(`${base}/trpc/overview.kpis?input=${input}`, {
        headers: { cookie: cookies.admin, 'x-lang': lang },
      });
      return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
    };
    const [zh, en] = await Promise.all([ask('zh', '2025'), ask('en', '2025')]);
    expect(zh.status).toBe(200);
    expect(en).toEqual(zh);
    // The same bad address from both languages at the same moment: each its own message.
    for (let round = 0; round < 3; round++) {
      const [zhError, enError] = await Promise.all([ask('zh', `99${round}9`), ask('en', `99${round}9`)]);
      expect(zhError.status).toBe(400);
      expect(enError.status).toBe(400);
      expect(zhError.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
      expect(enError.body.error?.message).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers a page batch call by call, exactly as tRPC would, with 207 when one call fails', async () => {
    const get = async (path: string, input: unknown) => {
      const url = `${base}/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
      const res = await fetch(url, { headers: { cookie: cookies.secretary, 'accept-encoding': 'gzip' } });
      return { status: res.status, body: (await res.json()) as unknown[] };
    };
    const single = async (path: string, input: unknown) => {
      const url = `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
      return (await (await fetch(url, { headers: { cookie: cookies.secretary } })).json()) as unknown;
    };
    const period = { period: '2025' };
    const batch = await get('metrics.branches,overview.kpis,overview.dueSoon', {
      0: period,
      1: period,
      2: { limit: 5 },
    });
    expect(batch.status).toBe(200);
    expect(batch.body).toEqual([
      await single('metrics.branches', period),
      await single('overview.kpis', period),
      await single('overview.dueSoon', { limit: 5 }),
    ]);
    const mixed = await get('overview.kpis,overview.trend', { 0: period, 1: { period: '9999' } });
    expect(mixed.status).toBe(207);
    expect(mixed.body[0]).toEqual(await single('overview.kpis', period));
    expect(mixed.body[1]).toMatchObject({ error: { data: { httpStatus: 400 } } });
    // A query shared by role inside a batch, and one the caller may not make (another branch's records).
    const other = (
      await db.selectFrom('units').select('id').where('code', '=', 'JG001').executeTakeFirstOrThrow()
    ).id;
    const refused = await get('goals.weights,records.activities', {
      0: { year: 2025 },
      1: { branchId: other, period: '2025' },
    });
    expect(refused.status).toBe(207);
    expect(refused.body[0]).toEqual(await single('goals.weights', { year: 2025 }));
    expect(refused.body[1]).toMatchObject({ error: { data: { httpStatus: 403 } } });
  });
});
