/**
 * Zip bombs: a few MB of .xlsx that unpack to gigabytes (once, a 35 MB upload inflated to 3.5 GB and ran the
 * server out of memory). With honest sizes in the zip directory the file is refused before its big part is
 * inflated; with a directory that lies, reading stops at the first byte past the declared size, in bounded
 * memory. Either way the user gets a clear problem, nothing is written, and the upload answers 200.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { formatProblem, IMPORT_LIMITS, importSources, readImportBuffer } from '../../../server/import';
import { SHEETS } from '../../../shared/import-format';
import type { TImportUploadResult } from '../../../shared/schemas/import-upload';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../../helpers/users';
import { dumpDatabase } from './import-helpers';
import {
  buildZip,
  repeatedDeflate,
  rowXml,
  SST_CLOSE,
  SST_OPEN,
  type TTestCell,
  type TZipPart,
  WORKSHEET_CLOSE,
  WORKSHEET_OPEN,
  workbookParts,
} from './xlsx-writer';

/** Every zip entry the reader inflates (by name): a refused part must not be among them. */
const inflated = vi.hoisted(() => [] as string[]);
vi.mock('../../../server/import/zip-archive', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../server/import/zip-archive')>();
  return {
    ...original,
    inflateEntry: (zip: Buffer, entry: { name: string }) => {
      inflated.push(entry.name);
      return original.inflateEntry(zip, entry as Parameters<typeof original.inflateEntry>[1]);
    },
  };
});

const MiB = 1024 * 1024;
const SPACES = ' '.repeat(16 * MiB);
const ACTIVITIES_PART = 'xl/worksheets/sheet2.xml';
const SHARED_STRINGS_PART = 'xl/sharedStrings.xml';

/** A valid 组织 sheet: it would be written if the bomb next to it were not refused. */
const UNIT_ROWS: TTestCell[][] = [
  SHEETS.units.columns.map((c) => c.zh),
  ['BOMB01', '测试党委', '党委', null, null, '2020-01-01', null, '否'],
  ['BOMB02', '测试第一党支部', '党支部', 'BOMB01', '行政', '2020-01-01', null, '否'],
];

/** A sheet part of `mebibytes` of spaces inside <sheetData> (valid XML), declaring `declaredSize` if given. */
function spacesSheet(mebibytes: number, declaredSize?: number): Omit<TZipPart, 'name'> {
  const deflated = repeatedDeflate(WORKSHEET_OPEN, SPACES, mebibytes / 16, WORKSHEET_CLOSE);
  return { deflated, ...(declaredSize === undefined ? {} : { declaredSize }) };
}

/** 组织 (valid) and 组织生活 (`activities`), with a shared string table when given. */
function bomb(activities: Omit<TZipPart, 'name'>, sharedStrings?: Omit<TZipPart, 'name'>): Buffer {
  const units = `${WORKSHEET_OPEN}${UNIT_ROWS.map((cells, i) => rowXml(i + 1, cells)).join('')}${WORKSHEET_CLOSE}`;
  const sheets = [
    { name: SHEETS.units.zh, part: { content: units } },
    { name: SHEETS.activities.zh, part: activities },
  ];
  return buildZip(workbookParts(sheets, sharedStrings));
}

let db: Kysely<Database>;

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.destroy();
});

beforeEach(() => {
  inflated.length = 0;
});

/** Imports the upload and returns its problems (zh), checking that it was refused and wrote nothing. */
async function importRefused(book: Buffer): Promise<string[]> {
  const before = await dumpDatabase(db);
  const report = await importSources(db, await readImportBuffer(book, 'bomb.xlsx'));
  expect(report.ok).toBe(false);
  expect(await dumpDatabase(db)).toBe(before);
  return report.errors.map((p) => formatProblem(p));
}

describe('honest sizes: refused before the big part is inflated', () => {
  it('a workbook declaring 5 GiB in all (a ZIP64 sheet of spaces)', async () => {
    const book = bomb(spacesSheet(5 * 1024));
    expect(book.length).toBeLessThan(10 * MiB);
    const limit = IMPORT_LIMITS.maxXlsxUnpackedBytes / MiB;
    expect(await importRefused(book)).toEqual([
      expect.stringMatching(
        new RegExp(`^文件 "bomb.xlsx" 解压后太大（5120(\\.\\d)? MB），上限 ${limit} MB$`),
      ),
    ]);
    expect(inflated).toEqual([]);
  });

  it('one sheet over the sheet cap, the workbook under the total', async () => {
    const mebibytes = IMPORT_LIMITS.maxXlsxPartBytes.sheet / MiB + 96;
    const messages = await importRefused(bomb(spacesSheet(mebibytes)));
    expect(messages).toEqual([
      expect.stringMatching(/^文件 "bomb.xlsx" 中的工作表「组织生活」解压后太大（1120 MB），上限 1024 MB$/),
    ]);
    expect(inflated).not.toContain(ACTIVITIES_PART);
  });

  it('a shared string table over its cap', async () => {
    const mebibytes = IMPORT_LIMITS.maxXlsxPartBytes.sharedStrings / MiB + 48;
    const table = { deflated: repeatedDeflate(SST_OPEN, SPACES, mebibytes / 16, SST_CLOSE) };
    const messages = await importRefused(bomb(spacesSheet(16), table));
    expect(messages).toEqual([
      expect.stringMatching(/^文件 "bomb.xlsx" 中的共享字符串表解压后太大（304 MB），上限 256 MB$/),
    ]);
    expect(inflated).not.toContain(SHARED_STRINGS_PART);
  });
});

/** Peak growth of the resident set while `run` runs (sampled every few milliseconds). */
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number; ms: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  try {
    const result = await run();
    return {
      result,
      growth: Math.max(peak, process.memoryUsage.rss()) - base,
      ms: performance.now() - started,
    };
  } finally {
    clearInterval(timer);
  }
}

describe('a zip directory that lies: reading stops past the declared size', () => {
  it('a sheet declared as 50,000 bytes that inflates to 4 GiB', async () => {
    const book = bomb(spacesSheet(4 * 1024, 50_000));
    const { result, growth, ms } = await peakGrowth(() => importRefused(book));
    expect(result).toEqual([
      '文件 "bomb.xlsx" 已损坏或被篡改：工作表「组织生活」解压后超出压缩目录登记的大小（50000 字节），已停止读取',
    ]);
    expect(inflated).toContain(ACTIVITIES_PART);
    // Inflating 4 GiB would take many seconds and, held, gigabytes.
    expect(ms).toBeLessThan(10_000);
    expect(growth).toBeLessThan(200 * MiB);
  });

  it('a shared string table declared as 10,000 bytes that inflates to 1 GiB', async () => {
    const table = { deflated: repeatedDeflate(SST_OPEN, SPACES, 64, SST_CLOSE), declaredSize: 10_000 };
    const { result, growth, ms } = await peakGrowth(() => importRefused(bomb(spacesSheet(16), table)));
    expect(result).toEqual([
      '文件 "bomb.xlsx" 已损坏或被篡改：共享字符串表解压后超出压缩目录登记的大小（10000 字节），已停止读取',
    ]);
    expect(ms).toBeLessThan(10_000);
    expect(growth).toBeLessThan(200 * MiB);
  });
});

describe('POST /api/import with a zip bomb', () => {
  let app: AppServer;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    ({ app, base } = await startTestApp({ db }));
    const { user } = await createTestUser(db, { username: 'bomb-admin', role: 'admin' });
    cookie = `pbd_session=${await sessionTokenFor(db, user.id)}`;
  });

  afterAll(async () => {
    await closeTestApp(app);
  });

  async function upload(book: Buffer, lang: 'zh' | 'en'): Promise<TImportUploadResult> {
    const res = await fetch(`${base}/api/import?name=bomb.xlsx`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie, 'x-lang': lang },
      body: new Uint8Array(book),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as TImportUploadResult;
  }

  it('answers with the problem in the caller language and writes nothing', async () => {
    const before = await dumpDatabase(db, { except: ['audit_log', 'sessions'] });
    const lying = bomb(spacesSheet(1024, 50_000));
    const zh = await upload(lying, 'zh');
    expect(zh.ok).toBe(false);
    expect(zh.errors.map((e) => e.message)).toEqual([
      '文件 "bomb.xlsx" 已损坏或被篡改：工作表「组织生活」解压后超出压缩目录登记的大小（50000 字节），已停止读取',
    ]);
    const en = await upload(lying, 'en');
    expect(en.errors.map((e) => e.message)).toEqual([
      'file "bomb.xlsx": is damaged or crafted: sheet "组织生活" unpacks to more than the 50000 bytes its zip directory declares; reading stopped',
    ]);
    const honest = await upload(bomb(spacesSheet(5 * 1024)), 'en');
    expect(honest.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^file "bomb.xlsx": unpacks to too much data \(5120(\.\d)? MB\); the limit is 2048 MB$/,
      ),
    ]);
    expect(await dumpDatabase(db, { except: ['audit_log', 'sessions'] })).toBe(before);
  });
});
