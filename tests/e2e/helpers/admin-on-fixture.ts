import type { BrowserContext, Page } from 'playwright-core';
import { type AppProcess, startApp } from './app-process';
import { launchBrowser } from './browser';
import { ensureClientBuilt } from './client-build';
import { createMiniFixtureDatabase } from './fixture-db';
import { signIn } from './sign-in';

export interface TAdminSession {
  app: AppProcess;
  browser: BrowserContext;
  page: Page;
}

/**
 * The app on a fresh mini-fixture database (with the demo accounts) and a 1366×900 page signed in as the
 * demo admin, its clock fixed on `day` (the pages' "today": date pickers, default periods).
 */
export async function openAdminOnFixture(day: string): Promise<TAdminSession> {
  await ensureClientBuilt();
  const databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  const app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  const browser = await launchBrowser();
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.clock.setFixedTime(new Date(`${day}T10:00:00`));
  await signIn(page, app.url, 'admin', 'admin-demo');
  return { app, browser, page };
}
