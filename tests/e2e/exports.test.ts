/**
 * Exports and print in real Chromium against the real server on the mini fixture (issue 12): the
 * compare grid's .xlsx and .csv are what the grid shows (header block, rows in the grid's order, number
 * cells, frozen panes); a chart's SVG and PNG carry title and period and are named subject_period_title;
 * a branch's activities download in the import layout. Printing and the 39-branch ranking:
 * print.test.ts, on the demo college.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn } from './helpers/sign-in';

let app: AppProcess;
let browser: BrowserContext;
let page: Page;
/** Where the test keeps what it downloaded and photographed (looked at by whoever runs it). */
const OUT = join(ROOT, '.tmp', 'e2e-exports');

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await ensureClientBuilt();
  const databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, app.url, 'admin', 'admin-demo');
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

/** Clicks `trigger`, then the menu item named `item`, and returns the download that follows. */
async function download(trigger: string, item: string): Promise<{ file: Download; path: string }> {
  await page.locator(trigger).click();
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  const path = join(OUT, file.suggestedFilename());
  await file.saveAs(path);
  return { file, path };
}

async function gridCodes(): Promise<string[]> {
  await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
  return page.$$eval('table.virtual-grid tbody tr[data-row-id]', (trs) =>
    trs.map((tr) => (tr as HTMLElement).dataset.rowId ?? ''),
  );
}

describe('compare grid to Excel and CSV', () => {
  it('exports the filtered, sorted grid with its header block, number cells and frozen panes', async () => {
    await page.goto(`${app.url}/compare?period=2025&category=admin&sort=index.desc`);
    const shown = await gridCodes();
    const total = Number(await page.locator('.virtual-grid-scroll').getAttribute('data-row-count'));
    expect(total).toBeGreaterThan(1);
    const { file, path } = await download('[data-testid="compare-export"]', 'Excel 表格（.xlsx）');
    expect(file.suggestedFilename()).toMatch(/^支部对比_2025年_\d{4}-\d{2}-\d{2}\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('支部对比');
    expect(sheet.getCell('A2').value).toBe('期间：2025年');
    expect(String(sheet.getCell('A3').value)).toMatch(/^统计截至：2025-12-31$/);
    expect(String(sheet.getCell('A4').value)).toContain('类别 行政');
    expect(String(sheet.getCell('A6').value)).toMatch(/^导出：.+（admin）/);
    const view = sheet.views[0] as { state: string; xSplit: number; ySplit: number };
    expect(view).toMatchObject({ state: 'frozen', xSplit: 1 });
    const headerRow = sheet.getRow(view.ySplit);
    const headers = (headerRow.values as unknown[]).slice(1);
    expect(headers[0]).toBe('支部名称');
    const codeColumn = headers.indexOf('编号') + 1;
    const rateColumn = headers.indexOf('组织生活完成率') + 1;
    const codes: string[] = [];
    for (let r = view.ySplit + 1; r <= sheet.rowCount; r++)
      codes.push(String(sheet.getRow(r).getCell(codeColumn).value));
    expect(codes).toHaveLength(total);
    // The grid's order (the rows in view are the first ones of it).
    expect(codes.slice(0, shown.length)).toEqual(shown);
    const rate = sheet.getRow(view.ySplit + 1).getCell(rateColumn);
    expect(typeof rate.value === 'number' || (rate.value as { value?: unknown })?.value !== undefined).toBe(
      true,
    );
    expect(rate.numFmt).toBe('0.0%');
    expect(sheet.autoFilter).toBeTruthy();
  });

  it('exports the same view as CSV', async () => {
    const { path } = await download('[data-testid="compare-export"]', 'CSV 文本（.csv）');
    const lines = readFileSync(path, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFF支部对比');
    expect(lines.some((line) => line.startsWith('支部名称,'))).toBe(true);
  });
});

describe('chart images', () => {
  it('saves the ranking as SVG with title, subject and period, named by what, whom and when', async () => {
    await page.goto(`${app.url}/compare?period=2025`);
    await page.locator('[data-testid="compare-ranking"] canvas').first().waitFor();
    const { file, path } = await download(
      '[data-testid="compare-ranking"] [data-chart-tool="export"]',
      'SVG 矢量图',
    );
    expect(file.suggestedFilename()).toBe('全院_2025年_指标排名-综合指数.svg');
    const svg = readFileSync(path, 'utf8');
    expect(svg).toContain('指标排名 · 综合指数');
    expect(svg).toMatch(/全院 · 2025年 · 统计截至 2025-12-31/);
    expect(svg).toContain('数据来源：党建成效分析看板');
    // Every branch ranked by index has its name in the image.
    const names = await page.$$eval(
      'table.virtual-grid tbody tr[data-row-id] td[data-column="name"]',
      (tds) => tds.map((td) => td.textContent?.trim() ?? ''),
    );
    for (const name of names.slice(0, 10)) expect(svg, name).toContain(name);
  });

  it('saves a PNG at twice the size, white (light) whatever the screen theme', async () => {
    await page.locator('[data-testid="theme-switch"]').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const { file, path } = await download(
      '[data-testid="compare-ranking"] [data-chart-tool="export"]',
      'PNG 图片（2 倍清晰度）',
    );
    await page.locator('[data-testid="theme-switch"]').click();
    expect(file.suggestedFilename()).toBe('全院_2025年_指标排名-综合指数.png');
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(2400); // IHDR width: 1200 px at 2×
  });
});

describe('record lists in the import layout', () => {
  it('downloads a branch’s activities as the 组织生活 sheet', async () => {
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    const { file, path } = await download('[data-testid="export-activities"]', 'Excel 表格（.xlsx）');
    expect(file.suggestedFilename()).toMatch(/^组织生活_行政第一党支部_2025\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('组织生活')!;
    expect(sheet.getCell('A1').value).toBe('支部编号');
    expect(sheet.getCell('A2').value).toBe('XZ01');
  });
});
