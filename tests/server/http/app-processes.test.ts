/**
 * Two app processes on one PostgreSQL database, as behind a load balancer (issue 13): a user signed in
 * through one is signed in on the other and signed out on both, and a write through one is in the very
 * next read through the other — whose memo had the old numbers (it follows the database's metrics
 * version, not its own writes). A runs its API in a worker thread, B on its request thread.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { type AppProcess, startApp } from '../../e2e/helpers/app-process';
import { setUpTestPostgres } from '../../helpers/postgres';
import { createTestUser } from '../../helpers/users';
import { MINI_DIR } from '../import/import-helpers';

const pg = setUpTestPostgres();
let db: Kysely<Database>;
let a: AppProcess | undefined;
let b: AppProcess | undefined;
let xz01: number;

beforeAll(async () => {
  const url = await pg.createDatabaseUrl();
  db = await openDatabase({ url });
  expect((await importPath(db, MINI_DIR)).ok).toBe(true);
  await createTestUser(db, { username: 'zhang', role: 'admin', password: 'zhang-password' });
  xz01 = (await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()).id;
  const env = { DATABASE_URL: url, DEMO: 'off', WARM_BEFORE_LISTEN_SECONDS: '0' };
  a = await startApp({ ...env, API_WORKERS: '1' }, 240_000);
  b = await startApp({ ...env, API_WORKERS: '0' }, 240_000);
}, 600_000);

afterAll(async () => {
  // Before the cluster stops (its afterAll was registered first, so it runs last).
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await db?.destroy();
}, 120_000);

async function mutate(app: AppProcess | undefined, path: string, input: unknown, cookie = '') {
  const res = await fetch(`${app?.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  return { res, body: (await res.json()) as { result?: { data: unknown } } };
}

async function query<T>(app: AppProcess | undefined, path: string, input: unknown, cookie: string) {
  const res = await fetch(`${app?.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie },
  });
  return {
    status: res.status,
    data: res.ok ? ((await res.json()) as { result: { data: T } }).result.data : null,
  };
}

async function signIn(app: AppProcess | undefined): Promise<string> {
  const { res } = await mutate(app, 'auth.login', { username: 'zhang', password: 'zhang-password' });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

type TBranches = { total: { sessions: number } | null };

describe('two app processes on one PostgreSQL database', { timeout: 120_000 }, () => {
  it('share sessions: signed in through A is signed in on B, signed out through B is out on A', async () => {
    const cookie = await signIn(a);
    expect(await query(b, 'auth.me', undefined, cookie)).toMatchObject({
      status: 200,
      data: { username: 'zhang' },
    });
    expect((await mutate(b, 'auth.logout', {}, cookie)).res.status).toBe(200);
    expect((await query(a, 'auth.me', undefined, cookie)).status).toBe(401);
  });

  it('serve a write through A in the next read through B', async () => {
    const cookie = await signIn(a);
    const before = await query<TBranches>(b, 'metrics.branches', { period: '2025' }, cookie);
    expect(before.status).toBe(200);
    const sessions = before.data?.total?.sessions ?? 0;
    expect(sessions).toBeGreaterThan(0);
    const written = await mutate(
      a,
      'records.createActivity',
      {
        branchId: xz01,
        heldOn: '2025-06-18',
        type: 'committee_meeting',
        title: '两进程核对',
        formats: ['discussion'],
        modules: ['spirit'],
        expected: 5,
        attended: 5,
        isIntegratedWithWork: false,
        isOathRenewed: false,
        isDuesCollected: false,
        isBySecretary: false,
        sharers: [],
        notes: null,
      },
      cookie,
    );
    expect(written.res.status).toBe(200);
    const after = await query<TBranches>(b, 'metrics.branches', { period: '2025' }, cookie);
    expect(after.data?.total?.sessions).toBe(sessions + 1);
    // And A's worker, which computed nothing yet, agrees.
    expect((await query<TBranches>(a, 'metrics.branches', { period: '2025' }, cookie)).data).toEqual(
      after.data,
    );
  });
});
