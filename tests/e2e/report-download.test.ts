/**
 * The review report from the UI in real Chromium against the real server on the mini fixture (issue 12):
 * 生成报告 on the overview (the college, PDF, with the progress dialog until the download), on a branch
 * page (Word) and on the compare page filtered on a general branch (slides); each file checked by its
 * text.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn } from './helpers/sign-in';

let app: AppProcess;
let browser: BrowserContext;
let page: Page;
/** The id of 药学院党总支 (the compare page filters by unit id). */
let zz03: number;
const OUT = join(ROOT, '.tmp', 'e2e-report');

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await ensureClientBuilt();
  const databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  const db = await openDatabase({ url: databasePath });
  zz03 = (await db.selectFrom('units').select('id').where('code', '=', 'ZZ03').executeTakeFirstOrThrow()).id;
  await db.destroy();
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, app.url, 'admin', 'admin-demo');
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

/** Opens 生成报告, picks `item`, and saves the download that follows the job. */
async function generate(item: string): Promise<{ name: string; path: string }> {
  await page.getByTestId('report-button').click();
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  const path = join(OUT, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

const officeText = (path: string, pattern: RegExp) => {
  const entries = unzipSync(readFileSync(path));
  return Object.keys(entries)
    .filter((n) => pattern.test(n))
    .map((n) =>
      Buffer.from(entries[n]!)
        .toString('utf8')
        .replace(/<[^>]+>/g, ''),
    )
    .join('\n');
};

describe('生成报告', () => {
  it('downloads the college report as PDF from the overview, with progress shown meanwhile', async () => {
    await page.goto(`${app.url}/?period=2025`);
    await page.getByTestId('report-button').waitFor();
    const progressSeen = page
      .getByTestId('report-button-progress')
      .waitFor({ timeout: 60_000 })
      .then(() => true);
    const { name, path } = await generate('PDF 报告（.pdf）');
    expect(await progressSeen).toBe(true);
    expect(name).toBe('学校党委2025年党建工作评议报告.pdf');
    const text = spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('支部对比');
    expect(text).toContain('行政第一党支部');
  }, 240_000);

  it('downloads a branch report as Word from the branch page', async () => {
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    await page.getByTestId('report-button').waitFor();
    const { name, path } = await generate('Word 文档（.docx，可编辑）');
    expect(name).toBe('行政第一党支部2025年党建工作评议报告.docx');
    const text = officeText(path, /^word\/document\.xml$/);
    expect(text).toContain('情况概述');
    expect(text).toContain('应召开支部党员大会');
  }, 240_000);

  it('downloads the general branch slides from the compare page filtered on it', async () => {
    await page.goto(`${app.url}/compare?period=2025&parent=${zz03}`);
    await page.getByTestId('report-button').waitFor();
    const { name, path } = await generate('汇报幻灯片（.pptx）');
    expect(name).toBe('药学院党总支2025年党建工作评议报告.pptx');
    const text = officeText(path, /^ppt\/slides\/slide\d+\.xml$/);
    expect(text).toContain('支部对比');
    expect(text).toContain('药学院学生党支部2');
    expect(text).not.toContain('行政第一党支部');
  }, 240_000);
});
