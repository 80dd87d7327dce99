/**
 * Evidence on a record, in real Chromium on a phone (390×844) against the real server on the mini
 * fixture: the XZ01 secretary opens one of her 2025 sessions, attaches a PNG (its thumbnail shows in the
 * list), downloads it (the same bytes, under its Chinese name), sees a PNG named .pdf refused with the
 * reason, and deletes the file — gone from the list, the database and the attachments folder; a new
 * session takes the files chosen before it is saved; the leader opens a session's files from the list.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngFile } from '../server/attachments/evidence-files';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn } from './helpers/sign-in';

const PHONE = { width: 390, height: 844 };
const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
const PHOTO_NAME = '签到表 第一次.png';

let databasePath: string;
let attachmentsDir: string;
let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  await ensureClientBuilt();
  databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  attachmentsDir = mkdtempSync(join(tmpdir(), 'pbd-e2e-attachments-'));
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off', ATTACHMENTS_DIR: attachmentsDir });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize(PHONE);
  await signIn(page, app.url, 'secretary', 'secretary-demo');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

function storedAttachments(): { file_name: string; mime_type: string; bytes: number }[] {
  const sqlite = new SQLite(databasePath, { readonly: true });
  try {
    return sqlite.prepare('select file_name, mime_type, bytes from attachments order by id').all() as never;
  } finally {
    sqlite.close();
  }
}

const evidence = () => page.getByTestId('evidence');
const items = () => page.getByTestId('evidence-item');

async function choose(name: string, buffer: Buffer): Promise<void> {
  await evidence()
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

describe('evidence attachments on an activity', () => {
  it('attaches a PNG, lists it with a thumbnail, downloads it, refuses a renamed one and deletes it', async () => {
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    await page.getByTestId('activity-edit').first().click();
    await evidence().waitFor();
    await page.getByTestId('evidence-none').waitFor();
    await evidence().scrollIntoViewIfNeeded();

    const photo = pngFile(320, 240);
    await choose(PHOTO_NAME, photo);
    await items().first().waitFor();
    expect(await page.getByTestId('evidence-name').first().textContent()).toBe(PHOTO_NAME);
    // The thumbnail is the image itself, loaded through the access-checked route.
    const thumb = items().first().locator('img');
    await page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth === 320,
      await thumb.elementHandle(),
    );
    expect(storedAttachments()).toEqual([
      { file_name: PHOTO_NAME, mime_type: 'image/png', bytes: photo.length },
    ]);
    await evidence().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'evidence-phone-secretary-zh-light.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evidence-download').first().click(),
    ]);
    expect(download.suggestedFilename()).toBe(PHOTO_NAME);
    expect(readFileSync(await download.path()).equals(photo)).toBe(true);

    await choose('会议记录.pdf', pngFile());
    const refusal = page.getByTestId('evidence-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('内容是 PNG 文件，与扩展名「.pdf」不符');
    expect(await items().count()).toBe(1);
    expect(storedAttachments()).toHaveLength(1);

    await page.getByTestId('evidence-delete').first().click();
    await page.getByTestId('evidence-delete-confirm').click();
    await page.getByTestId('evidence-none').waitFor();
    expect(await items().count()).toBe(0);
    expect(storedAttachments()).toEqual([]);
    expect(readdirSync(attachmentsDir).filter((n) => !n.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('shows the same in English and the dark theme; a new record takes its files when it is saved', async () => {
    await page.addInitScript(() => {
      window.localStorage.setItem('pbd.lang', 'en');
      window.localStorage.setItem('pbd.theme', 'dark');
    });
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    await page.getByTestId('activity-edit').first().click();
    await page.getByTestId('evidence-none').waitFor();
    await choose('sign-in sheet.png', pngFile(200, 150, '#27ae60'));
    await items().first().waitFor();
    expect(await evidence().textContent()).toContain('Evidence');
    await evidence().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'evidence-phone-secretary-en-dark.png') });
    await page.keyboard.press('Escape');
    await page.locator('.record-drawer').waitFor({ state: 'hidden' });

    // A new record: the chosen file waits, and goes up right after the record is saved.
    await page.getByTestId('record-activity').click();
    await page.getByTestId('evidence-staged-hint').waitFor();
    // Ant Design can miss a click while its dropdown is still opening: open it and pick the first
    // option again until the chosen type shows (a condition, not a delay).
    const typeSelect = page.getByTestId('activity-form-type');
    await expect
      .poll(
        async () => {
          if (((await typeSelect.textContent()) ?? '').trim() !== '') return true;
          await typeSelect.click();
          await page
            .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
            .first()
            .click({ timeout: 5_000 })
            .catch(() => {});
          return false;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const title = page.locator('input[data-testid="activity-form-title"]');
    await title.fill('Evidence e2e session');
    expect(await title.inputValue()).toBe('Evidence e2e session');
    await choose('minutes photo.png', pngFile(80, 60));
    await page.getByTestId('evidence-staged-item').waitFor();
    await evidence().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'evidence-new-phone-secretary-en-dark.png') });
    await page.getByTestId('activity-form-save').click();
    await page
      .locator('.record-drawer')
      .waitFor({ state: 'hidden', timeout: 60_000 })
      .catch(async (error: Error) => {
        // Say what the form said, if it refused.
        const said = await page
          .locator('.record-drawer .ant-form-item-explain-error, .record-drawer .ant-alert')
          .allTextContents();
        throw new Error(`${error.message}\nthe form shows: ${said.join(' | ')}`);
      });
    const sqlite = new SQLite(databasePath, { readonly: true });
    try {
      const row = sqlite
        .prepare(
          `select f.file_name from attachments f join activities a on a.id = f.activity_id where a.title = 'Evidence e2e session'`,
        )
        .get() as { file_name: string } | undefined;
      expect(row?.file_name).toBe('minutes photo.png');
    } finally {
      sqlite.close();
    }
  }, 120_000);

  it("lets the leader open a session's evidence from the list, to read only", async () => {
    // A browser of its own: its own cookies.
    const leaderBrowser = await launchBrowser();
    const leaderPage = await leaderBrowser.newPage();
    try {
      leaderPage.setDefaultTimeout(30_000);
      await leaderPage.setViewportSize({ width: 1366, height: 900 });
      await signIn(leaderPage, app.url, 'leader', 'leader-demo');
      await leaderPage.goto(`${app.url}/branch/XZ01?period=2025`);
      const open = leaderPage.getByTestId('evidence-open');
      await open.first().waitFor();
      expect(await open.count()).toBe(1);
      expect(await open.first().textContent()).toBe('1 个文件');
      await open.first().click();
      const drawer = leaderPage.getByTestId('evidence-drawer');
      await drawer.getByTestId('evidence-item').waitFor();
      expect(await drawer.getByTestId('evidence-name').textContent()).toBe('sign-in sheet.png');
      expect(await drawer.getByTestId('evidence-delete').count()).toBe(0);
      expect(await drawer.locator('input[type="file"]').count()).toBe(0);
      // The drawer has slid in: its download button is inside the window.
      await leaderPage.waitForFunction(() => {
        const box = document.querySelector(
          '[data-testid="evidence-drawer"] [data-testid="evidence-download"]',
        );
        const rect = box?.getBoundingClientRect();
        return rect !== undefined && rect.right <= window.innerWidth - 8;
      });
      await leaderPage.screenshot({ path: join(SHOTS, 'evidence-drawer-leader-zh-light.png') });
    } finally {
      await leaderBrowser.close();
    }
  }, 120_000);
});
