/**
 * The review report over real HTTP (server/http/report-route.ts) on the mini fixture: a job started,
 * polled to done and downloaded with its name; bad input answered in the caller's language; a secretary
 * refused another branch's report; another user cannot see or download the job. The database is a file,
 * as the server's: each job runs in a report worker thread of its own (report-job.ts), off the request
 * thread, which keeps answering while it draws.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE_NAME } from '../../../server/auth/config';
import { DEFAULT_SETTINGS } from '../../../server/context';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { importPath } from '../../../server/import';
import {
  REPORT_FILE_PATH,
  REPORT_PROGRESS_PATH,
  REPORT_START_PATH,
  type TReportJobProgress,
} from '../../../shared/schemas/report';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestUser, sessionTokenFor } from '../../helpers/users';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));

let db: Kysely<Database>;
let app: AppServer | undefined;
let base: string;
const cookie: Record<'leader' | 'secretary', string> = { leader: '', secretary: '' };

const dir = mkdtempSync(join(tmpdir(), 'pbd-report-http-'));

beforeAll(async () => {
  const databasePath = join(dir, 'app.db');
  db = await openDatabase({ url: databasePath });
  expect((await importPath(db, fixture)).ok).toBe(true);
  const xz01 = await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow();
  const leader = await createTestUser(db, { username: 'report-leader', role: 'leader' });
  const secretary = await createTestUser(db, {
    username: 'report-sec',
    role: 'secretary',
    branchId: xz01.id,
  });
  cookie.leader = `${SESSION_COOKIE_NAME}=${await sessionTokenFor(db, leader.user.id)}`;
  cookie.secretary = `${SESSION_COOKIE_NAME}=${await sessionTokenFor(db, secretary.user.id)}`;
  ({ app, base } = await startTestApp({ db, settings: DEFAULT_SETTINGS, databasePath }));
}, 60_000);

afterAll(async () => {
  await closeTestApp(app);
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const start = (who: keyof typeof cookie, body: unknown, lang = 'zh') =>
  fetch(`${base}${REPORT_START_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie[who], 'X-Lang': lang },
    body: JSON.stringify(body),
  });

async function finished(who: keyof typeof cookie, id: string): Promise<TReportJobProgress> {
  const deadline = Date.now() + 100_000;
  for (;;) {
    const progress = (await (
      await fetch(`${base}${REPORT_PROGRESS_PATH}?id=${id}`, { headers: { Cookie: cookie[who] } })
    ).json()) as TReportJobProgress;
    if (progress.status !== 'running') return progress;
    if (Date.now() > deadline) throw new Error(`report ${id} still running: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('/api/report', () => {
  it('starts a college report, reports progress and serves the file under its title', async () => {
    const started = await start('leader', { period: '2025', format: 'pdf' });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as TReportJobProgress;
    const done = await finished('leader', id);
    expect(done).toMatchObject({
      status: 'done',
      done: 5,
      total: 5,
      fileName: '学校党委2025年党建工作评议报告.pdf',
    });
    const file = await fetch(`${base}${REPORT_FILE_PATH}?id=${id}`, { headers: { Cookie: cookie.leader } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain(
      encodeURIComponent('学校党委2025年党建工作评议报告.pdf'),
    );
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // Someone else's job is not there for the secretary.
    const other = await fetch(`${base}${REPORT_FILE_PATH}?id=${id}`, {
      headers: { Cookie: cookie.secretary },
    });
    expect(other.status).toBe(404);
  }, 120_000);

  it('answers bad input and refusals in the caller language, with nothing to download', async () => {
    const badFormat = await start('leader', { period: '2025', format: 'odt' });
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { message: string } }).error.message).toContain(
      '报告请求无效',
    );
    const badPeriod = await start('leader', { period: '2025-13', format: 'pdf' }, 'en');
    expect(badPeriod.status).toBe(400);
    const anonymous = await fetch(`${base}${REPORT_START_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ period: '2025', format: 'pdf' }),
    });
    expect(anonymous.status).toBe(401);

    const refused = await start('secretary', { period: '2025', format: 'docx', branch: 'XS002' });
    expect(refused.status).toBe(202);
    const { id } = (await refused.json()) as TReportJobProgress;
    expect(await finished('secretary', id)).toMatchObject({
      status: 'failed',
      message: '支部书记只能生成本支部的报告。',
    });
    const file = await fetch(`${base}${REPORT_FILE_PATH}?id=${id}`, {
      headers: { Cookie: cookie.secretary },
    });
    expect(file.status).toBe(404);
  }, 120_000);
});
