/**
 * 组织与账号 in real Chromium on the mini fixture: an admin adds a secretary account (the generated
 * password is shown once) and that user signs in with it on the login page and lands on her branch; the
 * admin renames a branch and the branch list says the new name; a dissolution before the branch's last
 * session is refused with the reason under the field, and nothing changes.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdminOnFixture } from './helpers/admin-on-fixture';
import { apiQuery } from './helpers/api';
import type { AppProcess } from './helpers/app-process';

let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  // The dissolution picker opens on "today": a fixed day keeps three years back before the fixture's 2025.
  ({ app, browser, page } = await openAdminOnFixture('2026-11-20'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

const field = (testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

describe('组织与账号', () => {
  it('adds a secretary whose generated password, shown once, signs her in to her branch', async () => {
    await page.goto(`${app.url}/org?tab=accounts`);
    await page.getByTestId('account-add').click();
    await field('account-username').fill('xz004-sec');
    await field('account-name').fill('教务处书记');
    await page.getByTestId('account-branch').click();
    await page.locator('.ant-select-item-option[title="教务处党支部4（XZ004）"]').click();
    await page.locator('#account-save').click();
    const password = (await page.getByTestId('generated-password').textContent())?.trim() ?? '';
    expect(password).toMatch(/^[\w-]{16}$/);
    await page.getByTestId('password-done').click();
    await page.locator('table.data-table tbody tr', { hasText: 'xz004-sec' }).waitFor();

    const other = await browser.browser()?.newContext();
    const herPage = await (other ?? browser).newPage();
    try {
      await herPage.goto(`${app.url}/`);
      await herPage.getByTestId('login-username').fill('xz004-sec');
      await herPage.getByTestId('login-password').fill(password);
      await herPage.getByTestId('login-submit').click();
      await herPage.waitForURL(/\/branch\/XZ004/, { timeout: 60_000 });
    } finally {
      await herPage.close();
      await other?.close();
    }
  }, 120_000);

  it('renames a branch: the units table and the branch list say the new name', async () => {
    await page.goto(`${app.url}/org`);
    const row = page.locator('table.data-table tbody tr', { hasText: 'XZ004' });
    await row.getByTestId('unit-edit').click();
    await field('unit-form-name').fill('教务处党支部（更名）');
    await page.getByTestId('unit-form-save').click();
    await page.locator('.record-drawer').waitFor({ state: 'hidden' });
    await page.locator('table.data-table tbody tr', { hasText: '教务处党支部（更名）' }).waitFor();
    const branches = await apiQuery<{ code: string; name: string }[]>(page, app.url, 'branches.list');
    expect(branches.find((b) => b.code === 'XZ004')?.name).toBe('教务处党支部（更名）');
  }, 90_000);

  it('refuses to dissolve a branch before its last session, saying why, and changes nothing', async () => {
    await page.goto(`${app.url}/org`);
    const row = page.locator('table.data-table tbody tr', { hasText: 'XZ01' }).first();
    await row.getByTestId('unit-dissolve').click();
    // The default day is today (2026-11-20); XZ01's sessions are in 2025: pick 2023-11-01, before them.
    const picker = page.getByTestId('dissolve-date');
    await picker.waitFor();
    // A click while the dialog still zooms in can miss the picker: click until its panel is open.
    const panel = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
    await expect
      .poll(
        async () => {
          if (!(await panel.isVisible())) await picker.click();
          return panel.isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await panel.locator('.ant-picker-header-super-prev-btn').click();
    await panel.locator('.ant-picker-header-super-prev-btn').click();
    await panel.locator('.ant-picker-header-super-prev-btn').click();
    await panel.locator('.ant-picker-cell-in-view').first().click();
    await page.locator('#dissolve-ok').click();
    const explain = page.locator('.ant-modal .ant-form-item-explain-error');
    await explain.waitFor();
    expect(await explain.textContent()).toMatch(/条组织生活或成果不在/);
    await page.locator('.ant-modal-close').click();
    const units = await apiQuery<{ code: string; dissolvedOn: string | null }[]>(page, app.url, 'units.list');
    expect(units.find((u) => u.code === 'XZ01')?.dissolvedOn).toBeNull();
  }, 90_000);
});
