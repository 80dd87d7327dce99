/**
 * The branch list in real Chromium against the real server process: rows, names and counts must be
 * what the API and the database say, sorting must follow the headers and the address, the language
 * switch must switch the labels, and the server must stop cleanly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/auth/users';
import { openDatabase } from '../../server/db/connection';
import type { TBranchListItem } from '../../server/db/queries/branches';
import { importPath } from '../../server/import';
import { CATEGORIES } from '../../shared/domain';
import { todayIso } from '../../shared/schemas/date';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { signIn } from './helpers/sign-in';

const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-e2e-')), 'app.db');
let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  await ensureClientBuilt();
  // The mini fixture, imported with the real import engine, then served with the demo off.
  const db = await openDatabase({ url: databasePath });
  const report = await importPath(db, join(ROOT, 'tests/fixtures/mini'), { lang: 'zh' });
  // DEMO=off has no accounts: the branch list is read as a leader made the way an operator would.
  await addUser(db, {
    username: 'e2e-leader',
    displayName: '测试领导',
    role: 'leader',
    password: 'e2e-leader-password',
    actor: { user: null, procedure: 'test' },
  });
  await db.destroy();
  if (!report.ok) throw new Error(`fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, app.url, 'e2e-leader', 'e2e-leader-password');
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0); // graceful shutdown on SIGTERM
});

async function apiBranches(): Promise<TBranchListItem[]> {
  const res = await page.request.get(`${app.url}/trpc/branches.list`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: TBranchListItem[] } }).result.data;
}

/** The same counts, asked of the database file directly with a different formulation of the query. */
function sqlCounts(): Map<string, { name: string; members: number; total: number }> {
  const sqlite = new SQLite(databasePath, { readonly: true });
  const today = todayIso();
  const rows = sqlite
    .prepare(
      `select u.code, u.name,
        (select count(*) from members m where m.branch_id = u.id and m.joined_on <= ? and (m.left_on is null or m.left_on >= ?)) as members,
        (select count(*) from activities a where a.branch_id = u.id) as total
       from units u where u.kind = 'branch'`,
    )
    .all(today, today) as { code: string; name: string; members: number; total: number }[];
  sqlite.close();
  return new Map(rows.map((r) => [r.code, r]));
}

/** Reads the rendered grid: one record per body row, keyed by column id. */
async function renderedRows(): Promise<Record<string, string>[]> {
  await page.locator('table.data-table tbody tr').first().waitFor();
  return page.$$eval('table.data-table tbody tr', (trs) =>
    trs.map((tr) =>
      Object.fromEntries(
        Array.from(tr.querySelectorAll('td')).map((td) => [
          td.dataset.column ?? '',
          td.textContent?.trim() ?? '',
        ]),
      ),
    ),
  );
}

describe('branch list (支部名册)', () => {
  it('opens on the branch list and shows every branch with the counts of the API and the database', async () => {
    // `/` now opens the overview; the roster is under 数据管理.
    await page.goto(`${app.url}/data`);
    await expect(page.locator('h2').textContent()).resolves.toBe('支部名册');

    const api = await apiBranches();
    const sql = sqlCounts();
    const rows = await renderedRows();
    expect(api.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.code)).toEqual(api.map((b) => b.code));
    expect(new Set(rows.map((r) => r.code))).toEqual(new Set(sql.keys()));

    for (const branch of api) {
      const row = rows.find((r) => r.code === branch.code);
      const fromSql = sql.get(branch.code);
      expect(row?.name, branch.code).toContain(branch.name);
      expect(row?.name).toContain(fromSql?.name ?? '?');
      expect(row?.category).toBe(branch.category ? CATEGORIES.byKey[branch.category].zh : '');
      expect(row?.parent).toBe(branch.parentName ?? '');
      expect(Number(row?.memberCount)).toBe(branch.memberCount);
      expect(Number(row?.memberCount)).toBe(fromSql?.members);
      expect(Number(row?.activitiesTotal)).toBe(fromSql?.total);
      expect(Number(row?.activitiesThisYear)).toBe(branch.activitiesThisYear);
    }
    // The fixture's 行政第一党支部 is really there with members and sessions (not an all-zero table).
    const xz01 = rows.find((r) => r.code === 'XZ01');
    expect(xz01?.name).toContain('行政第一党支部');
    expect(Number(xz01?.activitiesTotal)).toBeGreaterThan(0);
    expect(Number(xz01?.memberCount)).toBeGreaterThan(0);
  });

  it('sorts by a clicked header, keeps the sort in the address and restores it on reload', async () => {
    const api = await apiBranches();
    const byTotalDesc = [...api]
      .sort((a, b) => b.activitiesTotal - a.activitiesTotal)
      .map((b) => b.activitiesTotal);

    const header = page.locator('th[data-column="activitiesTotal"] button');
    await header.click(); // numbers sort descending first
    await page.waitForURL(/sort=activitiesTotal\.desc/);
    expect((await renderedRows()).map((r) => Number(r.activitiesTotal))).toEqual(byTotalDesc);
    await expect(page.locator('th[data-column="activitiesTotal"]').getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );

    await page.reload();
    expect((await renderedRows()).map((r) => Number(r.activitiesTotal))).toEqual(byTotalDesc);

    await page.locator('th[data-column="activitiesTotal"] button').click();
    await page.waitForURL(/sort=activitiesTotal(?!\.desc)/);
    expect((await renderedRows()).map((r) => Number(r.activitiesTotal))).toEqual([...byTotalDesc].reverse());
  });

  it('switches to English: menu, headers and category labels', async () => {
    await page.goto(`${app.url}/data`);
    await page.getByTestId('lang-switch').click();
    await expect(page.locator('h2').textContent()).resolves.toBe('Branches');
    await expect(page.locator('[data-nav="compare"]').textContent()).resolves.toBe('Compare');
    const api = await apiBranches();
    const rows = await renderedRows();
    for (const branch of api) {
      const row = rows.find((r) => r.code === branch.code);
      expect(row?.category).toBe(branch.category ? CATEGORIES.byKey[branch.category].en : '');
    }
    // The choice survives a reload.
    await page.reload();
    await expect(page.locator('h2').textContent()).resolves.toBe('Branches');
    await page.getByTestId('lang-switch').click();
    await expect(page.locator('h2').textContent()).resolves.toBe('支部名册');
  });

  it('has the product navigation; a branch name links to its detail page', async () => {
    await page.goto(`${app.url}/data`);
    // Every entry is a real page now (own e2e tests).
    for (const [key, path] of [
      ['overview', '/overview'],
      ['compare', '/compare'],
      ['branch', '/branch'],
      ['goals', '/goals'],
    ] as const) {
      await page.locator(`[data-nav="${key}"]`).click();
      await page.waitForURL(new RegExp(`${path}(\\?.*)?$`));
    }
    await page.getByTestId('goals-page').waitFor();
    await page.locator('[data-nav="data"]').click();
    await page.waitForURL(/\/data$/);
    await page.locator('table.data-table a', { hasText: '行政第一党支部' }).click();
    await page.waitForURL(/\/branch\/XZ01(\?.*)?$/);
  });
});
