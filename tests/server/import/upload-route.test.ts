/**
 * POST /api/import (preview), /api/import/commit and GET /api/import/template.xlsx over real HTTP: an
 * admin's upload is a preview that writes nothing and its confirmation writes the counts it showed,
 * leaders and cross-site requests are refused before anything is written, a bad file lists every
 * problem and changes nothing, the body limit answers 413, and the template imported unchanged changes
 * nothing and says so. (Undo, history and the secretary's scope: import-undo-route.test.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { type AppServer, createAppServer } from '../../../server/http/app-server';
import { importSources, readImportBuffer } from '../../../server/import';
import { SHEET_KEYS, SHEETS } from '../../../shared/import-format';
import type { TImportCommitResult, TImportPreviewResult } from '../../../shared/schemas/import-upload';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../../helpers/users';
import { dumpDatabase, editLine, miniCsv, miniXlsx, setField } from './import-helpers';

const MAX_UPLOAD = 200_000;
let db: Kysely<Database>;
let app: AppServer;
let base: string;
const cookies: Record<'admin' | 'leader' | 'secretary', string> = { admin: '', leader: '', secretary: '' };

beforeAll(async () => {
  db = await createTestDb();
  const clientDir = mkdtempSync(join(tmpdir(), 'pbd-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
  app = createAppServer({ db, clientDir, maxImportBodySize: MAX_UPLOAD });
  await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The secretary's own branch (not in the fixture).
  const own = await db
    .insertInto('units')
    .values({
      code: 'OWN1',
      name: '本支部',
      kind: 'branch',
      parent_id: null,
      category: 'admin',
      established_on: '2020-01-01',
      dissolved_on: null,
      has_groups: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const role of ['admin', 'leader', 'secretary'] as const) {
    const branchId = role === 'secretary' ? own.id : null;
    const { user } = await createTestUser(db, { username: `up-${role}`, role, branchId });
    cookies[role] = `pbd_session=${await sessionTokenFor(db, user.id)}`;
  }
});

afterAll(async () => {
  await new Promise((done) => app.server.close(done));
  await db.destroy();
});

function upload(
  body: Buffer | string,
  name: string,
  headers: Record<string, string> = {},
  query = '',
): Promise<Response> {
  return fetch(`${base}/api/import?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', cookie: cookies.admin, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

/** Confirms a preview as the admin. */
async function commit(previewId: string | null): Promise<Response> {
  return fetch(`${base}/api/import/commit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.admin },
    body: JSON.stringify({ previewId }),
  });
}

async function unitCount(): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/import', () => {
  it('refuses leaders (403), anonymous (401) and cross-site uploads (403), writing nothing', async () => {
    const before = await dumpDatabase(db);
    const book = await miniXlsx();
    const refused: [Record<string, string>, number][] = [
      [{ cookie: cookies.leader }, 403],
      [{ cookie: '' }, 401],
      [{ origin: 'https://evil.example' }, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      // Form and text/plain posts need no CORS preflight: the CSRF shape.
      [{ 'content-type': 'multipart/form-data; boundary=x' }, 403],
      [{ 'content-type': 'text/plain' }, 403],
    ];
    for (const [headers, status] of refused) {
      const res = await upload(book, 'mini.xlsx', headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
    }
    expect(await dumpDatabase(db)).toBe(before);
  });

  it('lists every problem of a bad file in the caller language and changes nothing', async () => {
    const before = await dumpDatabase(db);
    // Row 3: attended "二十" (not an integer); row 5: an unknown branch.
    let text = editLine(miniCsv('组织生活.csv'), 3, (l) => setField(l, 7, '二十'));
    text = editLine(text, 5, (l) => setField(l, 0, 'NOPE99'));
    const res = await upload(text, '组织生活.csv');
    expect(res.status).toBe(200);
    const result = (await res.json()) as TImportPreviewResult;
    expect(result.ok).toBe(false);
    expect(result.previewId).toBeNull();
    const integer = result.errors.find((e) => e.row === 3);
    expect(integer).toMatchObject({ sheet: '组织生活', column: '实到人数', value: '二十' });
    expect(integer?.message).toContain('组织生活 第3行 「实到人数」 值 "二十"');
    expect(result.errors.some((e) => e.row === 5 && e.value === 'NOPE99')).toBe(true);
    expect(await dumpDatabase(db)).toBe(before);

    const en = (await (
      await upload(text, '组织生活.csv', { 'x-lang': 'en' })
    ).json()) as TImportPreviewResult;
    expect(en.errors.find((e) => e.row === 3)).toMatchObject({ sheet: 'Activities', column: 'Attended' });
    expect(en.errors.find((e) => e.row === 3)?.reason).toMatch(/integer/);
  });

  it('refuses a file over the limit with 413 (declared or streamed) and imports nothing', async () => {
    const before = await unitCount();
    const big = Buffer.alloc(MAX_UPLOAD + 1, 0x41);
    const declared = await upload(big, '组织.csv');
    expect(declared.status).toBe(413);
    // Without a Content-Length (chunked), the limit is enforced while reading.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(MAX_UPLOAD / 2));
        controller.close();
      },
    });
    const chunked = await fetch(`${base}/api/import?name=${encodeURIComponent('组织.csv')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: cookies.admin },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await unitCount()).toBe(before);
  });

  it('previews the mini fixture workbook for an admin without writing, and the confirmation writes those counts', async () => {
    const unitsBefore = await unitCount();
    const before = await dumpDatabase(db);
    const res = await upload(await miniXlsx(), 'mini.xlsx');
    expect(res.status).toBe(200);
    const preview = (await res.json()) as TImportPreviewResult;
    expect(preview.errors).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.previewId).toEqual(expect.any(String));
    expect(preview.counts.units.inserted).toBeGreaterThan(5);
    expect(preview.counts.activities.inserted).toBeGreaterThan(100);
    expect(preview.sheets.units.inserts[0]?.key).toEqual({ code: expect.any(String) });
    expect(preview.sheets.activities.inserts.length).toBe(
      Math.min(preview.listLimit, preview.counts.activities.inserted),
    );
    // Nothing written (no data, no audit row) until the preview is confirmed.
    expect(await dumpDatabase(db)).toBe(before);

    const committed = await commit(preview.previewId);
    expect(committed.status).toBe(200);
    const result = (await committed.json()) as TImportCommitResult;
    expect(result.counts).toEqual(preview.counts);
    expect(result.importId).toEqual(expect.any(Number));
    expect(result.counts.units.inserted).toBe((await unitCount()) - unitsBefore);
    const activities = await db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(result.counts.activities.inserted).toBe(Number(activities.n));

    const summary = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(summary).toMatchObject({ username: 'up-admin', procedure: 'import', table_name: 'import' });
    const after = JSON.parse(summary.after ?? '{}');
    expect(after).toEqual({ file: 'mini.xlsx', counts: result.counts, insertedKeys: expect.any(Object) });
    // The audit names the rows it added (at most 200 per sheet): as many as it counts.
    for (const [sheet, counts] of Object.entries(result.counts as Record<string, { inserted: number }>))
      expect(after.insertedKeys[sheet] ?? [], sheet).toHaveLength(Math.min(200, counts.inserted));

    // A preview is confirmed once.
    const again = await commit(preview.previewId);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain('预览已失效');
  });

  it('records a before/after row per updated record of an upload', async () => {
    // The fixture again with one activity's attendance changed (row 2: attended 7th column).
    const original = miniCsv('组织生活.csv');
    const line2 = original.split(/\r?\n/)[1]?.split(',') ?? [];
    const attended = Number(line2[7]);
    const text = editLine(original, 2, (l) => setField(l, 7, String(attended - 1)));
    const preview = (await (await upload(text, '组织生活.csv')).json()) as TImportPreviewResult;
    // The preview shows the change field by field.
    expect(preview.sheets.activities.updates).toEqual([
      {
        key: { branch: line2[0], held_on: line2[1], type: 'theme_day', title: line2[3] },
        before: { attended },
        after: { attended: attended - 1 },
      },
    ]);
    const result = (await (await commit(preview.previewId)).json()) as TImportCommitResult;
    expect(result.counts.activities).toMatchObject({ inserted: 0, updated: 1 });
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('table_name', '=', 'activities')
      .where('procedure', '=', 'import')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.username).toBe('up-admin');
    expect(JSON.parse(rows[0]?.row_key ?? '{}')).toMatchObject({ branch: line2[0], held_on: line2[1] });
    expect(JSON.parse(rows[0]?.before ?? '{}')).toEqual({ attended });
    expect(JSON.parse(rows[0]?.after ?? '{}')).toEqual({ attended: attended - 1 });
  });
});

describe('GET /api/import/template.xlsx', () => {
  async function template(cookie = cookies.leader): Promise<Response> {
    return fetch(`${base}/api/import/template.xlsx`, { headers: { cookie } });
  }

  it('needs a session', async () => {
    expect((await template('')).status).toBe(401);
  });

  it('has an instructions sheet, then every sheet with the headers of shared/import-format.ts, an example row and drop-down lists', async () => {
    const res = await template();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['说明', ...SHEET_KEYS.map((k) => SHEETS[k].zh)]);
    const instructions = (book.getWorksheet('说明') as ExcelJS.Worksheet).getSheetValues().flat().join(' ');
    expect(instructions).toContain('示例');
    for (const key of SHEET_KEYS) {
      const sheet = book.getWorksheet(SHEETS[key].zh) as ExcelJS.Worksheet;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(SHEETS[key].columns.map((c) => c.zh));
      expect(sheet.actualRowCount).toBe(2);
      // Every column is explained on the instructions sheet.
      for (const c of SHEETS[key].columns) expect(instructions).toContain(c.zh);
    }
    const units = book.getWorksheet('组织') as ExcelJS.Worksheet;
    const kindColumn = SHEETS.units.columns.findIndex((c) => c.key === 'kind') + 1;
    const validation = units.getRow(50).getCell(kindColumn).dataValidation;
    expect(validation?.type).toBe('list');
    expect(validation?.formulae?.[0]).toBe('"党委,党总支,党支部"');
    const activities = book.getWorksheet('组织生活') as ExcelJS.Worksheet;
    const oath = SHEETS.activities.columns.findIndex((c) => c.key === 'oath_renewed') + 1;
    expect(activities.getRow(2).getCell(oath).dataValidation?.formulae?.[0]).toBe('"是,否"');
  });

  it('changes nothing when uploaded unchanged, and says so', async () => {
    const before = await dumpDatabase(db);
    const buffer = Buffer.from(await (await template()).arrayBuffer());
    for (const lang of ['zh', 'en']) {
      const res = await upload(buffer, '导入模板.xlsx', { 'x-lang': lang });
      expect(res.status).toBe(200);
      const preview = (await res.json()) as TImportPreviewResult;
      expect(preview.ok).toBe(true);
      expect(preview.errors).toEqual([]);
      // Nothing to confirm: every row was an example.
      expect(preview.previewId).toBeNull();
      expect(preview.examplesSkipped).toBe(SHEET_KEYS.length);
      for (const key of SHEET_KEYS)
        expect(preview.counts[key]).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
      expect(preview.warnings).toHaveLength(SHEET_KEYS.length);
      expect(preview.warnings[0]?.reason).toContain(lang === 'zh' ? '示例行' : 'example row');
    }
    expect(await dumpDatabase(db)).toBe(before);
  });

  it('imports nothing from its examples even into an empty database; with real codes they import cleanly', async () => {
    const buffer = Buffer.from(await (await template()).arrayBuffer());
    const fresh = await createTestDb();
    const unchanged = await importSources(fresh, await readImportBuffer(buffer, 'template.xlsx'));
    expect(unchanged.errors).toEqual([]);
    expect(unchanged.examplesSkipped).toBe(SHEET_KEYS.length);
    expect(unchanged.importId).toBeNull();
    for (const key of SHEET_KEYS)
      expect(unchanged.counts[key]).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    expect(await unitCountOf(fresh)).toBe(0);

    // The examples are consistent with each other: with real codes they are a branch, its secretary, a
    // session she shared in, an achievement and a goal of the branch.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.value === '示例DW') cell.value = null;
          else if (typeof cell.value === 'string') cell.value = cell.value.replace(/^示例/, 'T');
        }),
      );
    }
    const real = Buffer.from(await book.xlsx.writeBuffer());
    const imported = await importSources(fresh, await readImportBuffer(real, 'template.xlsx'));
    expect(imported.errors).toEqual([]);
    for (const key of SHEET_KEYS) expect(imported.counts[key].inserted).toBe(1);
    await fresh.destroy();
  });
});

async function unitCountOf(target: Kysely<Database>): Promise<number> {
  const row = await target
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
