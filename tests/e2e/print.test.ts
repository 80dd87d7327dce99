/**
 * Print and the long ranking in real Chromium on the demo college (39 branches, issue 12): printing the
 * compare page hides the navigation and the buttons, shows the print header with the period and the
 * date, and renders every row of the virtualized grid (on screen only the rows in view are drawn); a
 * dark-themed page prints light; the ranking's SVG export names every branch the ranking shows.
 * Screenshots go to .tmp/e2e-print/ to be looked at.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { waitForSettledPage } from './helpers/page-ready';
import { signIn } from './helpers/sign-in';

const OUT = join(ROOT, '.tmp', 'e2e-print');
let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  await ensureClientBuilt();
  mkdirSync(OUT, { recursive: true });
  // An empty database in demo mode: the server loads the demo college and its accounts.
  app = await startApp(
    { DATABASE_URL: join(mkdtempSync(join(tmpdir(), 'pbd-print-')), 'app.db'), DEMO: 'on' },
    300_000,
  );
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await signIn(page, app.url, 'admin', 'admin-demo');
}, 360_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

const rowsInDom = () => page.locator('table.virtual-grid tbody tr[data-row-id]').count();

async function rowCount(): Promise<number> {
  await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
  return Number(await page.locator('.virtual-grid-scroll').getAttribute('data-row-count'));
}

describe('print', () => {
  it('prints the compare page without navigation or buttons, with its header and every row', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${app.url}/compare?period=2025`);
    const total = await rowCount();
    expect(total).toBeGreaterThan(30);
    expect(await rowsInDom()).toBeLessThan(total); // virtualized on screen
    await page.emulateMedia({ media: 'print' });
    try {
      await page.waitForFunction(
        (n) => document.querySelectorAll('table.virtual-grid tbody tr[data-row-id]').length === n,
        total,
        { timeout: 30_000 },
      );
      for (const hidden of [
        '.app-sider',
        '.app-header',
        '[data-testid="compare-export"]',
        '[data-testid="period-picker"]',
      ])
        expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
      const header = page.locator('[data-testid="print-header"]');
      expect(await header.isVisible()).toBe(true);
      expect(await header.textContent()).toMatch(
        /支部对比.*期间 \d{4}年.*打印于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/s,
      );
      // The grid's header repeats on every printed page.
      const headerDisplay = await page.$eval(
        'table.virtual-grid thead',
        (el) => getComputedStyle(el).display,
      );
      expect(headerDisplay).toBe('table-header-group');
      await waitForSettledPage(page);
      await page.screenshot({ path: join(OUT, 'compare-print.png'), fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll('table.virtual-grid tbody tr[data-row-id]').length < n,
      total,
    );
  });

  it('prints a dark-themed page in the light theme, charts no wider than the page', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    await page.locator('[data-testid="theme-switch"]').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.emulateMedia({ media: 'print' });
    try {
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
      await waitForSettledPage(page);
      const overflow = await page.$$eval(
        'figure.e-chart canvas',
        (canvases) =>
          canvases.filter((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .length,
      );
      expect(overflow).toBe(0);
      await page.screenshot({ path: join(OUT, 'overview-print-from-dark.png'), fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.locator('[data-testid="theme-switch"]').click();
    }
  });
});

describe('the ranking of every branch', () => {
  it('draws every name on screen within a scrolling page of 40, and puts every name in the SVG', async () => {
    await page.goto(`${app.url}/compare?period=2025`);
    await page.locator('[data-testid="compare-ranking"] canvas').first().waitFor();
    await waitForSettledPage(page);
    await page
      .locator('[data-testid="compare-ranking-card"]')
      .screenshot({ path: join(OUT, 'ranking-screen.png') });
    await page.locator('[data-testid="compare-ranking"] [data-chart-tool="export"]').click();
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('menuitem', { name: 'SVG 矢量图' }).click(),
    ]);
    const path = join(OUT, file.suggestedFilename());
    await file.saveAs(path);
    const svg = readFileSync(path, 'utf8');
    // The ranking shows every branch with an index (metrics.branches, what the page reads).
    const input = encodeURIComponent(JSON.stringify({ period: '2025' }));
    const res = await page.request.get(`${app.url}/trpc/metrics.branches?input=${input}`);
    const rows = (
      (await res.json()) as {
        result: { data: { rows: { branch: { name: string }; metrics: { index: number | null } }[] } };
      }
    ).result.data.rows;
    const names = rows.filter((r) => r.metrics.index !== null).map((r) => r.branch.name);
    expect(names.length).toBeGreaterThan(30);
    const missing = names.filter((name) => !svg.includes(name));
    expect(missing).toEqual([]);
    const { file: png } = await (async () => {
      await page.locator('[data-testid="compare-ranking"] [data-chart-tool="export"]').click();
      const [pngFile] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('menuitem', { name: 'PNG 图片（2 倍清晰度）' }).click(),
      ]);
      return { file: pngFile };
    })();
    await png.saveAs(join(OUT, png.suggestedFilename()));
  });
});
