/**
 * Goals and data management in real Chromium against the real server: the admin uploads the mini
 * fixture as an XLSX, confirms its preview and sees the counts the database holds, reads the import in
 * the audit log, sets a goal for 2025 (a rate entered as %) and sees it in the table and in
 * `metrics.branches` attainment; a leader sees the same goals without any edit control. Tests run in
 * order: the upload fills the database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/auth/users';
import { openDatabase } from '../../server/db/connection';
import type { TGoalList } from '../../shared/schemas/goals';
import type { TBranchMetricsRow } from '../../shared/schemas/metrics';
import { miniXlsx } from '../server/import/import-helpers';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt } from './helpers/client-build';
import { signIn } from './helpers/sign-in';

const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-e2e-goals-')), 'app.db');
let app: AppProcess;
let admin: BrowserContext;
let leader: BrowserContext;
let page: Page;

const SYSTEM = { user: null, procedure: 'test' } as const;

beforeAll(async () => {
  await ensureClientBuilt();
  // An empty database with one admin and one leader: the data comes in through the upload test.
  const db = await openDatabase({ url: databasePath });
  await addUser(db, {
    username: 'e2e-admin',
    displayName: '组织部',
    role: 'admin',
    password: 'e2e-admin-pw',
    actor: SYSTEM,
  });
  await addUser(db, {
    username: 'e2e-leader',
    displayName: '校领导',
    role: 'leader',
    password: 'e2e-leader-pw',
    actor: SYSTEM,
  });
  await db.destroy();
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  admin = await launchBrowser();
  page = await admin.newPage();
  await signIn(page, app.url, 'e2e-admin', 'e2e-admin-pw');
});

afterAll(async () => {
  await admin?.close();
  await leader?.close();
  if (app) expect(await app.stop()).toBe(0);
});

async function api<T>(p: Page, path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await p.request.get(`${app.url}/trpc/${path}${query}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

function sqlCount(table: string): number {
  const sqlite = new SQLite(databasePath, { readonly: true });
  try {
    return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe('数据导入 (upload)', () => {
  it('uploads the mini fixture workbook and shows the counts per sheet that the database now holds', {
    timeout: 120_000,
  }, async () => {
    await page.goto(`${app.url}/data?tab=import`);
    await page.getByTestId('import-panel').waitFor();
    await page.locator('[data-testid="import-panel"] input[type="file"]').setInputFiles({
      name: 'mini.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await miniXlsx(),
    });
    await page.getByTestId('import-start').click();
    // The upload is a preview first: nothing is written until it is confirmed.
    await page.getByTestId('import-confirm').waitFor({ timeout: 30_000 });
    expect(sqlCount('activities')).toBe(0);
    await page.getByTestId('import-confirm').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    for (const [sheet, table] of [
      ['units', 'units'],
      ['members', 'members'],
      ['activities', 'activities'],
      ['achievements', 'achievements'],
      ['goals', 'goals'],
    ] as const) {
      const cells = await page
        .locator(`[data-testid="import-counts"] tr[data-sheet="${sheet}"] td`)
        .allTextContents();
      expect(Number(cells[1]), sheet).toBe(sqlCount(table)); // 新增
      expect(Number(cells[1]), sheet).toBeGreaterThan(0);
      expect(cells.slice(2).map(Number)).toEqual([0, 0]);
    }
    expect(
      await page
        .locator('[data-testid="import-counts"] tr[data-sheet="activities"] td')
        .first()
        .textContent(),
    ).toBe('组织生活');
  });

  it('shows the import in the audit log with the user, and its counts', async () => {
    await page.goto(`${app.url}/data?tab=audit`);
    const row = page.locator('[data-testid="audit-log"] tbody tr', { hasText: 'mini.xlsx' }).first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('e2e-admin');
    expect(text).toContain('导入数据');
    // Counts in words, not JSON (issue 14.9); the rows it added are listed under the row.
    expect(text).toContain(`组织生活：新增 ${sqlCount('activities')}`);
    expect(text).not.toContain('{');
    await row.locator('.ant-table-row-expand-icon').click();
    const inserted = page.locator('[data-testid="audit-inserted"]').first();
    await inserted.waitFor();
    expect(await inserted.textContent()).toContain(`新增的组织生活：${sqlCount('activities')} 条`);
  });
});

describe('目标 (goals)', () => {
  // antd puts the test id on the <input> of an InputNumber (or on its wrapper in other versions).
  const TARGET_INPUT = 'input[data-testid="goal-form-target"], [data-testid="goal-form-target"] input';
  const KEY = 'category:faculty|sharingCoverage';

  it('admin adds a 2025 goal (80% for 教工 sharing coverage): the table and metrics.branches attainment change', async () => {
    page.setDefaultTimeout(10_000);
    const before = (await api<{ rows: TBranchMetricsRow[] }>(page, 'metrics.branches', { period: '2025' }))
      .rows;
    const faculty = before.find((r) => r.branch.category === 'faculty' && r.metrics.sharingCoverage !== null);
    expect(faculty, 'a faculty branch with a sharing coverage').toBeDefined();
    const was = faculty?.metrics.goals.sharingCoverage;
    expect(was?.target).toBe(0.5); // the 全部 goal of the fixture

    await page.goto(`${app.url}/goals?year=2025`);
    const table = page.getByTestId('goals-table');
    await table.locator('tbody tr[data-goal]').first().waitFor();
    // The tab names the goal year the page shows.
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('目标 · 2025年 — 党建成效分析看板');
    const listed = await api<TGoalList>(page, 'goals.list', { year: 2025 });
    expect(await table.locator('tbody tr[data-goal]').count()).toBe(listed.goals.length);

    await page.getByTestId('goal-add').click();
    const form = page.getByTestId('goal-form');
    // A click while the dialog still zooms in can miss: click 类型 until its category field shows.
    const category = page.getByTestId('goal-form-category');
    await expect
      .poll(
        async () => {
          if (!(await category.isVisible())) await form.getByText('类型', { exact: true }).click();
          return category.isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await category.click();
    await page.locator('.ant-select-item-option[title="教工"]').click();
    await page.getByTestId('goal-form-metric').click();
    await page.keyboard.type('党员分享');
    await page.locator('.ant-select-item-option[title="党员分享覆盖率"]').click();
    await page.locator(TARGET_INPUT).fill('80');
    await page.locator('#goal-form-save').click();

    const row = table.locator(`tbody tr[data-goal="${KEY}"]`);
    await row.waitFor();
    await expect(row.getByTestId('goal-target').textContent()).resolves.toBe('80%');
    expect(await row.textContent()).toContain('教工');

    const after = (await api<{ rows: TBranchMetricsRow[] }>(page, 'metrics.branches', { period: '2025' }))
      .rows;
    const now = after.find((r) => r.branch.code === faculty?.branch.code)?.metrics.goals.sharingCoverage;
    expect(now?.target).toBe(0.8);
    expect(now?.attainment).not.toBe(was?.attainment);
    const value = faculty?.metrics.sharingCoverage as number;
    expect(now?.attainment).toBeCloseTo(Math.min(value / 0.8, 1), 6);
  });

  it('validates in Chinese: a rate over 100% is refused and nothing is written', async () => {
    const goals = sqlCount('goals');
    await page.getByTestId('goal-add').click();
    await page.getByTestId('goal-form-metric').click();
    await page.keyboard.type('出勤率');
    await page.locator('.ant-select-item-option[title="出勤率"]').click();
    await page.locator(TARGET_INPUT).fill('120');
    await page.locator('#goal-form-save').click();
    await page.getByText('比率目标应在 0–100% 之间').waitFor();
    expect(sqlCount('goals')).toBe(goals);
    await page.keyboard.press('Escape');
  });

  it('a leader sees the goals read-only: no add, edit or remove controls, and the weights as text', async () => {
    leader = await launchBrowser();
    const leaderPage = await leader.newPage();
    await signIn(leaderPage, app.url, 'e2e-leader', 'e2e-leader-pw');
    await leaderPage.goto(`${app.url}/goals?year=2025`);
    const row = leaderPage.locator(`[data-testid="goals-table"] tbody tr[data-goal="${KEY}"]`);
    await row.waitFor();
    await expect(row.getByTestId('goal-target').textContent()).resolves.toBe('80%');
    expect(await leaderPage.getByTestId('goal-add').count()).toBe(0);
    expect(await leaderPage.getByTestId('goal-edit').count()).toBe(0);
    expect(await leaderPage.getByTestId('goal-remove').count()).toBe(0);
    expect(await leaderPage.getByTestId('weights-save').count()).toBe(0);
    await expect(leaderPage.getByTestId('weight-complianceRate').textContent()).resolves.toBe('30');
    // The data page: no audit tab, and no upload control.
    await leaderPage.goto(`${app.url}/data?tab=audit`);
    await leaderPage.locator('table.data-table tbody tr').first().waitFor();
    expect(await leaderPage.locator('[data-tab="audit"]').count()).toBe(0);
    await leaderPage.goto(`${app.url}/data?tab=import`);
    await leaderPage.getByTestId('import-panel').waitFor();
    expect(await leaderPage.getByTestId('import-start').count()).toBe(0);
  });

  it('on a phone, each target and last year\'s actual stays on one line (no "86.87 / %")', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/goals?year=2025`);
    await page.locator(`[data-testid="goals-table"] tbody tr[data-goal="${KEY}"]`).waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="goal-actual"]')?.textContent !== '',
    );
    // An inline element that wraps has one client rect per line.
    const lines = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll('[data-testid="goal-actual"], [data-testid="goal-target"]'),
        (e) => [e.textContent, e.getClientRects().length],
      ),
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.filter(([, n]) => n !== 1)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
