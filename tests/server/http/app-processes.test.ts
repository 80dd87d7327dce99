/**
 * Two app processes on one PostgreSQL database, as behind a load balancer (issue 13): a user signed in
 * through one is signed in on the other and signed out on both, and a write through one is in the very
 * next read through the other — whose memo had the old numbers (it follows the database's metrics
 * version, not its own writes). A runs its API in a worker thread, B on its request thread. Both keep
 * evidence files in one shared ATTACHMENTS_DIR: a file uploaded through A downloads through B, and a row
 * whose file is missing from the folder is a 404 that says so (as text to a browser), not a 500.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { type AppProcess, startApp } from '../../e2e/helpers/app-process';
import { setUpTestPostgres } from '../../helpers/postgres';
import { createTestUser } from '../../helpers/users';
import { pngFile } from '../attachments/evidence-files';
import { MINI_DIR } from '../import/import-helpers';

const pg = setUpTestPostgres();
let db: Kysely<Database>;
let a: AppProcess | undefined;
let b: AppProcess | undefined;
let xz01: number;
let attachmentsDir: string;

beforeAll(async () => {
  const url = await pg.createDatabaseUrl();
  db = await openDatabase({ url });
  expect((await importPath(db, MINI_DIR)).ok).toBe(true);
  await createTestUser(db, { username: 'zhang', role: 'admin', password: 'zhang-password' });
  xz01 = (await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()).id;
  attachmentsDir = mkdtempSync(join(tmpdir(), 'pbd-shared-attachments-'));
  const env = {
    DATABASE_URL: url,
    DEMO: 'off',
    WARM_BEFORE_LISTEN_SECONDS: '0',
    ATTACHMENTS_DIR: attachmentsDir,
  };
  a = await startApp({ ...env, API_WORKERS: '1' }, 240_000);
  b = await startApp({ ...env, API_WORKERS: '0' }, 240_000);
}, 600_000);

afterAll(async () => {
  // Before the cluster stops (its afterAll was registered first, so it runs last).
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await db?.destroy();
  if (attachmentsDir) rmSync(attachmentsDir, { recursive: true, force: true });
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

describe('two app processes sharing one ATTACHMENTS_DIR', { timeout: 120_000 }, () => {
  async function uploadThroughA(cookie: string, name: string, bytes: Buffer) {
    const activity = await db
      .selectFrom('activities')
      .select('id')
      .where('branch_id', '=', xz01)
      .executeTakeFirstOrThrow();
    const res = await fetch(
      `${a?.url}/api/attachments?kind=activity&recordId=${activity.id}&name=${encodeURIComponent(name)}`,
      {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      },
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; sha256: string };
  }

  it('serve a file uploaded through A when it is downloaded through B', async () => {
    const cookie = await signIn(a);
    const photo = pngFile(80, 60);
    const { id } = await uploadThroughA(cookie, '支部活动照片.png', photo);
    const res = await fetch(`${b?.url}/api/attachments/${id}?download=1`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('say that the file is missing from the folder when its row is there (404, not 500)', async () => {
    const cookie = await signIn(a);
    const { id } = await uploadThroughA(cookie, '签到表.png', pngFile(40, 30, '#2980b9'));
    const row = await db
      .selectFrom('attachments')
      .select('stored_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(readdirSync(attachmentsDir)).toContain(row.stored_name);
    rmSync(join(attachmentsDir, row.stored_name));

    const asJson = await fetch(`${b?.url}/api/attachments/${id}`, { headers: { cookie, 'x-lang': 'en' } });
    expect(asJson.status).toBe(404);
    expect(((await asJson.json()) as { error: { message: string } }).error.message).toBe(
      "The attachment is recorded but its file is not in this server's attachments folder; tell an administrator.",
    );
    // A browser that opened the download link reads the message itself, not a JSON document.
    const asPage = await fetch(`${b?.url}/api/attachments/${id}?download=1`, {
      headers: { cookie, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(asPage.status).toBe(404);
    expect(asPage.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await asPage.text()).toBe('附件记录还在，但本服务器的附件目录中没有这个文件，请联系管理员。');
    expect(b?.output()).toContain(
      `file ${row.stored_name} of attachment #${id} missing from ATTACHMENTS_DIR`,
    );
  });
});
