/**
 * 总览 and 大屏 in real Chromium against the real server on the mini fixture: the KPI cards show the numbers
 * of `overview.kpis` (and of expected.json and SQL), an overdue slot links to its branch's slots, the period
 * survives a reload, `/` lands on the overview, the language switch relabels the cards, a secretary's
 * due-soon list holds only their branch, and /screen shows the same KPIs without the app chrome at 1920×1080.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMetricsCase } from '../../shared/schemas/metrics';
import type { TDueSoon, TOverviewKpis } from '../../shared/schemas/overview';
import { apiQuery } from './helpers/api';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { renderedKpis as renderedKpisOf, shownValue } from './helpers/kpi-cards';
import { signIn as signInAs } from './helpers/sign-in';

let databasePath: string;
const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/mini/expected.json'), 'utf8')) as {
  cases: TMetricsCase[];
};
let app: AppProcess;
let browser: BrowserContext;
let page: Page;

function signIn(username: string, password: string): Promise<void> {
  return signInAs(page, app.url, username, password);
}

function api<T>(path: string, input: unknown): Promise<T> {
  return apiQuery<T>(page, app.url, path, input);
}

function renderedKpis(): Promise<Record<string, string>> {
  return renderedKpisOf(page);
}

function sqlSessions(from: string, to: string): number {
  const sqlite = new SQLite(databasePath, { readonly: true });
  const row = sqlite
    .prepare(
      `select count(*) as n from activities a join units u on u.id = a.branch_id
       where u.kind = 'branch' and a.held_on between ? and ?`,
    )
    .get(from, to) as { n: number };
  sqlite.close();
  return row.n;
}

beforeAll(async () => {
  await ensureClientBuilt();
  databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn('leader', 'leader-demo');
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

describe('overview (总览)', () => {
  it('`/` lands on the overview', async () => {
    await page.goto(`${app.url}/?period=2025`);
    await page.waitForURL(/\/overview\?period=2025/);
    await page.locator('[data-testid="overview-page"]').waitFor();
  });

  it('shows the KPI numbers of overview.kpis, expected.json and SQL, with goals and YoY', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    const shown = await renderedKpis();
    const data = await api<TOverviewKpis>('overview.kpis', { period: '2025' });
    expect(Object.keys(shown)).toEqual(data.kpis.map((k) => k.key));
    for (const kpi of data.kpis) expect(shown[kpi.key], kpi.key).toBe(shownValue(kpi));

    const total = expected.cases.find((c) => c.period === '2025' && c.asOf === '2025-12-31')!.total;
    expect(shown.complianceRate).toBe(`${(total.complianceRate! * 100).toFixed(1)}%`);
    expect(shown.index).toBe(total.index!.toFixed(1));
    expect(shown.sessions).toBe(String(sqlSessions('2025-01-01', '2025-12-31')));
    expect(shown.sessions).toBe('143');

    // Goals: 95% for compliance (目标.csv 全部), 30 sessions for each of 5 branches.
    await expect(page.locator('[data-testid="kpi-goal-complianceRate"]').textContent()).resolves.toContain(
      '95.0%',
    );
    await expect(page.locator('[data-testid="kpi-goal-sessions"]').textContent()).resolves.toContain('150');
    // Year over year: 143 sessions against the year before.
    const sessions = data.kpis.find((k) => k.key === 'sessions')!;
    const delta = sessions.delta!;
    await expect(page.locator('[data-testid="kpi-delta-sessions"]').textContent()).resolves.toContain(
      `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(0)}`,
    );
    await expect(page.locator('[data-testid="kpi-sessions"]').getAttribute('data-status')).resolves.toBe(
      sessions.goal!.status,
    );
    // The charts are drawn.
    for (const id of ['trend-chart', 'status-chart', 'ranking-chart', 'category-chart']) {
      await page.locator(`[data-testid="${id}"] canvas`).first().waitFor();
    }
  });

  it('lists last month’s overdue slots, each linking to the branch’s slots of that type and month', async () => {
    await page.goto(`${app.url}/overview?period=2025&asOf=2025-09-15`);
    await page.locator('[data-testid="alert-item"]').first().waitFor();
    const overview = await api<{
      alerts: { month: string; items: { code: string; backlog: { type: string; slot: string }[] }[] };
    }>('overview.summary', { period: '2025', asOf: '2025-09-15', limit: 5 });
    expect(overview.alerts.month).toBe('2025-08');
    const codes = await page.$$eval('[data-testid="alert-item"]', (els) =>
      els.map((el) => (el as HTMLElement).dataset.code),
    );
    expect(codes).toEqual(overview.alerts.items.map((i) => i.code));
    await expect(
      page.locator('[data-testid="alerts-card"] .ant-card-head-title').textContent(),
    ).resolves.toContain('2025年8月');

    // JG001 held no committee meeting in August 2025.
    const link = page.locator(
      '[data-testid="alert-item"][data-code="JG001"] a[href*="type=committee_meeting"]',
    );
    await expect(link.getAttribute('href')).resolves.toBe(
      '/branch/JG001?period=2025-08&drill=slots&type=committee_meeting',
    );
    await link.click();
    await page.waitForURL(/\/branch\/JG001\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/branch/JG001');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      period: '2025-08',
      drill: 'slots',
      type: 'committee_meeting',
    });
  });

  it('keeps the period in the address across a reload', async () => {
    await page.goto(`${app.url}/overview?period=2025-Q2`);
    await page.reload();
    const shown = await renderedKpis();
    expect(new URL(page.url()).searchParams.get('period')).toBe('2025-Q2');
    await expect(page.locator('[data-testid="overview-subtitle"]').textContent()).resolves.toContain(
      '2025年第2季度',
    );
    const q2 = expected.cases.find((c) => c.period === '2025-Q2')!.total;
    expect(shown.sessions).toBe(String(q2.sessions));
    expect(shown.sessions).toBe(String(sqlSessions('2025-04-01', '2025-06-30')));
    expect(shown.complianceRate).toBe(`${(q2.complianceRate! * 100).toFixed(1)}%`);
  });

  it('switches the labels to English', async () => {
    await page.goto(`${app.url}/overview?period=2025&lang=en`);
    await renderedKpis();
    await expect(page.locator('[data-testid="kpi-complianceRate"] .kpi-label').textContent()).resolves.toBe(
      'Compliance rate',
    );
    await expect(page.locator('[data-testid="overview-subtitle"]').textContent()).resolves.toContain(
      'Leadership cockpit',
    );
    await page.locator('[data-testid="lang-switch"]').click();
    await expect(page.locator('[data-testid="kpi-complianceRate"] .kpi-label').textContent()).resolves.toBe(
      '组织生活完成率',
    );
  });

  it('shows a secretary only their own branch as due soon', async () => {
    await signIn('secretary', 'secretary-demo');
    try {
      await page.goto(`${app.url}/overview?period=2025`);
      await page.locator('[data-testid="due-soon-card"] .ant-card-body').first().waitFor();
      const dueSoon = await api<TDueSoon>('overview.dueSoon', {});
      expect(new Set(dueSoon.items.map((i) => i.code))).toEqual(new Set(dueSoon.total ? ['XZ01'] : []));
      // The card's body exists while its list still loads: wait until it shows what the API answers.
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="due-soon-item"]').length === n &&
          !document.querySelector('[data-testid="due-soon-card"] .ant-spin-spinning'),
        dueSoon.items.length,
        { timeout: 60_000 },
      );
      const names = await page.$$eval('[data-testid="due-soon-item"] .overview-list-name', (els) =>
        els.map((el) => el.textContent),
      );
      expect(names.length).toBe(dueSoon.items.length);
      for (const name of names) expect(name).toBe('行政第一党支部');
    } finally {
      await signIn('leader', 'leader-demo');
    }
  });
});

describe('big screen (大屏)', () => {
  it('opens from the overview and shows the same KPIs without the app chrome, fitting 1920×1080', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${app.url}/overview?period=2025`);
    await page.locator('[data-testid="big-screen-link"]').click();
    await page.waitForURL(/\/screen\?period=2025/);
    await page.locator('[data-testid="big-screen"]').waitFor();
    const shown = await renderedKpis();
    const data = await api<TOverviewKpis>('overview.kpis', { period: '2025' });
    for (const kpi of data.kpis) expect(shown[kpi.key], kpi.key).toBe(shownValue(kpi));
    expect(await page.locator('.app-header').count()).toBe(0);
    expect(await page.locator('.app-sider').count()).toBe(0);
    await page.locator('[data-testid="ranking-chart"] canvas').first().waitFor();
    await page.locator('[data-testid="alert-item"]').first().waitFor();
    await expect(page.locator('[data-testid="screen-updated"]').textContent()).resolves.toMatch(
      /更新于 \d{1,2}:\d{2}:\d{2}/,
    );
    const size = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
    }));
    expect(size.scrollHeight).toBeLessThanOrEqual(1080);
    expect(size.scrollWidth).toBeLessThanOrEqual(1920);
    // Large type: the KPI numbers are readable across a room.
    const fontSize = await page.$eval('[data-testid="kpi-value-sessions"]', (el) =>
      Number.parseFloat(getComputedStyle(el).fontSize),
    );
    expect(fontSize).toBeGreaterThanOrEqual(48);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
