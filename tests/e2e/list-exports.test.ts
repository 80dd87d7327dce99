/**
 * Every list's 导出 in real Chromium against the real server on the mini fixture (issue 12): the
 * overview's 工作欠账 and 即将到期, the goals of a year, the import history, the roster and the 组织与账号
 * lists and a branch's slot grid each download as .xlsx named 主体_期间_标题_日期, and the file holds the header block, the list's
 * headers, a known value as a number cell and as many rows as the page shows; the goals also as CSV, and
 * a secretary's overview list named after her branch. The compare grid, charts and record lists:
 * exports.test.ts.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEETS } from '../../shared/import-format';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn } from './helpers/sign-in';

let app: AppProcess;
let browser: BrowserContext;
let page: Page;
const OUT = join(ROOT, '.tmp', 'e2e-list-exports');
const XLSX = 'Excel 表格（.xlsx）';
/** `_2026-12-07.xlsx`: the day part of every export's name. */
const DAY_XLSX = /_\d{4}-\d{2}-\d{2}\.xlsx$/;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await ensureClientBuilt();
  const databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await signIn(page, app.url, 'admin', 'admin-demo');
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

/** Clicks the export button `testId`, then 导出 as .xlsx, and returns the saved download. */
async function downloadXlsx(testId: string): Promise<{ file: Download; path: string }> {
  await page.getByTestId(testId).click();
  const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').last();
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    menu.getByRole('menuitem', { name: XLSX }).click(),
  ]);
  const path = join(OUT, file.suggestedFilename());
  await file.saveAs(path);
  // The menu closes before the next one opens (two open menus would both offer the item).
  await page.waitForFunction(() => !document.querySelector('.ant-dropdown:not(.ant-dropdown-hidden)'));
  return { file, path };
}

interface TReadSheet {
  sheet: ExcelJS.Worksheet;
  /** Column headers, in order. */
  headers: string[];
  headerRow: number;
  /** The data rows' cells, each row 1-based like Excel's columns (index 0 unused). */
  rows: ExcelJS.Row[];
}

/** The workbook's one sheet: its header row (the frozen one) and the data rows under it. */
async function readSheet(path: string): Promise<TReadSheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets[0]!;
  const view = sheet.views[0] as { state: string; ySplit: number };
  expect(view.state).toBe('frozen');
  const headerRow = view.ySplit;
  const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1).map(String);
  const rows: ExcelJS.Row[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) rows.push(sheet.getRow(r));
  return { sheet, headers, headerRow, rows };
}

/** The header block's line that starts with `label`. */
function blockLine(read: TReadSheet, label: string): string | undefined {
  for (let r = 1; r < read.headerRow; r++) {
    const text = String(read.sheet.getCell(r, 1).value ?? '');
    if (text.startsWith(label)) return text;
  }
  return undefined;
}

/** A cell of the data row `row` under the header `header`. */
function cellOf(read: TReadSheet, row: ExcelJS.Row, header: string): ExcelJS.Cell {
  const column = read.headers.indexOf(header) + 1;
  expect(column, header).toBeGreaterThan(0);
  return row.getCell(column);
}

describe('overview lists', () => {
  it('exports 工作欠账 as listed: one row per branch, the count of missed slots a number', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    const items = page.locator('[data-testid="alerts-list"] [data-testid="alert-item"]');
    await items.first().waitFor();
    const codes = await items.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.code ?? ''));
    const firstTags = await items.first().locator('[data-testid="alert-link"]').count();

    const { file, path } = await downloadXlsx('alerts-export');
    expect(file.suggestedFilename()).toMatch(/^全院_2025年12月_工作欠账/);
    expect(file.suggestedFilename()).toMatch(DAY_XLSX);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('全院 · 工作欠账 · 2025年12月');
    expect(blockLine(read, '期间')).toBe('期间：2025年12月');
    expect(blockLine(read, '行数')).toBe(`行数：${codes.length}`);
    expect(read.headers).toEqual(['支部', '编号', '欠账数', '欠账项']);
    expect(read.rows).toHaveLength(codes.length);
    expect(read.rows.map((r) => cellOf(read, r, '编号').value)).toEqual(codes);
    const count = cellOf(read, read.rows[0]!, '欠账数');
    expect(count.value).toBe(firstTags);
    expect(count.numFmt).toBe('0');
  });

  it('exports 即将到期 in full: as many rows as the card counts, days left as numbers', async () => {
    const list = page.locator('[data-testid="due-soon-list"]');
    await list.waitFor();
    const total = Number(await list.getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    const firstName = (
      await list.locator('[data-testid="due-soon-item"] .overview-list-name').first().textContent()
    )?.trim();

    const { file, path } = await downloadXlsx('due-soon-export');
    expect(file.suggestedFilename()).toMatch(/^全院_\d{4}年\d{1,2}月_即将到期/);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('全院 · 即将到期');
    expect(read.headers).toEqual(['支部', '编号', '规定活动', '期间', '截止日期', '剩余天数']);
    expect(read.rows).toHaveLength(total);
    expect(cellOf(read, read.rows[0]!, '支部').value).toBe(firstName);
    const daysLeft = read.rows.map((r) => cellOf(read, r, '剩余天数').value);
    for (const days of daysLeft) expect(typeof days).toBe('number');
    // Soonest first, as the card lists them.
    expect([...(daysLeft as number[])].sort((a, b) => a - b)).toEqual(daysLeft);
  });
});

describe('goals of a year', () => {
  it('exports the list in its order, targets as number cells in their format', async () => {
    await page.goto(`${app.url}/goals?year=2025`);
    const rows = page.locator('[data-testid="goals-table"] tbody tr[data-goal]');
    await rows.first().waitFor();
    const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-goal') ?? ''));
    // The fixture's 14 goals of 2025.
    expect(keys).toHaveLength(14);

    const { file, path } = await downloadXlsx('goals-export');
    expect(file.suggestedFilename()).toMatch(/^全院_2025年_目标管理/);
    expect(file.suggestedFilename()).toMatch(DAY_XLSX);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('2025 年度目标');
    expect(read.headers).toEqual(['范围', '指标', '目标值', '2024 实际', '口径']);
    expect(read.rows).toHaveLength(keys.length);
    const rowOf = (key: string) => read.rows[keys.indexOf(key)]!;
    const sessions = cellOf(read, rowOf('all|sessions'), '目标值');
    expect(sessions.value).toBe(30);
    expect(sessions.numFmt).toBe('0');
    expect(cellOf(read, rowOf('all|sessions'), '口径').value).toBe('每支部');
    const compliance = cellOf(read, rowOf('all|complianceRate'), '目标值');
    expect(compliance.value).toBe(0.95);
    expect(compliance.numFmt).toBe('0.0%');
    expect(cellOf(read, rowOf('branch:XZ01|projectsApproved'), '范围').value).toMatch(/（XZ01）$/);
  });
});

describe('index weights of a year', () => {
  it('exports the saved weights as numbers, with the year and their source above the table', async () => {
    await page.goto(`${app.url}/goals?year=2025`);
    // The rows show (with 0s) before the weights arrive; the source tag shows only once they have.
    await page.getByTestId('weights-source').waitFor();
    const rows = page.locator('[data-testid="weights-card"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    const shown = await rows.count();
    const sumText = (await page.getByTestId('weights-sum').textContent()) ?? '';
    const source = (await page.getByTestId('weights-source').textContent()) ?? '';

    const { file, path } = await downloadXlsx('weights-export');
    expect(file.suggestedFilename()).toMatch(/^综合指数权重_2025年/);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('综合指数权重');
    expect(blockLine(read, '期间')).toBe('期间：2025年');
    expect(blockLine(read, '来源')).toBe(`来源：${source}`);
    expect(read.headers).toEqual(['指标', '权重', '%']);
    expect(read.rows).toHaveLength(shown);
    const weights = read.rows.map((r) => cellOf(read, r, '权重').value);
    for (const value of weights) expect(typeof value).toBe('number');
    expect(sumText).toContain(String((weights as number[]).reduce((a, b) => a + b, 0)));
    expect(cellOf(read, read.rows[0]!, '%').numFmt).toBe('0.0%');
  });
});

describe('import history', () => {
  it('exports every import as listed, the rows it added as a number', async () => {
    // One import through the API, so the history has a known entry: one goal added.
    const book = new ExcelJS.Workbook();
    book
      .addWorksheet('目标')
      .addRows([SHEETS.goals.columns.map((c) => c.zh), [2031, '全部', 'sessions', 45]]);
    const preview = await page.request.post(
      `${app.url}/api/import?name=${encodeURIComponent('2031年目标.xlsx')}`,
      {
        headers: { 'content-type': 'application/octet-stream' },
        data: Buffer.from(await book.xlsx.writeBuffer()),
      },
    );
    const { previewId } = (await preview.json()) as { previewId: string | null };
    const commit = await page.request.post(`${app.url}/api/import/commit`, { data: { previewId } });
    expect(commit.ok()).toBe(true);

    await page.goto(`${app.url}/data?tab=history`);
    const rows = page.locator('[data-testid="import-history-rows"] tr[data-import]');
    await rows.first().waitFor();
    const shown = await rows.count();

    const { file, path } = await downloadXlsx('import-history-export');
    expect(file.suggestedFilename()).toMatch(/^导入记录/);
    expect(file.suggestedFilename()).toMatch(DAY_XLSX);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('导入记录');
    expect(read.headers).toEqual(['时间', '导入人', '文件', '修改', '新增', '更新', '状态']);
    expect(read.rows).toHaveLength(shown);
    // Newest first, as listed.
    const newest = read.rows[0]!;
    expect(cellOf(read, newest, '文件').value).toBe('2031年目标.xlsx');
    expect(cellOf(read, newest, '导入人').value).toBe('admin');
    expect(cellOf(read, newest, '新增').value).toBe(1);
    expect(cellOf(read, newest, '新增').numFmt).toBe('0');
  });
});

describe('roster', () => {
  it('exports a branch’s roll as the grid shows it, shares as numbers', async () => {
    await page.goto(`${app.url}/members?period=2025&branch=XZ01`);
    await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
    const total = Number(await page.locator('.virtual-grid-scroll').getAttribute('data-row-count'));
    expect(total).toBeGreaterThan(1);
    const firstCode = (
      await page
        .locator('table.virtual-grid tbody tr[data-row-id] td[data-column="code"]')
        .first()
        .textContent()
    )?.trim();

    const { file, path } = await downloadXlsx('roster-export');
    expect(file.suggestedFilename()).toMatch(/^行政第一党支部_2025年_党员名册/);
    expect(file.suggestedFilename()).toMatch(DAY_XLSX);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('行政第一党支部 · 党员名册');
    expect(blockLine(read, '统计截至')).toBe('统计截至：2025-12-31');
    expect(read.headers[0]).toBe('编号');
    expect(read.headers).not.toContain('操作');
    expect(read.rows).toHaveLength(total);
    expect(cellOf(read, read.rows[0]!, '编号').value).toBe(firstCode);
    const shares = read.rows.map((r) => r.getCell(read.headers.length).value);
    for (const value of shares) expect(typeof value).toBe('number');
  });
});

describe('roster in the import layout', () => {
  it('exports every branch’s roll of the period as the importer reads it', async () => {
    await page.goto(`${app.url}/members?period=2025`);
    await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
    const total = Number(await page.locator('.virtual-grid-scroll').getAttribute('data-row-count'));
    const { file, path } = await downloadXlsx('roster-export-import-layout');
    expect(file.suggestedFilename()).toBe('党员_全院_2025.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet('党员')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(SHEETS.members.columns.map((c) => c.zh));
    expect(sheet.rowCount - 1).toBe(total);
  });
});

describe('组织与账号', () => {
  it('exports the units and the accounts as their tables show them', async () => {
    await page.goto(`${app.url}/org`);
    const unitRows = page.locator('[data-testid="units-tab"] table.data-table tbody tr');
    await unitRows.first().waitFor();
    const units = await unitRows.count();
    const units1 = await downloadXlsx('units-export');
    expect(units1.file.suggestedFilename()).toMatch(/^全院_组织机构/);
    const unitSheet = await readSheet(units1.path);
    expect(unitSheet.rows).toHaveLength(units);
    expect(unitSheet.headers).not.toContain('操作');
    const xz01 = unitSheet.rows.find((r) => r.getCell(1).value === 'XZ01');
    expect(xz01, 'XZ01 in the units export').toBeDefined();
    expect(typeof xz01!.getCell(unitSheet.headers.length).value).toBe('number');

    await page.goto(`${app.url}/org?tab=accounts`);
    const accountRows = page.locator('[data-testid="accounts-tab"] table.data-table tbody tr');
    await accountRows.first().waitFor();
    const accounts = await accountRows.count();
    const accounts1 = await downloadXlsx('accounts-export');
    expect(accounts1.file.suggestedFilename()).toMatch(/^全院_账号/);
    const accountSheet = await readSheet(accounts1.path);
    expect(accountSheet.rows).toHaveLength(accounts);
    const admin = accountSheet.rows.find((r) => r.getCell(1).value === 'admin');
    expect(admin, 'admin in the accounts export').toBeDefined();
    expect(accountSheet.rows.map((r) => r.getCell(1).value)).toContain('secretary');
  });
});

describe('a branch’s slot grid', () => {
  it('exports every slot of the grid, status in words on its colour, sessions as numbers', async () => {
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    const cells = page.locator('[data-testid="slot-grid"] button.bd-slot-cell');
    await cells.first().waitFor();
    const shown = await cells.count();
    const met = await page.locator('[data-testid="slot-grid"] button[data-status="met"]').count();

    const { file, path } = await downloadXlsx('slots-export');
    expect(file.suggestedFilename()).toMatch(/^行政第一党支部_2025年_规定动作完成情况/);
    expect(file.suggestedFilename()).toMatch(DAY_XLSX);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('行政第一党支部 · 规定动作完成情况');
    expect(read.headers).toEqual(['时段', '类型', '状态', '次数']);
    expect(read.rows).toHaveLength(shown);
    const metRows = read.rows.filter((r) => cellOf(read, r, '状态').value === '已完成');
    expect(metRows).toHaveLength(met);
    const status = cellOf(read, metRows[0]!, '状态');
    expect((status.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9F7BE');
    const sessions = cellOf(read, metRows[0]!, '次数');
    expect(sessions.value).toBeGreaterThan(0);
    expect(sessions.numFmt).toBe('0');
  });
});

describe('on a phone (390 px)', () => {
  it('keeps each card’s title whole beside its 导出 (the controls go under it)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [path, card] of [
        ['/overview?period=2025&lang=en', '[data-testid="due-soon-card"]'],
        ['/overview?period=2025&lang=zh', '[data-testid="alerts-card"]'],
        ['/goals?year=2025&lang=en', '.goals-page .ant-card'],
      ] as const) {
        await page.goto(`${app.url}${path}`);
        const title = page.locator(`${card} .ant-card-head-title`).first();
        await title.waitFor({ state: 'attached' });
        const { shown, whole } = await title.evaluate((el) => ({
          shown: el.clientWidth,
          whole: el.scrollWidth,
        }));
        expect(shown, `${path} ${card}`).toBeGreaterThan(40);
        expect(shown, `${path} ${card}`).toBeGreaterThanOrEqual(whole);
        const button = await page.locator(`${card} .ant-card-extra button`).first().boundingBox();
        expect(button!.x + button!.width).toBeLessThanOrEqual(390);
      }
    } finally {
      // The browser's own size, and Chinese again for the tests after this one (the language is kept).
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${app.url}/overview?period=2025&lang=zh`);
    }
  });
});

describe('as CSV, and as a secretary', () => {
  it('writes the goals as CSV: the header block, then the headers and one line per goal', async () => {
    await page.goto(`${app.url}/goals?year=2025`);
    const rows = page.locator('[data-testid="goals-table"] tbody tr[data-goal]');
    await rows.first().waitFor();
    const shown = await rows.count();
    await page.getByTestId('goals-export').click();
    const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').last();
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      menu.getByRole('menuitem', { name: 'CSV 文本（.csv）' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^全院_2025年_目标管理_\d{4}-\d{2}-\d{2}\.csv$/);
    const path = join(OUT, file.suggestedFilename());
    await file.saveAs(path);
    const lines = readFileSync(path, 'utf8').replace(/\r\n$/, '').split('\r\n');
    expect(lines[0]).toBe('\uFEFF2025 年度目标');
    const header = lines.indexOf('范围,指标,目标值,2024 实际,口径');
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 1)).toHaveLength(shown);
    expect(lines).toContain('全部,组织生活次数,30,0,每支部');
    await page.waitForFunction(() => !document.querySelector('.ant-dropdown:not(.ant-dropdown-hidden)'));
  });

  it('names a secretary’s overview lists after her branch, which is all they hold', async () => {
    await browser.clearCookies();
    await signIn(page, app.url, 'secretary', 'secretary-demo');
    await page.goto(`${app.url}/overview?period=2025`);
    const list = page.locator('[data-testid="due-soon-list"]');
    await list.waitFor();
    const total = Number(await list.getAttribute('data-total'));
    const { file, path } = await downloadXlsx('due-soon-export');
    expect(file.suggestedFilename()).toMatch(/^行政第一党支部_\d{4}年\d{1,2}月_即将到期/);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('行政第一党支部 · 即将到期');
    expect(read.rows).toHaveLength(total);
    for (const row of read.rows) expect(cellOf(read, row, '编号').value).toBe('XZ01');
  });

  it('exports her 本支部待办 as the card lists it, days left and sessions as numbers', async () => {
    // Still signed in as the secretary: her branch's page is her home, with the agenda.
    await page.goto(`${app.url}/branch/XZ01`);
    const agenda = page.getByTestId('branch-agenda');
    await agenda.waitFor();
    await page.getByTestId('agenda-month').waitFor();
    const listed =
      (await agenda.getByTestId('agenda-item').count()) +
      (await agenda.getByTestId('agenda-overdue-slot').count());
    const { file, path } = await downloadXlsx('agenda-export');
    expect(file.suggestedFilename()).toMatch(/^行政第一党支部_.+_本支部待办/);
    const read = await readSheet(path);
    expect(read.sheet.getCell('A1').value).toBe('行政第一党支部 · 本支部待办');
    expect(read.headers).toEqual(['分组', '类型', '时段', '截止日', '状态', '剩余天数', '次数']);
    expect(read.rows).toHaveLength(listed);
    for (const row of read.rows) expect(typeof cellOf(read, row, '次数').value).toBe('number');
    const overdue = read.rows.filter((r) => cellOf(read, r, '状态').value === '已逾期');
    for (const row of overdue) expect(cellOf(read, row, '剩余天数').value as number).toBeLessThan(0);
  });
});
