/**
 * Navigation keeps its place (issue 14.6) and every page is named (14.8), in real Chromium against the real
 * server on the mini fixture, with the browser's clock on 2025-08-14 (the fixture's year): /login once
 * signed in goes to the overview or the page asked for; an unknown address says so and links home; 季度 and
 * 月度 open on the current quarter and month; the period chosen survives the side menu, also through a page
 * without a period; the tab's title names page and period; each page has its landmarks and one h1; on a
 * phone the menu opens from the header.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiQuery } from './helpers/api';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn } from './helpers/sign-in';

/** 10:00 in the college's time zone (Asia/Shanghai, the default): today is 2025-08-14 there. */
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
  page.setDefaultTimeout(30_000);
  await page.clock.setFixedTime(NOW);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

const search = (name: string) => new URL(page.url()).searchParams.get(name);

/** Forgets the session cookie (a fresh visitor). */
async function signOut(): Promise<void> {
  await browser.clearCookies();
}

/** Signs in with the login form shown at the current address. */
async function signInWithForm(username: string, password: string): Promise<void> {
  await page.getByTestId('login-page').waitFor();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** The landmarks and headings a page must have: one main, one visible nav (app pages), exactly one h1. */
async function landmarks(): Promise<{ main: number; nav: number; h1: string[] }> {
  return page.evaluate(() => ({
    main: document.querySelectorAll('main').length,
    nav: Array.from(document.querySelectorAll('nav')).filter((n) => n.getClientRects().length > 0).length,
    h1: Array.from(document.querySelectorAll('h1')).map((h) => h.textContent?.trim() ?? ''),
  }));
}

describe('after signing in', () => {
  it('/login goes on to the overview (no 404)', async () => {
    await signOut();
    await page.goto(`${app.url}/login`);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('登录 — 党建成效分析看板');
    await signInWithForm('admin', 'admin-demo');
    await page.waitForURL((url) => url.pathname === '/overview');
    await page.getByTestId('overview-page').waitFor();
    expect(await page.getByTestId('not-found').count()).toBe(0);
  });

  it('/login?next= goes on to the page asked for', async () => {
    await signOut();
    await page.goto(`${app.url}/login?next=${encodeURIComponent('/compare?period=2025-Q2')}`);
    await signInWithForm('admin', 'admin-demo');
    await page.waitForURL((url) => url.pathname === '/compare');
    expect(search('period')).toBe('2025-Q2');
    await page.getByTestId('compare-page').waitFor();
  });

  it('a bookmarked /login of a signed-in user goes home too', async () => {
    await page.goto(`${app.url}/login`);
    await page.waitForURL((url) => url.pathname === '/overview');
  });
});

describe('an address without a page', () => {
  it('says what happened, names the address and offers the way back', async () => {
    await page.goto(`${app.url}/reports/2025`);
    const notFound = page.getByTestId('not-found');
    await notFound.waitFor();
    await expect(notFound.locator('h1').textContent()).resolves.toBe('找不到这个页面');
    await expect(notFound.textContent()).resolves.toContain('/reports/2025');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('找不到这个页面 — 党建成效分析看板');
    const back = page.getByTestId('not-found-home');
    await expect(back.textContent()).resolves.toContain('返回总览');
    await back.click();
    await page.waitForURL((url) => url.pathname === '/overview');
  });
});

describe('the period', () => {
  it('季度 and 月度 open on the current quarter and month, not Q1 and January', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    const picker = page.getByTestId('period-picker');
    await picker.getByText('季度', { exact: true }).click();
    await page.waitForURL(/period=2025-Q3/);
    await picker.getByText('月度', { exact: true }).click();
    await page.waitForURL(/period=2025-08/);
    await picker.getByText('年度', { exact: true }).click();
    await page.waitForURL(/period=2025(?![-\d])/);
    // A past year opens on its last quarter.
    await page.goto(`${app.url}/overview?period=2024`);
    await picker.getByText('季度', { exact: true }).click();
    await page.waitForURL(/period=2024-Q4/);
  });

  it('offers the years from the first with records to this year, no future year (issue 14.4)', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    const years = await apiQuery<{ first: number; last: number }>(page, app.url, 'metrics.years');
    expect(years.first).toBe(2025); // the fixture's first session
    await page.getByTestId('period-picker').locator('.ant-picker').click();
    const isDisabled = (year: number) =>
      page.waitForFunction(
        (y) => {
          const cell = document.querySelector(`.ant-picker-dropdown .ant-picker-cell[title="${y}"]`);
          return cell ? cell.classList.contains('ant-picker-cell-disabled') : null;
        },
        year,
        { polling: 100 },
      );
    // The decade of the panel holds all four; wait for the disabled ones, then read the others.
    await isDisabled(years.first - 1);
    await isDisabled(years.last + 1);
    const enabled = await page.$$eval('.ant-picker-dropdown .ant-picker-cell', (cells) =>
      cells
        .filter((c) => !c.classList.contains('ant-picker-cell-disabled'))
        .map((c) => c.getAttribute('title')),
    );
    expect(enabled).toEqual(
      Array.from({ length: years.last - years.first + 1 }, (_, i) => String(years.first + i)),
    );
    await page.keyboard.press('Escape');
  });

  it('survives moving between pages with the side menu, also through a page without a period', async () => {
    await page.goto(`${app.url}/overview?period=2025-Q3`);
    await page.getByTestId('overview-page').waitFor();
    await expect
      .poll(() => page.title(), { timeout: 15_000 })
      .toBe('总览 · 2025年第3季度 — 党建成效分析看板');

    await page.locator('nav [data-nav="compare"]').click();
    await page.waitForURL((url) => url.pathname === '/compare');
    expect(search('period')).toBe('2025-Q3');
    await page.getByTestId('compare-subtitle').waitFor();
    await expect(page.getByTestId('compare-subtitle').textContent()).resolves.toContain('2025年第3季度');
    await expect
      .poll(() => page.title(), { timeout: 15_000 })
      .toBe('支部对比 · 2025年第3季度 — 党建成效分析看板');

    await page.locator('nav [data-nav="data"]').click();
    await page.waitForURL((url) => url.pathname === '/data');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('数据管理 — 党建成效分析看板');

    await page.locator('nav [data-nav="branch"]').click();
    await page.waitForURL((url) => url.pathname === '/branch');
    expect(search('period')).toBe('2025-Q3');
    await page.getByTestId('branch-select').click();
    await page.keyboard.type('XZ01');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/branch/XZ01');
    expect(search('period')).toBe('2025-Q3');
    await expect
      .poll(() => page.title(), { timeout: 15_000 })
      .toBe('支部详情 XZ01 · 2025年第3季度 — 党建成效分析看板');

    await page.locator('nav [data-nav="overview"]').click();
    await page.waitForURL((url) => url.pathname === '/overview');
    expect(search('period')).toBe('2025-Q3');
  });

  it('takes a secretary from 支部对比 to her own branch in the same period', async () => {
    await signOut();
    await signIn(page, app.url, 'secretary', 'secretary-demo');
    await page.goto(`${app.url}/compare?period=2025`);
    await page.locator('nav [data-nav="branch"]').click();
    await page.waitForURL((url) => /^\/branch\/XZ01$/.test(url.pathname));
    expect(search('period')).toBe('2025');
    await signOut();
    await signIn(page, app.url, 'admin', 'admin-demo');
  });
});

describe('landmarks and headings (issue 14.8)', () => {
  it('every page has a main, the menu as a nav, and one h1', async () => {
    const pages: [string, string][] = [
      ['/overview?period=2025', '总览'],
      ['/compare?period=2025', '支部对比'],
      ['/branch', '选择支部'],
      ['/branch/XZ01?period=2025', '行政第一党支部'],
      ['/data', '数据管理'],
      ['/goals?year=2025', '目标'],
      ['/nowhere', '找不到这个页面'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${app.url}${path}`);
      await page.locator('h1').first().waitFor();
      const found = await landmarks();
      expect(found.main, path).toBe(1);
      expect(found.nav, path).toBe(1);
      expect(found.h1.length, path).toBe(1);
      expect(found.h1[0], path).toContain(heading);
    }
    await page.goto(`${app.url}/screen?period=2025`);
    await page.getByTestId('big-screen').waitFor();
    const screen = await landmarks();
    expect(screen.main).toBe(1);
    expect(screen.h1).toEqual(['党建成效大屏']);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('大屏 · 2025年 — 党建成效分析看板');
  });

  it('大屏 on the overview is one link, not a button inside a link', async () => {
    await page.goto(`${app.url}/overview?period=2025`);
    const link = page.getByTestId('big-screen-link');
    await link.waitFor();
    await expect(link.evaluate((el) => el.tagName)).resolves.toBe('A');
    await expect(link.getAttribute('href')).resolves.toBe('/screen?period=2025');
    expect(await page.locator('a button, button a, a [role="button"]').count()).toBe(0);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/screen');
  });
});

describe('on a phone', () => {
  it('opens the menu from the header and keeps the period', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${app.url}/overview?period=2025-Q2`);
      await page.getByTestId('overview-page').waitFor();
      // No side bar: the menu is a drawer behind the header's button.
      expect(await page.locator('.app-sider').count()).toBe(0);
      const button = page.getByTestId('menu-button');
      await expect(button.getAttribute('aria-label')).resolves.toBe('打开菜单');
      await button.click();
      const link = page.locator('.app-nav-drawer nav [data-nav="compare"]');
      await link.waitFor();
      await link.click();
      await page.waitForURL((url) => url.pathname === '/compare');
      expect(search('period')).toBe('2025-Q2');
      await page.locator('.app-nav-drawer').waitFor({ state: 'hidden' });
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
