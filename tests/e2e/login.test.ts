/**
 * Signing in as a newcomer does in real Chromium: the login page in Chinese (and English), a wrong
 * password, one click on a demo account, the user's name in the header, the secretary's scoped branch
 * list, and signing out.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { DEMO_COLLEGE_KEY, writeAppMeta } from '../../server/db/queries/app-meta';
import { importPath } from '../../server/import';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';

const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-login-')), 'app.db');
let app: AppProcess;
let browser: BrowserContext;
let page: Page;
/** Console messages of the page: the CSP must not block anything the built client does. */
const consoleMessages: string[] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  // The mini fixture stands in for the demo college (marked as such, as loadDemo's start-up marks it) and
  // there are no accounts: demo mode then creates the demo accounts at start-up.
  const db = await openDatabase({ url: databasePath });
  const report = await importPath(db, join(ROOT, 'tests/fixtures/mini'), { lang: 'zh' });
  await writeAppMeta(db, DEMO_COLLEGE_KEY, JSON.stringify({ fixture: 'mini' }));
  await db.destroy();
  if (!report.ok) throw new Error('fixture import failed');
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('console', (m) => consoleMessages.push(m.text()));
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

describe('login', () => {
  it('shows the login page in Chinese without a session, with an English switch', async () => {
    expect(app.output()).toMatch(/secretary\s+密码 password: secretary-demo/);
    await page.goto(`${app.url}/data`);
    await page.getByTestId('login-page').waitFor();
    await expect(page.getByTestId('login-submit').textContent()).resolves.toMatch(/登\s*录/);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('login-submit').textContent()).resolves.toBe('Sign in');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('login-submit').textContent()).resolves.toMatch(/登\s*录/);
  });

  it('says so in Chinese when the password is wrong', async () => {
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码错误');
  });

  it('on a phone in English, each demo account button holds its whole label, in English brackets', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('lang-switch').click();
    const button = page.getByTestId('demo-login-secretary');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="demo-login-secretary"]')?.textContent?.includes('secretary'),
    );
    expect(await button.textContent()).toMatch(/ \(secretary\)$/);
    // The label's box stays inside the button's, across and down (a long branch name wraps instead of
    // running past it, and the button grows with it instead of squeezing the text against its border).
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid^="demo-login-"]'), (b) => {
        const label = b.querySelector('span') ?? b;
        const inner = label.getBoundingClientRect();
        const outer = b.getBoundingClientRect();
        return (
          inner.left < outer.left - 0.5 ||
          inner.right > outer.right + 0.5 ||
          inner.top < outer.top + 1 ||
          inner.bottom > outer.bottom - 1
        );
      }),
    );
    expect(overflow).toEqual([false, false, false]);
    await page.getByTestId('lang-switch').click();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('signs in with one click on a demo account and shows the user in the header', async () => {
    await page.getByTestId('demo-login-secretary').click();
    await page.getByTestId('user-name').waitFor();
    const name = await page.getByTestId('user-name').textContent();
    expect(name).toContain('支部书记（演示）');
    expect(name).toContain('行政第一党支部');
    // The session cookie is httpOnly: scripts on the page cannot read it.
    await expect(page.evaluate(() => document.cookie)).resolves.not.toContain('pbd_session');
    const cookies = await browser.cookies(app.url);
    expect(cookies.find((c) => c.name === 'pbd_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
  });

  it("shows the secretary only its own branch's roster", async () => {
    await page.goto(`${app.url}/data`);
    await page.locator('table.data-table tbody tr').first().waitFor();
    const codes = await page.$$eval('table.data-table tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-row-id')),
    );
    expect(codes).toEqual(['XZ01']);
  });

  it('signs out: back to the login page, and the API says 401', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    const me = await page.request.get(`${app.url}/trpc/auth.me`);
    expect(me.status()).toBe(401);
    expect(consoleMessages.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
  });
});
