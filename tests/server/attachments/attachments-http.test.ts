/**
 * Evidence attachments over real HTTP (server/http/attachment-route.ts) on the two-branch access seed
 * (XZ01 = A, JG01 = B, one theme day each): the type is judged by content (a PNG named .pdf, a workbook
 * named .docx, text named .jpg are refused with nothing stored), the size and count caps, who may list,
 * download, add and remove (another branch's secretary 403, the leader reads only), the download's
 * headers (UTF-8 name, nosniff, images inline), and removal of a file alone and with its record.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, removeOrphanFiles } from '../../../server/attachments/attachments';
import { listAudit } from '../../../server/audit/audit';
import { SESSION_COOKIE_NAME } from '../../../server/auth/config';
import { createSession } from '../../../server/auth/sessions';
import type { TAuthUser } from '../../../server/auth/types';
import { createContextInner, DEFAULT_SETTINGS, type TServerSettings } from '../../../server/context';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { createCaller } from '../../../server/routers/_app';
import {
  ATTACHMENT_LIMITS,
  ATTACHMENTS_PATH,
  attachmentPath,
  type TAttachment,
  type TAttachmentList,
} from '../../../shared/schemas/attachments';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestDb } from '../../helpers/test-db';
import { seedAccessFixture, type TAccessFixture } from '../access/access-fixture';
import { docxFile, jpegFile, pdfFile, pngFile, webpFile, xlsxFile } from './evidence-files';

let db: Kysely<Database>;
let f: TAccessFixture;
let app: AppServer | undefined;
let base: string;
let dir: string;
let settings: TServerSettings;
const cookies: Partial<Record<'admin' | 'leader' | 'secretaryA' | 'secretaryB', string>> = {};
let activityA: number;
let activityB: number;
let achievementA: number;

beforeAll(async () => {
  db = await createTestDb();
  f = await seedAccessFixture(db);
  dir = mkdtempSync(join(tmpdir(), 'pbd-attachments-'));
  settings = { ...DEFAULT_SETTINGS, attachmentsDir: dir };
  for (const who of ['admin', 'leader', 'secretaryA', 'secretaryB'] as const) {
    const { token } = await createSession(db, (f.users[who] as TAuthUser).id);
    cookies[who] = `${SESSION_COOKIE_NAME}=${token}`;
  }
  const ids = await db.selectFrom('activities').select(['id', 'branch_id']).execute();
  activityA = ids.find((r) => r.branch_id === f.branchA)!.id;
  activityB = ids.find((r) => r.branch_id === f.branchB)!.id;
  achievementA = Number(
    (
      await db
        .insertInto('achievements')
        .values({ branch_id: f.branchA, achieved_on: '2026-04-01', kind: 'award', title: '先进党支部' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  ({ app, base } = await startTestApp({ db, settings }));
}, 60_000);

afterAll(async () => {
  await closeTestApp(app);
  await db?.destroy();
});

beforeEach(async () => {
  await db.deleteFrom('attachments').execute();
  await removeOrphanFiles(db, dir, 0);
});

type TWho = keyof typeof cookies;

function upload(
  who: TWho,
  name: string,
  body: Buffer,
  record = `kind=activity&recordId=${activityA}`,
  lang = 'zh',
) {
  return fetch(`${base}${ATTACHMENTS_PATH}?${record}&name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { cookie: cookies[who] ?? '', 'content-type': 'application/octet-stream', 'x-lang': lang },
    body: new Uint8Array(body),
  });
}

function list(who: TWho, record = `kind=activity&recordId=${activityA}`) {
  return fetch(`${base}${ATTACHMENTS_PATH}?${record}`, { headers: { cookie: cookies[who] ?? '' } });
}

async function messageOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: { message: string } }).error.message;
}

const storedFiles = () => readdirSync(dir).filter((n) => !n.startsWith('.'));
const rowCount = async () => (await db.selectFrom('attachments').select('id').execute()).length;

describe('types are judged by content', () => {
  it('stores a PNG under a random name with its original name, type, size and checksum, and audits it', async () => {
    const png = pngFile();
    const res = await upload('secretaryA', '../../签到表 2026.png', png);
    expect(res.status).toBe(201);
    const attachment = (await res.json()) as TAttachment;
    expect(attachment).toMatchObject({
      kind: 'activity',
      recordId: activityA,
      fileName: '签到表 2026.png',
      mimeType: 'image/png',
      isImage: true,
      bytes: png.length,
      uploadedBy: 'sec-a',
    });
    const [stored] = storedFiles();
    expect(stored).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(join(dir, stored!)).equals(png)).toBe(true);
    const audit = await listAudit(db, { table: 'attachments' });
    expect(audit.rows[0]).toMatchObject({ action: 'insert', username: 'sec-a' });
  });

  it('accepts jpg, webp, pdf and a real Word document', async () => {
    const docx = await docxFile();
    for (const [name, body, type] of [
      ['现场.jpeg', jpegFile(), 'image/jpeg'],
      ['现场.webp', webpFile(), 'image/webp'],
      ['会议记录.pdf', pdfFile(), 'application/pdf'],
      ['会议记录.docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ] as const) {
      const res = await upload('admin', name, body);
      expect(res.status, name).toBe(201);
      expect(((await res.json()) as TAttachment).mimeType).toBe(type);
    }
    expect(storedFiles()).toHaveLength(4);
  });

  it.each([
    ['a PNG named .pdf', '会议记录.pdf', () => pngFile(), /内容是 PNG 文件，与扩展名「\.pdf」不符/],
    ['a workbook named .docx', '会议记录.docx', () => xlsxFile(), /不支持「会议记录\.docx」的文件类型/],
    ['text named .jpg', '照片.jpg', () => Buffer.from('just some text'), /只接受jpg、png、webp 图片/],
    ['an empty file', '照片.png', () => Buffer.alloc(0), /是空的/],
  ])('refuses %s with a reason, storing nothing', async (_, name, make, reason) => {
    const res = await upload('secretaryA', name, await make());
    expect(res.status).toBe(400);
    expect(await messageOf(res)).toMatch(reason);
    expect(await rowCount()).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('answers in English for English callers', async () => {
    const res = await upload('secretaryA', 'minutes.pdf', pngFile(), undefined, 'en');
    expect(await messageOf(res)).toBe(
      '"minutes.pdf" holds a PNG file, which does not match its extension ".pdf". Rename it to .png and upload again.',
    );
  });
});

describe('caps', () => {
  it('refuses a file over the size cap before storing anything (413)', async () => {
    const big = Buffer.concat([pngFile(), Buffer.alloc(ATTACHMENT_LIMITS.maxBytes)]);
    const res = await upload('secretaryA', 'big.png', big);
    expect(res.status).toBe(413);
    expect(await messageOf(res)).toBe('文件过大：每个文件最大 10 MB。');
    expect(await rowCount()).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses one file more than the per-record count', async () => {
    const caller = { user: f.users.admin!, actor: { user: f.users.admin!, procedure: 'test' } };
    const target = { kind: 'activity', recordId: activityA } as const;
    for (let i = 0; i < ATTACHMENT_LIMITS.maxPerRecord; i++) {
      await addAttachment(db, { dir, target, fileName: `p${i}.png`, bytes: pngFile(8, 8) }, caller);
    }
    const res = await upload('secretaryA', 'one-more.png', pngFile());
    expect(res.status).toBe(409);
    expect(await messageOf(res)).toContain(`每条记录最多 ${ATTACHMENT_LIMITS.maxPerRecord} 个附件`);
    expect(storedFiles()).toHaveLength(ATTACHMENT_LIMITS.maxPerRecord);
  });
});

describe('who may see and change evidence', () => {
  let fileA: TAttachment;
  beforeEach(async () => {
    fileA = (await (await upload('secretaryA', '照片.png', pngFile())).json()) as TAttachment;
  });

  it("refuses another branch's secretary everything, by any id, and changes nothing", async () => {
    const listed = await list('secretaryB');
    expect(listed.status).toBe(403);
    expect(await messageOf(listed)).toBe('只能查看本支部记录的证明材料。');
    const file = await fetch(`${base}${attachmentPath(fileA.id)}`, {
      headers: { cookie: cookies.secretaryB! },
    });
    expect(file.status).toBe(403);
    expect((await upload('secretaryB', 'x.png', pngFile())).status).toBe(403);
    const removed = await fetch(`${base}${attachmentPath(fileA.id)}`, {
      method: 'DELETE',
      headers: { cookie: cookies.secretaryB! },
    });
    expect(removed.status).toBe(403);
    expect(await messageOf(removed)).toBe('只能修改本支部的记录。');
    expect(await rowCount()).toBe(1);
    expect(storedFiles()).toHaveLength(1);
  });

  it('lets the leader read but not change; its own branch is open to secretary B', async () => {
    const answer = (await (await list('leader')).json()) as TAttachmentList;
    expect(answer.canEdit).toBe(false);
    expect(answer.attachments.map((a) => a.fileName)).toEqual(['照片.png']);
    expect((await upload('leader', 'x.png', pngFile())).status).toBe(403);
    const own = (await (
      await list('secretaryB', `kind=activity&recordId=${activityB}`)
    ).json()) as TAttachmentList;
    expect(own).toEqual({ attachments: [], canEdit: true });
  });

  it('refuses without a session, a form post, another site, and an unknown record', async () => {
    expect((await fetch(`${base}${ATTACHMENTS_PATH}?kind=activity&recordId=${activityA}`)).status).toBe(401);
    const form = await fetch(`${base}${ATTACHMENTS_PATH}?kind=activity&recordId=${activityA}&name=a.png`, {
      method: 'POST',
      headers: { cookie: cookies.admin!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new Uint8Array(pngFile()),
    });
    expect(form.status).toBe(403);
    const crossSite = await fetch(`${base}${ATTACHMENTS_PATH}?kind=activity&recordId=${activityA}`, {
      headers: { cookie: cookies.admin!, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const missing = await upload('admin', 'a.png', pngFile(), 'kind=activity&recordId=999999');
    expect(missing.status).toBe(404);
    expect(await messageOf(missing)).toBe('该组织生活记录不存在，可能已被删除。');
    // No row id on a screen: an unknown attachment is named, not numbered.
    const noFile = await fetch(`${base}${attachmentPath(987654)}`, { headers: { cookie: cookies.admin! } });
    expect(noFile.status).toBe(404);
    expect(await messageOf(noFile)).toBe('该附件不存在，可能已被删除。');
    expect(await rowCount()).toBe(1);
  });
});

describe('downloads', () => {
  it('sends the bytes with the UTF-8 name, nosniff, images inline and the rest as attachments', async () => {
    const png = pngFile();
    const image = (await (await upload('secretaryA', '签到表 "1".png', png)).json()) as TAttachment;
    const res = await fetch(`${base}${attachmentPath(image.id)}`, { headers: { cookie: cookies.leader! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="___ _1_.png"; filename*=UTF-8''${encodeURIComponent('签到表 "1".png')}`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    const forced = await fetch(`${base}${attachmentPath(image.id)}?download=1`, {
      headers: { cookie: cookies.admin! },
    });
    expect(forced.headers.get('content-disposition')).toMatch(/^attachment; /);

    const pdf = (await (await upload('secretaryA', '会议记录.pdf', pdfFile())).json()) as TAttachment;
    const doc = await fetch(`${base}${attachmentPath(pdf.id)}`, { headers: { cookie: cookies.secretaryA! } });
    expect(doc.headers.get('content-type')).toBe('application/pdf');
    expect(doc.headers.get('content-disposition')).toMatch(
      /^attachment; filename="____\.pdf"; filename\*=UTF-8''/,
    );
  });
});

describe('removal', () => {
  it('removes one attachment: its row, its file, with an audit row', async () => {
    const kept = (await (await upload('secretaryA', '留下.png', pngFile())).json()) as TAttachment;
    const gone = (await (await upload('secretaryA', '删除.png', pngFile(10, 10))).json()) as TAttachment;
    const res = await fetch(`${base}${attachmentPath(gone.id)}`, {
      method: 'DELETE',
      headers: { cookie: cookies.secretaryA! },
    });
    expect(res.status).toBe(200);
    const answer = (await (await list('secretaryA')).json()) as TAttachmentList;
    expect(answer.attachments.map((a) => a.id)).toEqual([kept.id]);
    expect(storedFiles()).toHaveLength(1);
    const audit = await listAudit(db, { table: 'attachments' });
    expect(audit.rows[0]).toMatchObject({ action: 'delete', username: 'sec-a' });
    expect(audit.rows[0]!.before).toMatchObject({ file_name: '删除.png' });
  });

  it("removes a record's files with the record (activity and achievement)", async () => {
    await upload('secretaryA', '照片.png', pngFile());
    await upload('secretaryA', '证书.pdf', pdfFile(), `kind=achievement&recordId=${achievementA}`);
    await upload('secretaryB', 'B.png', pngFile(), `kind=activity&recordId=${activityB}`);
    expect(storedFiles()).toHaveLength(3);
    const caller = createCaller(createContextInner({ db, user: f.users.secretaryA, settings }));
    await caller.records.removeActivity({ id: activityA });
    await caller.records.removeAchievement({ id: achievementA });
    expect(storedFiles()).toHaveLength(1);
    const rows = await db.selectFrom('attachments').select(['activity_id']).execute();
    expect(rows).toEqual([{ activity_id: activityB }]);
  });

  it('sweeps the files of rows the database removed by itself (an import undo deletes records)', async () => {
    await upload('secretaryB', 'B.png', pngFile(), `kind=activity&recordId=${activityB}`);
    await db.deleteFrom('activities').where('id', '=', activityB).execute();
    expect(await rowCount()).toBe(0);
    expect(storedFiles()).toHaveLength(1);
    expect(await removeOrphanFiles(db, dir, 60_000)).toBe(0); // too young: an upload may be on its way
    expect(await removeOrphanFiles(db, dir, 0)).toBe(1);
    expect(storedFiles()).toEqual([]);
  });
});
