/**
 * Start-up as a newcomer sees it: an empty database gets the demo college (and the banner says so),
 * a restart keeps the data, DEMO=off starts empty and the page shows the empty state.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../shared/schemas/date';
import { startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { signIn } from './helpers/sign-in';

let browser: BrowserContext;

beforeAll(async () => {
  await ensureClientBuilt();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

// Each test starts the app (demo load, API workers) once or twice: generous on a busy 2-core machine.
describe('start-up', { timeout: 120_000 }, () => {
  it('loads the demo college into an empty database, says so, and does not load it twice', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-demo-')), 'app.db');
    const first = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' });
    try {
      expect(first.output()).toMatch(/已加载演示学院 \/ demo college loaded: \d+ 个支部/);
      expect(first.output()).toContain(databasePath);

      const sqlite = new SQLite(databasePath, { readonly: true });
      const today = todayIso();
      const branchCount = (
        sqlite.prepare(`select count(*) as n from units where kind = 'branch'`).get() as { n: number }
      ).n;
      const xz = sqlite
        .prepare(
          `select u.code, count(m.id) as members from units u join members m on m.branch_id = u.id
           where u.name = '行政第一党支部' and m.joined_on <= ? and (m.left_on is null or m.left_on >= ?) group by u.id`,
        )
        .get(today, today) as { code: string; members: number };
      sqlite.close();
      expect(branchCount).toBeGreaterThanOrEqual(30);

      // Demo mode: the banner prints the demo accounts, and they work.
      expect(first.output()).toMatch(/admin\s+密码 password: admin-demo/);
      expect(first.output()).toMatch(/secretary\s+密码 password: secretary-demo .*行政第一党支部/);
      const page = await browser.newPage();
      await signIn(page, first.url, 'leader', 'leader-demo');
      await page.goto(`${first.url}/data`);
      await page.locator('table.data-table tbody tr').first().waitFor();
      await expect(page.locator('table.data-table tbody tr').count()).resolves.toBe(branchCount);
      const row = page.locator(`tr[data-row-id="${xz.code}"]`);
      await expect(row.locator('td[data-column="name"]').textContent()).resolves.toContain('行政第一党支部');
      // domain.md: 行政第一党支部 has 16 members.
      await expect(row.locator('td[data-column="memberCount"]').textContent()).resolves.toBe(
        String(xz.members),
      );
      expect(xz.members).toBe(16);
      await page.close();
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' });
    try {
      expect(second.output()).toContain('not loaded (the database already has data)');
    } finally {
      await second.stop();
    }
  });

  it('never creates the published demo accounts on a database of real data, even with DEMO on', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-real-')), 'app.db');
    const imported = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['server/cli/index.ts', 'import', join(ROOT, 'tests', 'fixtures', 'mini')],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databasePath }, encoding: 'utf8' },
    );
    expect(imported.status, imported.stderr).toBe(0);
    const app = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' });
    try {
      expect(app.output()).toContain('not loaded (the database already has data)');
      expect(app.output()).not.toContain('admin-demo');
      expect(app.output()).toContain('npm run cli -- user add');
      const sqlite = new SQLite(databasePath, { readonly: true });
      expect((sqlite.prepare('select count(*) as n from users').get() as { n: number }).n).toBe(0);
      sqlite.close();
      const options = await fetch(`${app.url}/trpc/auth.loginOptions`).then((r) => r.json());
      expect(JSON.stringify(options)).not.toContain('admin-demo');
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it('starts empty with DEMO=off and shows the empty state', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-empty-')), 'app.db');
    const app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
    try {
      expect(app.output()).toContain('DEMO=off');
      // No default account outside demo mode; the banner says how to make the first admin.
      expect(app.output()).toContain('npm run cli -- user add');
      expect(app.output()).not.toContain('admin-demo');
      const sqlite = new SQLite(databasePath, { readonly: true });
      expect((sqlite.prepare('select count(*) as n from users').get() as { n: number }).n).toBe(0);
      sqlite.close();
      const page = await browser.newPage();
      await page.goto(`${app.url}/data`);
      // Without a session the login page shows, without demo accounts.
      await page.getByTestId('login-page').waitFor();
      await expect(page.getByTestId('demo-login-admin').count()).resolves.toBe(0);
      const cli = spawnSync(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [
          'server/cli/index.ts',
          'user',
          'add',
          '--username',
          'first',
          '--name',
          '管理员',
          '--role',
          'admin',
          '--password',
          'first-admin-pw',
        ],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: databasePath },
          encoding: 'utf8',
        },
      );
      expect(cli.status, cli.stderr).toBe(0);
      await signIn(page, app.url, 'first', 'first-admin-pw');
      await page.goto(`${app.url}/data`);
      await page.locator('[data-state="empty"]').waitFor();
      await expect(page.locator('[data-state="empty"]').textContent()).resolves.toContain('还没有支部');
      await page.close();
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });
});
