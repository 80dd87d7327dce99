/**
 * 党员名册 in real Chromium on the mini fixture: an admin opens a branch's roster for 2025, sees each
 * member's share count as the API counts it, transfers a member to another branch (the dialog picks the
 * branch, the day is the browser's today), and the roster shows the member gone from the old branch and
 * on the new one's roll from the next day. The browser's clock is fixed on 2025-06-30.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdminOnFixture } from './helpers/admin-on-fixture';
import { apiQuery } from './helpers/api';
import type { AppProcess } from './helpers/app-process';

const TODAY = '2025-06-30';

let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ app, browser, page } = await openAdminOnFixture(TODAY));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

interface TRosterRow {
  code: string;
  branchCode: string;
  shares: number;
  joinedOn: string;
}

/** The table's rows: member code → the text of its cells. */
async function shownRows(): Promise<Map<string, string[]>> {
  await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
  const rows = await page
    .locator('table.virtual-grid tbody tr[data-row-id]')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return new Map(rows.map((cells) => [cells[1] ?? '', cells]));
}

describe('党员名册', () => {
  it("shows a branch's members with the share counts the API gives", async () => {
    await page.goto(`${app.url}/members?period=2025&branch=XZ01`);
    await page.getByTestId('roster-summary').waitFor();
    const xz01 = (await apiQuery<{ id: number; code: string }[]>(page, app.url, 'branches.list')).find(
      (b) => b.code === 'XZ01',
    );
    const expected = await apiQuery<TRosterRow[]>(page, app.url, 'members.roster', {
      period: '2025',
      branchId: xz01?.id,
    });
    const shown = await shownRows();
    expect(shown.size).toBe(expected.length);
    const sharer = expected.find((r) => r.shares > 0);
    expect(sharer, 'the fixture has sharers in XZ01').toBeDefined();
    expect(shown.get(sharer?.code ?? '')?.at(-1)).toBe(String(sharer?.shares));
  }, 90_000);

  it('transfers a member: gone from the old branch after the day, on the new one from the next day', async () => {
    const row = page.locator('table.virtual-grid tbody tr[data-row-id]', { hasText: 'M00005' });
    await row.getByTestId('roster-transfer').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByTestId('transfer-target').click();
    await page.locator('.ant-select-item-option[title="临床医学院教工党支部1（JG001）"]').click();
    await expect(dialog.getByTestId('transfer-note').textContent()).resolves.toBe(
      '将于 2025-07-01 转入 临床医学院教工党支部1，职务为党员。',
    );
    await page.locator('#transfer-ok').click();
    await dialog.waitFor({ state: 'hidden' });

    // The year's roll still has the membership (it ended on 2025-06-30); the second half's does not.
    await page.goto(`${app.url}/members?period=2025-Q3&branch=XZ01`);
    await page.getByTestId('roster-summary').waitFor();
    expect((await shownRows()).has('M00005')).toBe(false);
    await page.goto(`${app.url}/members?period=2025-Q3&branch=JG001`);
    await page.getByTestId('roster-summary').waitFor();
    const moved = (await shownRows()).get('M00005');
    expect(moved).toBeDefined();
    expect(moved).toContain('2025-07-01');
    expect(moved).toContain('党员');
  }, 90_000);
});
