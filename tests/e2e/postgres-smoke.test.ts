/**
 * The smoke pass on PostgreSQL (issue 13: the e2e suite stays on SQLite, plus this one pass): a private
 * cluster, the mini fixture imported into it, the real server on `DATABASE_URL=postgres://…` with two API
 * workers, and real Chromium doing what a user does. The admin signs in through the form and the overview
 * shows the numbers of `overview.kpis`, expected.json and a count on PostgreSQL; the branch page shows the
 * metrics API's; a 组织生活 sheet uploaded through 数据管理 changes both; the XZ01 secretary signs in, sees
 * the new session and only her own branch. Tests run in order on one database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import type { Database } from '../../server/db/database';
import { type PostgresCluster, startPostgresCluster } from '../../server/db/postgres/cluster';
import type { TBranchMetricsRow, TMetricsCase } from '../../shared/schemas/metrics';
import type { TOverviewKpis } from '../../shared/schemas/overview';
import { apiQuery } from './helpers/api';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { seedMiniFixture } from './helpers/fixture-db';
import { renderedKpis as renderedKpisOf, shownValue } from './helpers/kpi-cards';

const OVERVIEW = '/overview?period=2025';
const BRANCH = '/branch/XZ01?period=2025';
/** Patient waits: PostgreSQL, the server, its workers and Chromium share a busy 2-core machine. */
const WAIT = { timeout: 90_000 };
/** One session of XZ01 in 2025 (a day without one in the fixture), as the import sheet holds it. */
const SHEET = `支部编号,日期,类型,主题,形式,内容模块,应到人数,实到人数,结合业务,重温入党誓词,交纳党费,书记讲党课,分享党员,备注
XZ01,2025-12-15,主题党日,冒烟测试：PostgreSQL 上的主题党日,研讨交流,党性锤炼,15,13,是,否,是,否,,
`;

const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/mini/expected.json'), 'utf8')) as {
  cases: TMetricsCase[];
};
const total2025 = expected.cases.find((c) => c.period === '2025' && c.asOf === '2025-12-31')?.total;

let cluster: PostgresCluster | undefined;
let db: Kysely<Database> | undefined;
let app: AppProcess | undefined;
let browser: BrowserContext | undefined;
let page: Page;
let xz01Id: number;

function api<T>(path: string, input: unknown): Promise<T> {
  return apiQuery<T>(page, (app as AppProcess).url, path, input);
}

const url = (path: string) => `${(app as AppProcess).url}${path}`;

/** Sessions of 2025 counted on PostgreSQL itself, beside the server's pool. */
async function sessions2025(): Promise<number> {
  const row = await (db as Kysely<Database>)
    .selectFrom('activities as a')
    .innerJoin('units as u', 'u.id', 'a.branch_id')
    .where('u.kind', '=', 'branch')
    .where('a.held_on', '>=', '2025-01-01')
    .where('a.held_on', '<=', '2025-12-31')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function renderedKpis(): Promise<Record<string, string>> {
  await page.goto(url(OVERVIEW));
  return renderedKpisOf(page, WAIT);
}

/** The overview's cards are exactly what `overview.kpis` says, and its session count PostgreSQL's. */
async function expectOverviewAsApi(): Promise<Record<string, string>> {
  const shown = await renderedKpis();
  const data = await api<TOverviewKpis>('overview.kpis', { period: '2025' });
  expect(Object.keys(shown)).toEqual(data.kpis.map((k) => k.key));
  for (const kpi of data.kpis) expect(shown[kpi.key], kpi.key).toBe(shownValue(kpi));
  expect(shown.sessions).toBe(String(await sessions2025()));
  return shown;
}

async function branchMetrics(): Promise<TBranchMetricsRow['metrics']> {
  const { row } = await api<{ row: TBranchMetricsRow }>('metrics.branch', {
    branchId: xz01Id,
    period: '2025',
  });
  return row.metrics;
}

async function signInWithForm(username: string, password: string): Promise<void> {
  await page.goto(url('/'));
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

const text = async (testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';

beforeAll(async () => {
  await ensureClientBuilt();
  cluster = await startPostgresCluster();
  await cluster.admin('create database smoke');
  const databaseUrl = cluster.url('smoke');
  await seedMiniFixture(databaseUrl, { withDemoUsers: true });
  db = await openDatabase({ url: databaseUrl, migrate: false });
  xz01Id = (await db.selectFrom('units').where('code', '=', 'XZ01').select('id').executeTakeFirstOrThrow())
    .id;
  app = await startApp({ DATABASE_URL: databaseUrl, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
}, 300_000);

// Each step even when the one before failed: the cluster must not outlive the test.
afterAll(async () => {
  try {
    await browser?.close();
    const exitCode = await app?.stop();
    if (app) expect(exitCode).toBe(0);
  } finally {
    try {
      await db?.destroy();
    } finally {
      await cluster?.stop();
    }
  }
}, 180_000);

describe('smoke pass on PostgreSQL', { timeout: 180_000 }, () => {
  it('the admin signs in through the form; the overview shows the numbers of the API, expected.json and PostgreSQL', async () => {
    await signInWithForm('admin', 'admin-demo');
    await page.waitForURL(/\/overview/, WAIT);
    const shown = await expectOverviewAsApi();
    expect(total2025).toBeDefined();
    expect(shown.sessions).toBe('143');
    expect(shown.index).toBe(total2025?.index?.toFixed(1));
    expect(shown.complianceRate).toBe(`${((total2025?.complianceRate ?? 0) * 100).toFixed(1)}%`);
    expect(shown.attendanceRate).toBe(`${((total2025?.attendanceRate ?? 0) * 100).toFixed(1)}%`);
  });

  it("opens XZ01's page with the metrics API's numbers", async () => {
    await page.goto(url(BRANCH));
    await page.getByTestId('kpi-sessions').waitFor(WAIT);
    const metrics = await branchMetrics();
    expect(metrics.sessions).toBe(33);
    expect(await text('branch-header')).toContain('行政第一党支部');
    expect(await text('kpi-sessions')).toBe(String(metrics.sessions));
    expect(await text('branch-index')).toContain(metrics.index?.toFixed(1));
    expect(await text('kpi-compliance')).toBe(`${((metrics.complianceRate ?? 0) * 100).toFixed(1)}%`);
  });

  it('uploads a 组织生活 sheet under 数据管理: after the preview and confirmation the overview and the branch count it', async () => {
    const sessionsBefore = await sessions2025();
    const branchBefore = await branchMetrics();
    await page.goto(url('/data?tab=import'));
    await page.getByTestId('import-panel').waitFor(WAIT);
    await page.locator('[data-testid="import-panel"] input[type="file"]').setInputFiles({
      name: '组织生活.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(SHEET),
    });
    await page.getByTestId('import-start').click();
    await page.locator('[data-testid="import-preview"][data-ok="true"]').waitFor(WAIT);
    const counts = await page
      .locator('[data-testid="preview-counts"] tr[data-sheet="activities"] td')
      .allTextContents();
    expect(counts.map((c) => c.trim())).toEqual(['组织生活', '1', '0', '0']);
    // A preview writes nothing.
    expect(await sessions2025()).toBe(sessionsBefore);
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor(WAIT);
    expect(await sessions2025()).toBe(sessionsBefore + 1);

    // Read back through the server's two workers: a write through one is seen by the next read.
    const shown = await expectOverviewAsApi();
    expect(shown.sessions).toBe(String(sessionsBefore + 1));
    await page.goto(url(BRANCH));
    await page.getByTestId('kpi-sessions').waitFor(WAIT);
    const branchAfter = await branchMetrics();
    expect(branchAfter.sessions).toBe(branchBefore.sessions + 1);
    expect(await text('kpi-sessions')).toBe(String(branchAfter.sessions));
  });

  it('the XZ01 secretary signs in: her branch shows the new session, and she sees only her own branch', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor(WAIT);
    await signInWithForm('secretary', 'secretary-demo');
    await page.waitForURL(/\/branch\/XZ01/, WAIT);
    await page.goto(url(BRANCH));
    await page.getByTestId('kpi-sessions').waitFor(WAIT);
    expect(await text('kpi-sessions')).toBe(String((await branchMetrics()).sessions));
    expect(await text('kpi-sessions')).toBe('34');

    // 数据管理's roster lists her branch only; another branch's page is restricted, its records refused.
    await page.goto(url('/data'));
    await page.locator('table.data-table tbody tr').first().waitFor(WAIT);
    const codes = await page.$$eval('table.data-table tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-row-id')),
    );
    expect(codes).toEqual(['XZ01']);
    await page.goto(url('/branch/JG001?period=2025'));
    await page.getByTestId('restricted-notice').waitFor(WAIT);
    const jg001 = await (db as Kysely<Database>)
      .selectFrom('units')
      .where('code', '=', 'JG001')
      .select('id')
      .executeTakeFirstOrThrow();
    const refused = await page.request.get(
      url(
        `/trpc/records.activities?input=${encodeURIComponent(JSON.stringify({ branchId: jg001.id, period: '2025' }))}`,
      ),
    );
    expect(refused.status()).toBe(403);
  });
});
