/**
 * `npm run screenshots`: starts the app on a fresh demo database, signs in as the demo admin and saves
 * every page in both languages and both themes to tests/e2e/screenshots/<page>-<lang>-<theme>.png
 * (git-ignored), to be looked at after UI changes. `npm run screenshots -- overview screen` takes only
 * the named pages.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';

interface TShotPage {
  name: string;
  path: string;
  /** A selector that exists once the page shows its data. */
  ready: string;
  viewport?: { width: number; height: number };
  /** Signed in as (default: the demo admin). */
  user?: keyof typeof PASSWORDS;
  /** Clicked once the page is ready (opens a form); then `shows` is waited for. */
  click?: string;
  shows?: string;
  /** The whole page, also with a viewport given (phones). */
  isFullPage?: boolean;
}

const PASSWORDS = { admin: 'admin-demo', secretary: 'secretary-demo' } as const;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
/** A secretary's home (her branch, what is due and overdue) and the activity form. */
const SECRETARY_HOME = {
  path: '/branch/XZ01',
  ready: '[data-testid="branch-agenda"]',
  user: 'secretary',
} as const;
const RECORD_FORM = '.record-drawer .ant-drawer-body form';

const PAGES = [
  { name: 'branches', path: '/data', ready: 'table.data-table tbody tr' },
  { name: 'branches-sorted', path: '/data?sort=activitiesThisYear.desc', ready: 'table.data-table tbody tr' },
  { name: 'overview', path: '/overview', ready: '[data-testid="kpi-value-index"]' },
  // The big screen is always dark and laid out for a 1920×1080 display.
  {
    name: 'screen',
    path: '/screen',
    ready: '[data-testid="kpi-value-index"]',
    viewport: { width: 1920, height: 1080 },
  },
  { name: 'compare', path: '/compare', ready: 'table.virtual-grid tbody tr[data-row-id]' },
  {
    name: 'compare-selected',
    path: '/compare?delta=1&rank=category&category=student&sel=XZ01,JG001,XS002&sort=index.desc',
    ready: '[data-testid="compare-radar"] canvas',
  },
  { name: 'branch-detail', path: '/branch/XZ01', ready: '[data-testid="slot-grid"]' },
  {
    name: 'branch-detail-drill',
    path: '/branch/XZ01?drill=sessions',
    ready: '.records-drawer table.data-table tbody tr',
  },
  { name: 'branch-picker', path: '/branch', ready: '[data-testid="branch-select"]' },
  { name: 'goals', path: '/goals?year=2025', ready: '[data-testid="goals-table"] tbody tr[data-goal]' },
  { name: 'data-import', path: '/data?tab=import', ready: '[data-testid="import-panel"]' },
  { name: 'data-audit', path: '/data?tab=audit', ready: '[data-testid="audit-log"] tbody tr' },
  { name: 'secretary-home-phone', ...SECRETARY_HOME, viewport: PHONE, isFullPage: true },
  { name: 'secretary-home', ...SECRETARY_HOME, viewport: DESKTOP, isFullPage: true },
  {
    name: 'activity-form-phone',
    ...SECRETARY_HOME,
    viewport: PHONE,
    click: '[data-testid="agenda-record"], [data-testid="agenda-overdue-slot"]',
    shows: RECORD_FORM,
  },
  {
    name: 'activity-form',
    ...SECRETARY_HOME,
    viewport: DESKTOP,
    click: '[data-testid="record-activity"]',
    shows: RECORD_FORM,
  },
] as const satisfies readonly TShotPage[];

async function main(): Promise<void> {
  await ensureClientBuilt();
  const outDir = join(ROOT, 'tests', 'e2e', 'screenshots');
  mkdirSync(outDir, { recursive: true });
  const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-shots-')), 'app.db');
  const app = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let signedIn: keyof typeof PASSWORDS | null = null;
    const signIn = async (username: keyof typeof PASSWORDS) => {
      if (signedIn === username) return;
      const login = await page.request.post(`${app.url}/trpc/auth.login`, {
        data: { username, password: PASSWORDS[username] },
      });
      if (!login.ok()) throw new Error(`demo sign-in failed: ${login.status()} ${await login.text()}`);
      signedIn = username;
    };
    await signIn('admin');
    const wanted = process.argv.slice(2);
    const pages: readonly TShotPage[] = wanted.length ? PAGES.filter((p) => wanted.includes(p.name)) : PAGES;
    for (const lang of ['zh', 'en'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        for (const { name, path, ready, viewport, user, click, shows, isFullPage } of pages) {
          await signIn(user ?? 'admin');
          await page.setViewportSize(viewport ?? { width: 1440, height: 900 });
          const separator = path.includes('?') ? '&' : '?';
          await page.goto(`${app.url}${path}${separator}lang=${lang}&theme=${theme}`);
          await page.locator(ready).first().waitFor();
          if (click) {
            await page.locator(click).first().click();
            if (shows) await page.locator(shows).first().waitFor();
          }
          // Let chart animations finish.
          await page.waitForTimeout(1200);
          const file = join(outDir, `${name}-${lang}-${theme}.png`);
          await page.screenshot({ path: file, fullPage: isFullPage ?? !viewport });
          console.log(file);
        }
      }
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
