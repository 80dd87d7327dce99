/**
 * `npm run screenshots`: starts the app on a fresh demo database and saves every page in both languages
 * to tests/e2e/screenshots/*.png (git-ignored), to be looked at after UI changes.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';

const PAGES = [
  { name: 'branches', path: '/data', ready: 'table.data-table tbody tr' },
  { name: 'branches-sorted', path: '/data?sort=activitiesThisYear.desc', ready: 'table.data-table tbody tr' },
  { name: 'overview', path: '/overview', ready: '[data-testid="coming-soon"]' },
  { name: 'compare', path: '/compare', ready: '[data-testid="coming-soon"]' },
  { name: 'branch-detail', path: '/branch/XZ01', ready: '[data-testid="coming-soon"]' },
  { name: 'goals', path: '/goals', ready: '[data-testid="coming-soon"]' },
] as const;

async function main(): Promise<void> {
  await ensureClientBuilt();
  const outDir = join(ROOT, 'tests', 'e2e', 'screenshots');
  mkdirSync(outDir, { recursive: true });
  const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-shots-')), 'app.db');
  const app = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    for (const lang of ['zh', 'en'] as const) {
      for (const { name, path, ready } of PAGES) {
        const separator = path.includes('?') ? '&' : '?';
        await page.goto(`${app.url}${path}${separator}lang=${lang}`);
        await page.locator(ready).first().waitFor();
        const file = join(outDir, `${name}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: name.startsWith('branches') });
        console.log(file);
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
