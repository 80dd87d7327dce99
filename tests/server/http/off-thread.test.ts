/**
 * Long work leaves the request thread (issue 9.5): while a large import runs (in the import worker) the
 * server keeps answering sign-in checks (request thread) and metrics (API workers), a second import is
 * refused with a clear message, and the import's numbers are exact the moment it answers. Assertions
 * are on the order of events and on conditions, never on fixed delays.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../server/context';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { writeDemoCsv } from '../../../server/demo';
import { createApiPool } from '../../../server/http/api-pool';
import type { AppServer } from '../../../server/http/app-server';
import { importPath } from '../../../server/import';
import type {
  TImportCommitResult,
  TImportPreviewResult,
  TImportProgressResult,
} from '../../../shared/schemas/import-upload';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestUser, sessionTokenFor } from '../../helpers/users';

const dir = mkdtempSync(join(tmpdir(), 'pbd-off-thread-'));
let db: Kysely<Database>;
let app: AppServer;
let base: string;
let cookie: string;
let activitiesCsv: Buffer;

beforeAll(async () => {
  // A college of 120 branches × 3 years: units, members and goals in the database, its ~12,000
  // sessions in the file an admin uploads.
  const csv = join(dir, 'csv');
  await writeDemoCsv(csv, { branches: 120, years: 3, seed: 7, today: '2026-11-20' });
  const base0 = join(dir, 'base');
  mkdirSync(base0);
  for (const name of ['组织.csv', '党员.csv', '目标.csv']) copyFileSync(join(csv, name), join(base0, name));
  activitiesCsv = readFileSync(join(csv, '组织生活.csv'));
  const databasePath = join(dir, 'app.db');
  db = await openDatabase({ url: databasePath });
  expect((await importPath(db, base0)).ok).toBe(true);
  const { user } = await createTestUser(db, { username: 'zhang', role: 'admin' });
  cookie = `pbd_session=${await sessionTokenFor(db, user.id)}`;
  const apiPool = createApiPool({ databasePath, settings: DEFAULT_SETTINGS, size: 2 });
  await apiPool.ready();
  ({ app, base } = await startTestApp({ db, apiPool, databasePath }));
});

afterAll(async () => {
  await closeTestApp(app);
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const headers = () => ({ cookie, origin: base, 'x-lang': 'zh' });

function upload(name: string, body: Buffer) {
  return fetch(`${base}/api/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  });
}

async function progress(): Promise<TImportProgressResult> {
  return (await (
    await fetch(`${base}/api/import/progress`, { headers: headers() })
  ).json()) as TImportProgressResult;
}

async function totalSessions2025(): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ period: '2025' }));
  const res = await fetch(`${base}/trpc/metrics.branches?input=${input}`, { headers: headers() });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { data: { total: { sessions: number } | null } } };
  return body.result.data.total?.sessions ?? 0;
}

describe('long work off the request thread', () => {
  // A preview and a commit of ~12,000 sessions, with other requests between: minutes on a busy machine.
  it('answers sign-in checks and metrics while an import runs, refuses a second import, then shows it', {
    timeout: 180_000,
  }, async () => {
    expect(await totalSessions2025()).toBe(0);
    const events: string[] = [];
    const first = upload('组织生活.csv', activitiesCsv).then(async (res) => {
      events.push('import answered');
      return { status: res.status, body: (await res.json()) as TImportPreviewResult };
    });
    // Wait for the condition (the import is running), not for a time.
    let running: TImportProgressResult['running'] = null;
    for (let tries = 0; tries < 10_000 && !running; tries++) running = (await progress()).running;
    expect(running).toMatchObject({ fileName: '组织生活.csv', isOwn: true });

    const second = await upload('again.csv', activitiesCsv);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toContain(
      '正在导入另一个文件',
    );

    const me = await fetch(`${base}/trpc/auth.me`, { headers: headers() });
    expect(me.status).toBe(200);
    events.push('auth.me answered');
    expect(await totalSessions2025()).toBe(0); // the import is all or nothing: not visible yet
    events.push('metrics answered');

    const done = await first;
    expect(done.status).toBe(200);
    expect(done.body.ok).toBe(true);
    expect(done.body.counts.activities.inserted).toBeGreaterThan(5000);
    expect(events).toEqual(['auth.me answered', 'metrics answered', 'import answered']);
    expect((await progress()).running).toBeNull();
    // The upload was a preview: nothing is written until it is confirmed.
    expect(await totalSessions2025()).toBe(0);
    const committed = await fetch(`${base}/api/import/commit`, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ previewId: done.body.previewId }),
    });
    expect(committed.status).toBe(200);
    expect(((await committed.json()) as TImportCommitResult).counts).toEqual(done.body.counts);

    // Exact at once: the roll-ups were refreshed in the import's own transaction.
    const expected = await db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('held_on', '>=', '2025-01-01')
      .where('held_on', '<=', '2025-12-31')
      .executeTakeFirstOrThrow();
    const dirty = await db.selectFrom('rollup_dirty').select('branch_id').execute();
    expect(dirty).toEqual([]);
    expect(await totalSessions2025()).toBe(Number(expected.n));
  });
});
