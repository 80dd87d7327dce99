/**
 * Import with preview, confirmation and undo in real Chromium against the real server (issue 11): the
 * admin uploads the mini fixture with one deliberate error and sees it in the preview (sheet, row,
 * column, value, reason) with nothing to confirm; uploads the fixed file, sees what it would add while the
 * database is still untouched, confirms, and sees the numbers on the overview; then undoes the import
 * under 导入记录 and sees the numbers return. Screenshots of the preview and the history go to
 * tests/e2e/screenshots/. Tests run in order on one database.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/auth/users';
import { openDatabase } from '../../server/db/connection';
import { importPath } from '../../server/import';
import { editLine, MINI_DIR, miniXlsx, setField } from '../server/import/import-helpers';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { signIn } from './helpers/sign-in';

const dir = mkdtempSync(join(tmpdir(), 'pbd-e2e-undo-'));
const databasePath = join(dir, 'app.db');
const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
const OVERVIEW = '/overview?period=2025&asOf=2025-12-31';
const WAIT = { timeout: 90_000 };
let app: AppProcess;
let browser: BrowserContext;
let page: Page;
/** The overview's numbers before the import. */
let before: Record<string, string>;

beforeAll(async () => {
  await ensureClientBuilt();
  // The college's units and members are in; its sessions, achievements and goals come with the upload.
  const base = join(dir, 'base');
  mkdirSync(base);
  for (const name of ['组织.csv', '党员.csv']) copyFileSync(join(MINI_DIR, name), join(base, name));
  const db = await openDatabase({ url: databasePath });
  expect((await importPath(db, base)).ok).toBe(true);
  await addUser(db, {
    username: 'e2e-admin',
    displayName: '组织部',
    role: 'admin',
    password: 'e2e-admin-pw',
    actor: { user: null, procedure: 'test' },
  });
  await db.destroy();
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await signIn(page, app.url, 'e2e-admin', 'e2e-admin-pw');
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

function sqlCount(sql: string): number {
  const sqlite = new SQLite(databasePath, { readonly: true });
  try {
    return (sqlite.prepare(sql).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

const sessions2025 = () =>
  sqlCount("select count(*) as n from activities where held_on between '2025-01-01' and '2025-12-31'");

/**
 * The overview's KPI numbers as shown; a period without any record shows its empty state instead of
 * cards (issue 14.4), returned as `{ empty: <its text> }`.
 */
async function overviewNumbers(): Promise<Record<string, string>> {
  await page.goto(`${app.url}${OVERVIEW}`);
  const sessions = page.getByTestId('kpi-value-sessions');
  const empty = page.getByTestId('period-empty');
  await sessions.or(empty).first().waitFor(WAIT);
  if (await empty.isVisible()) return { empty: ((await empty.textContent()) ?? '').trim() };
  return {
    sessions: ((await sessions.textContent()) ?? '').trim(),
    volunteerHours: ((await page.getByTestId('kpi-value-volunteerHours').textContent()) ?? '').trim(),
  };
}

async function chooseFile(buffer: Buffer): Promise<void> {
  await page.locator('[data-testid="import-panel"] input[type="file"]').setInputFiles({
    name: 'mini.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await page.getByTestId('import-start').click();
}

describe('import: preview, confirm, undo', () => {
  it('shows the deliberate error in the preview, previews the fixed file without writing, and confirms it', {
    timeout: 240_000,
  }, async () => {
    // Units and members only: 2025 has no record yet, so the overview shows the empty period, no cards.
    before = await overviewNumbers();
    expect(before.empty).toContain('还没有组织生活记录');
    expect(before.sessions).toBeUndefined();

    await page.goto(`${app.url}/data?tab=import`);
    await page.getByTestId('import-panel').waitFor(WAIT);
    // Row 12 of 组织生活: attended "二十" is not a number.
    await chooseFile(
      await miniXlsx({ '组织生活.csv': (t) => editLine(t, 12, (l) => setField(l, 7, '二十')) }),
    );
    const failed = page.locator('[data-testid="import-preview"][data-ok="false"]');
    await failed.waitFor(WAIT);
    const problem = page.locator('[data-testid="import-errors"] tbody tr').first();
    const cells = (await problem.locator('td').allTextContents()).map((c) => c.trim());
    expect(cells.slice(0, 4)).toEqual(['组织生活', '12', '实到人数', '二十']);
    expect(cells[4]).toContain('不是整数');
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'import-preview-error-zh.png'), fullPage: true });

    // The fixed file: a preview of what it adds; nothing is written yet.
    await chooseFile(await miniXlsx());
    await page.locator('[data-testid="import-preview"][data-ok="true"]').waitFor(WAIT);
    await page.getByTestId('import-confirm').waitFor(WAIT);
    const row = await page
      .locator('[data-testid="preview-counts"] tr[data-sheet="activities"] td')
      .allTextContents();
    expect(row.map((c) => c.trim())).toEqual(['组织生活', '143', '0', '0']);
    await page.locator('[data-tab="activities"]').click();
    await page.locator('[data-testid="preview-inserts-activities"] tbody tr').first().waitFor();
    expect(sessions2025()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'import-preview-zh.png'), fullPage: true });

    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor(WAIT);
    expect(sessions2025()).toBe(143);
    const after = await overviewNumbers();
    expect(after.sessions).toBe(String(sessions2025()));
    expect(after.volunteerHours).toMatch(/^[1-9][\d,.]*$/);
  });

  it('undoes the import from the history, and the numbers return', { timeout: 180_000 }, async () => {
    await page.goto(`${app.url}/data?tab=history`);
    const entry = page.locator('[data-testid="import-history-rows"] tr[data-undone="false"]', {
      hasText: 'mini.xlsx',
    });
    await entry.waitFor(WAIT);
    expect(await entry.textContent()).toContain('组织生活 新增 143');
    await page.screenshot({ path: join(SHOTS, 'import-history-zh.png'), fullPage: true });
    await entry.getByTestId('import-undo').click();
    const dialog = page.getByTestId('undo-dialog');
    await dialog.waitFor(WAIT);
    expect(await dialog.textContent()).toContain('将删除这次导入新增的');
    await page.getByTestId('undo-confirm').click();
    await page
      .locator('[data-testid="import-history-rows"] tr[data-undone="true"]', { hasText: 'mini.xlsx' })
      .waitFor(WAIT);
    expect(sessions2025()).toBe(0);
    expect(await overviewNumbers()).toEqual(before);
  });
});
