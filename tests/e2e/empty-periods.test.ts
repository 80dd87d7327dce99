/**
 * Empty and impossible periods say so (issue 14.4), in real Chromium against the real server on the mini
 * fixture (first session 2025-01-05), with the browser's clock on 2025-08-14: a year before the data shows
 * "2024年无组织生活记录（数据自 2025 年起）" on the overview, the comparison and a branch page, a year not
 * started yet says so, and no error card shows; a branch page before the branch was founded says when and
 * opens its first year in one click.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiQuery } from './helpers/api';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn } from './helpers/sign-in';

/** 10:00 in the college's time zone: today is 2025-08-14 there, so 2026 has not started. */
const NOW = new Date('2025-08-14T10:00:00+08:00');

let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  await ensureClientBuilt();
  const databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await page.clock.setFixedTime(NOW);
  await signIn(page, app.url, 'admin', 'admin-demo');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

/** The empty state's sentence once it shows; no error card beside it. */
async function emptyText(): Promise<string> {
  const empty = page.getByTestId('period-empty').locator('.ant-empty-description');
  await empty.waitFor();
  expect(await page.locator('[data-state="error"]').count()).toBe(0);
  return (await empty.textContent()) ?? '';
}

describe('a period without records', () => {
  it('the fixture starts in 2025 (metrics.years)', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    const years = await apiQuery<{ first: number; firstDay: string | null }>(page, app.url, 'metrics.years');
    expect(years).toMatchObject({ first: 2025, firstDay: '2025-01-05' });
  });

  it('a year before the data: overview, comparison and branch page say so, with no KPI, grid or error', async () => {
    await page.goto(`${app.url}/overview?period=2024`);
    expect(await emptyText()).toBe('2024年无组织生活记录（数据自 2025 年起）');
    expect(await page.locator('[data-testid^="kpi-value-"]').count()).toBe(0);

    await page.goto(`${app.url}/compare?period=2024`);
    expect(await emptyText()).toBe('2024年无组织生活记录（数据自 2025 年起）');
    expect(await page.locator('table.virtual-grid tbody tr[data-row-id]').count()).toBe(0);
    // The empty state alone: no "0 of N shown" and nothing to export.
    await page.waitForFunction(() => {
      const button = document.querySelector('[data-testid="compare-export"]');
      return button instanceof HTMLButtonElement && button.disabled;
    });
    expect(await page.getByTestId('compare-shown').textContent()).toBe('');
    expect(await page.getByTestId('compare-subtitle').count()).toBe(0);

    await page.goto(`${app.url}/branch/XZ01?period=2024`);
    expect(await emptyText()).toBe('2024年无组织生活记录（数据自 2025 年起）');
    expect(await page.getByTestId('slot-grid').count()).toBe(0);
  });

  it('a year not started yet says so instead of error cards', async () => {
    await page.goto(`${app.url}/overview?period=2026`);
    expect(await emptyText()).toBe('2026年尚未开始，还没有可统计的数据');
  });

  it('a year with records shows its figures', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    await page.locator('[data-testid="kpi-value-index"]').first().waitFor();
    expect(await page.getByTestId('period-empty').count()).toBe(0);
  });
});

describe('a month still running (counted to 2025-08-14)', () => {
  const running = '进行中';

  it('the overview ranks nobody: its ranking is the 进行中 note, like the index card', async () => {
    await page.goto(`${app.url}/overview?period=2025-08&asOf=2025-08-14`);
    await page.getByTestId('kpi-value-index').first().waitFor();
    expect(await page.getByTestId('kpi-value-index').first().textContent()).toContain(running);
    const note = page.getByTestId('running-month-note');
    await note.waitFor();
    expect(await note.textContent()).toContain('本月尚未结束');
    expect(await page.getByTestId('ranking-chart').count()).toBe(0);
  });

  it('the comparison grid says 进行中 in every index and rank cell, and its index ranking is the note', async () => {
    await page.goto(`${app.url}/compare?period=2025-08&asOf=2025-08-14`);
    const rows = page.locator('table.virtual-grid tbody tr[data-row-id]');
    await rows.first().waitFor();
    const cells = page.locator('[data-running-month="true"]');
    expect(await cells.count()).toBe((await rows.count()) * 2);
    expect(new Set(await cells.allTextContents())).toEqual(new Set([running]));
    await page.getByTestId('compare-ranking-card').getByTestId('running-month-note').waitFor();
  });

  it('a month over shows its numbers again', async () => {
    await page.goto(`${app.url}/compare?period=2025-07`);
    await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
    expect(await page.locator('[data-running-month="true"]').count()).toBe(0);
  });
});

describe('a branch page outside the branch life', () => {
  it('before LT003 was founded (2025-04-14): when, no slots, and its first year one click away', async () => {
    await page.goto(`${app.url}/branch/LT003?period=2025-Q1`);
    const notice = page.getByTestId('branch-lifetime');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('成立于 2025-04-14');
    expect(text).not.toMatch(/不在该期间内|：\d+$/);
    expect(await page.locator('[data-state="error"]').count()).toBe(0);
    expect(await page.getByTestId('slot-grid').count()).toBe(0);

    await page.getByTestId('branch-lifetime-link').click();
    await page.waitForURL(/period=2025(?![-\d])/);
    await page.getByTestId('slot-grid').waitFor();
    expect(await page.getByTestId('branch-lifetime').count()).toBe(0);
  });
});

describe('in English', () => {
  it('the same sentences', async () => {
    await page.evaluate(() => localStorage.setItem('pbd.lang', 'en'));
    await page.goto(`${app.url}/overview?period=2024`);
    expect(await emptyText()).toBe('No party-life records in 2024 (the data start in 2025)');
    await page.goto(`${app.url}/branch/LT003?period=2025-Q1`);
    await page.getByTestId('branch-lifetime').waitFor();
    expect(await page.getByTestId('branch-lifetime').textContent()).toContain('was founded on 2025-04-14');
  });
});

describe("the secretary's home in a month still running", () => {
  it('says 进行中 instead of her index, the college mean and her rank', async () => {
    await browser.clearCookies();
    await signIn(page, app.url, 'secretary', 'secretary-demo');
    // On a phone, where a narrow header once split 进行中 over two lines.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/branch/XZ01?period=2025-08&asOf=2025-08-14&lang=zh`);
    const line = page.getByTestId('agenda-index');
    await line.waitFor();
    const text = (await line.textContent()) ?? '';
    expect(text).toContain('进行中');
    expect(text).not.toMatch(/全校平均|全校排名/);
    // The header: 进行中 on one line, and no ranks of that index.
    const index = page.getByTestId('branch-index').locator('.bd-score-value');
    expect(await index.textContent()).toBe('进行中');
    expect(await index.evaluate((e) => e.getClientRects().length)).toBe(1);
    expect(await page.getByTestId('branch-rank').locator('.bd-score-value').textContent()).toBe('—');
    expect(await page.getByTestId('branch-category-rank').locator('.bd-score-value').textContent()).toBe('—');

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.url}/branch/XZ01?period=2025-07&lang=zh`);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="agenda-index"]')?.textContent?.includes('全校平均'),
    );
  });
});
