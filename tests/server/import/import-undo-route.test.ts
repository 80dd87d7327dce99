/**
 * The import API after the upload, over real HTTP: confirming a preview (only its uploader, refused
 * once the data changed), the history (admin: all, secretary: her own, leader: none) and undo (refused
 * with the reason in the caller's language when a later import touched the same rows), and a
 * secretary's uploads limited to her own branch.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { importPath } from '../../../server/import';
import type {
  TImportCommitResult,
  TImportHistoryResult,
  TImportPreviewResult,
  TImportUndoResult,
} from '../../../shared/schemas/import-upload';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../../helpers/users';
import { dumpDatabase, editLine, MINI_DIR, miniCsv, setField } from './import-helpers';

type TWho = 'admin' | 'leader' | 'secretary' | 'otherSecretary';
let db: Kysely<Database>;
let app: AppServer;
let base: string;
const cookies = {} as Record<TWho, string>;

beforeAll(async () => {
  db = await createTestDb();
  expect((await importPath(db, MINI_DIR)).ok).toBe(true);
  const branch = async (code: string) =>
    (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const accounts: [TWho, 'admin' | 'leader' | 'secretary', number | null][] = [
    ['admin', 'admin', null],
    ['leader', 'leader', null],
    ['secretary', 'secretary', await branch('XZ01')],
    ['otherSecretary', 'secretary', await branch('JG001')],
  ];
  for (const [who, role, branchId] of accounts) {
    const { user } = await createTestUser(db, { username: `undo-${who}`, role, branchId });
    cookies[who] = `pbd_session=${await sessionTokenFor(db, user.id)}`;
  }
  ({ app, base } = await startTestApp({ db }));
});

afterAll(async () => {
  await closeTestApp(app);
  await db.destroy();
});

/** Uploads a CSV; a name that does not say the sheet gives it as `sheet` (the page's 工作表 list). */
async function upload(
  who: TWho,
  text: string,
  name: string,
  { lang = 'zh', sheet }: { lang?: string; sheet?: string } = {},
): Promise<TImportPreviewResult> {
  const query = sheet ? `&sheet=${encodeURIComponent(sheet)}` : '';
  const res = await fetch(`${base}/api/import?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', cookie: cookies[who], 'x-lang': lang },
    body: text,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as TImportPreviewResult;
}

function post(who: TWho, path: string, body: unknown, lang = 'zh'): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies[who], 'x-lang': lang },
    body: JSON.stringify(body),
  });
}

async function commit(who: TWho, previewId: string | null): Promise<TImportCommitResult> {
  const res = await post(who, '/api/import/commit', { previewId });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as TImportCommitResult;
}

async function history(who: TWho): Promise<{ status: number; body: TImportHistoryResult }> {
  const res = await fetch(`${base}/api/import/history?limit=50`, { headers: { cookie: cookies[who] } });
  return { status: res.status, body: (await res.json()) as TImportHistoryResult };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

/** The activities sheet with XZ01's first session's attendance set, and optionally one JG001 row. */
function activities(attended: number, withOtherBranch = false): string {
  const lines = miniCsv('组织生活.csv').trim().split('\n');
  const own = lines.filter((l, i) => i === 0 || l.startsWith('XZ01,'));
  own[1] = setField(own[1] as string, 7, String(attended));
  const other = lines.find((l) => l.startsWith('JG001,')) as string;
  return [...own, ...(withOtherBranch ? [other] : [])].join('\n');
}

/** The goals sheet with the college attendance-rate goal set. */
function goals(target: string): string {
  return editLine(miniCsv('目标.csv'), 3, (l) => setField(l, 3, target));
}

describe('a secretary’s import', () => {
  it('lists rows of another branch as problems (sheet, row, column, value, reason), and writes nothing', async () => {
    const before = await dumpDatabase(db, { except: ['sessions'] });
    const preview = await upload('secretary', activities(12, true), '组织生活.csv');
    expect(preview.ok).toBe(false);
    expect(preview.previewId).toBeNull();
    expect(preview.errors).toEqual([
      expect.objectContaining({
        sheet: '组织生活',
        row: 35,
        column: '支部编号',
        value: 'JG001',
        reason: expect.stringContaining('不是本支部（XZ01）'),
      }),
    ]);
    const units = await upload('secretary', miniCsv('组织.csv'), '组织.csv', { lang: 'en' });
    expect(units.errors.length).toBe(14);
    expect(units.errors[0]?.reason).toContain('may import only members, activities and achievements');
    expect(await dumpDatabase(db, { except: ['sessions'] })).toBe(before);
  });

  it('of her own rows is confirmed, listed in her history only, and undone by her', async () => {
    const preview = await upload('secretary', activities(12), '本支部组织生活.csv', { sheet: '组织生活' });
    expect(preview.errors).toEqual([]);
    expect(preview.counts.activities).toMatchObject({ updated: 1, inserted: 0 });
    // A preview is its uploader's: nobody else confirms it.
    const foreign = await post('admin', '/api/import/commit', { previewId: preview.previewId });
    expect(foreign.status).toBe(404);
    const done = await commit('secretary', preview.previewId);
    expect(done.importId).toEqual(expect.any(Number));

    const own = await history('secretary');
    expect(own.body.rows.map((r) => r.fileName)).toEqual(['本支部组织生活.csv']);
    expect((await history('otherSecretary')).body.rows).toEqual([]);
    expect((await history('admin')).body.rows.map((r) => r.fileName)).toContain('本支部组织生活.csv');
    expect((await history('leader')).status).toBe(403);

    // Another secretary may not undo it; she may.
    expect((await post('otherSecretary', '/api/import/undo', { importId: done.importId })).status).toBe(403);
    const res = await post('secretary', '/api/import/undo', { importId: done.importId });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TImportUndoResult).restored.activities).toBe(1);
    const first = await db
      .selectFrom('activities as a')
      .innerJoin('units as b', 'b.id', 'a.branch_id')
      .select('a.attended')
      .where('b.code', '=', 'XZ01')
      .where('a.title', '=', '2025年1月主题党日：学习党史')
      .executeTakeFirstOrThrow();
    expect(first.attended).toBe(15);
  });
});

describe('confirm and undo', () => {
  it('refuses to confirm a preview once someone else changed the data (409, nothing written)', async () => {
    const preview = await upload('admin', goals('0.8'), '目标.csv');
    expect(preview.previewId).not.toBeNull();
    // Meanwhile the secretary imports her own change.
    const theirs = await upload('secretary', activities(11), '组织生活.csv');
    await commit('secretary', theirs.previewId);
    const before = await dumpDatabase(db, { except: ['sessions'] });
    const res = await post('admin', '/api/import/commit', { previewId: preview.previewId }, 'en');
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toContain('The data changed after the preview');
    expect(await dumpDatabase(db, { except: ['sessions'] })).toBe(before);
  });

  it('refuses an undo a later import stands on (409, the row and who), then undoes both in order', async () => {
    const first = await commit(
      'admin',
      (await upload('admin', goals('0.85'), '目标-1.csv', { sheet: '目标' })).previewId,
    );
    const second = await commit(
      'admin',
      (await upload('admin', goals('0.87'), '目标-2.csv', { sheet: '目标' })).previewId,
    );
    const before = await dumpDatabase(db, { except: ['sessions'] });

    const zh = await post('admin', '/api/import/undo', { importId: first.importId });
    expect(zh.status).toBe(409);
    const reason = await errorOf(zh);
    expect(reason).toContain('目标「2025 · 全部 · 出勤率」在本次导入之后已被 undo-admin 于');
    expect(reason).toContain('无法撤销导入「目标-1.csv」');
    const en = await post('admin', '/api/import/undo', { importId: first.importId }, 'en');
    expect(await errorOf(en)).toContain('Cannot undo the import of "目标-1.csv"');
    expect(await dumpDatabase(db, { except: ['sessions'] })).toBe(before);

    expect((await post('admin', '/api/import/undo', { importId: second.importId })).status).toBe(200);
    expect((await post('admin', '/api/import/undo', { importId: first.importId })).status).toBe(200);
    const goal = await db
      .selectFrom('goals')
      .select('target')
      .where('metric', '=', 'attendanceRate')
      .where('scope_type', '=', 'all')
      .executeTakeFirstOrThrow();
    expect(goal.target).toBe(0.9);
    const listed = (await history('admin')).body.rows.filter((r) => r.fileName.startsWith('目标-'));
    expect(listed.map((r) => [r.fileName, r.undoneBy])).toEqual([
      ['目标-2.csv', 'undo-admin'],
      ['目标-1.csv', 'undo-admin'],
    ]);
    // Undone once only.
    const again = await post('admin', '/api/import/undo', { importId: first.importId });
    expect(again.status).toBe(409);
  });

  it('refuses leaders, cross-site and non-JSON requests', async () => {
    expect((await post('leader', '/api/import/undo', { importId: 1 })).status).toBe(403);
    expect((await post('leader', '/api/import/commit', { previewId: 'x' })).status).toBe(403);
    const form = await fetch(`${base}/api/import/undo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: cookies.admin },
      body: JSON.stringify({ importId: 1 }),
    });
    expect(form.status).toBe(403);
    const crossSite = await fetch(`${base}/api/import/undo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.admin, origin: 'https://evil.example' },
      body: JSON.stringify({ importId: 1 }),
    });
    expect(crossSite.status).toBe(403);
    expect((await post('admin', '/api/import/undo', { importId: 99_999 })).status).toBe(404);
  });
});
