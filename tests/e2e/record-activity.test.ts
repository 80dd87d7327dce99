/**
 * A secretary records a 支部党员大会 from her phone (390×844, real Chromium, the real server on the mini
 * fixture): signing in opens her branch with what is due and overdue; one click on the open slot of
 * this quarter records the meeting there (the slot turns done, the slot grid counts it), one click on
 * last quarter's overdue slot catches it up — compliance rises to what the metrics API says, the slot
 * grid marks the slot met, and it leaves 工作欠账. The browser's clock is fixed on 2026-11-20, so "this
 * quarter" and "last quarter" do not depend on the day the test runs (the fixture holds 2025 only).
 */
import SQLite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBranchMetricsRow } from '../../shared/schemas/metrics';
import { apiQuery } from './helpers/api';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';

const TODAY = '2026-11-20';
const PHONE = { width: 390, height: 844 };

let databasePath: string;
let app: AppProcess;
let browser: BrowserContext;
let page: Page;
let xz01Id: number;

beforeAll(async () => {
  await ensureClientBuilt();
  databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  const sqlite = new SQLite(databasePath);
  xz01Id = (sqlite.prepare(`select id from units where code = 'XZ01'`).get() as { id: number }).id;
  // The fixture's goals are 2025's; the same for 2026 give the branches of 2026 an index to compare.
  sqlite
    .prepare(
      `insert into goals (year, scope_type, scope_ref, metric, target)
       select 2026, scope_type, scope_ref, metric, target from goals where year = 2025`,
    )
    .run();
  sqlite.close();
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize(PHONE);
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

/** The activities of XZ01 in the database (read-only, beside the server's connection). */
function storedActivities(): {
  held_on: string;
  type: string;
  title: string;
  expected: number;
  attended: number;
}[] {
  const sqlite = new SQLite(databasePath, { readonly: true });
  try {
    return sqlite
      .prepare(
        `select held_on, type, title, expected, attended from activities where branch_id = ? and held_on >= '2026-01-01' order by held_on`,
      )
      .all(xz01Id) as never;
  } finally {
    sqlite.close();
  }
}

function branchMetrics(): Promise<TBranchMetricsRow['metrics']> {
  return apiQuery<{ row: TBranchMetricsRow }>(page, app.url, 'metrics.branch', {
    branchId: xz01Id,
    period: '2026',
  }).then((d) => d.row.metrics);
}

const slotSelector = (slot: string, type: string) =>
  `[data-testid="slot-grid"] [data-slot="${slot}"][data-type="${type}"]`;
const slotCell = (slot: string, type: string) => page.locator(slotSelector(slot, type));
const AGENDA_Q4 = '[data-testid="agenda-item"][data-type="general_meeting"][data-slot="2026-Q4"]';

/**
 * Waits until the element's text (or attribute) is no longer `before` — the page reads everything again
 * after a write — and returns the new value.
 */
async function changed(selector: string, before: string | null, attribute?: string): Promise<string | null> {
  await page.waitForFunction(
    ([sel, was, attr]) => {
      const el = document.querySelector(sel as string);
      const now = el ? (attr ? el.getAttribute(attr as string) : el.textContent) : null;
      return now !== was;
    },
    [selector, before, attribute ?? null] as const,
    { polling: 100, timeout: 30_000 },
  );
  const el = page.locator(selector).first();
  return attribute ? el.getAttribute(attribute) : el.textContent();
}

const field = (testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

async function fillAndSave(title: string): Promise<void> {
  const form = page.locator('.record-drawer');
  await form.waitFor();
  await field('activity-form-title').fill(title);
  await field('activity-form-expected').fill('15');
  await field('activity-form-attended').fill('14');
  await page.getByTestId('activity-form-formats').click();
  await page.locator('.ant-select-item-option[title="研讨交流"]').click();
  // Closes the list (Escape would close the drawer too).
  await field('activity-form-title').click();
  await page.getByTestId('activity-form-save').click();
  await form.waitFor({ state: 'hidden' });
}

describe('a secretary records a 支部党员大会 on her phone', () => {
  it('signing in opens her branch with what is due this month and quarter, what is overdue, and her index against the college', async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId('login-username').fill('secretary');
    await page.getByTestId('login-password').fill('secretary-demo');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/branch\/XZ01/);
    const agenda = page.getByTestId('branch-agenda');
    await agenda.waitFor();
    expect(await agenda.textContent()).toContain(`截至 ${TODAY}`);
    await page.getByTestId('agenda-month').waitFor();
    expect(await page.getByTestId('agenda-month').textContent()).toContain('2026年11月');
    expect(await page.getByTestId('agenda-quarter').textContent()).toContain('2026年第4季度');
    await expect(page.locator(AGENDA_Q4).getAttribute('data-status')).resolves.toBe('open');
    await page
      .locator('[data-testid="agenda-overdue-slot"][data-type="general_meeting"][data-slot="2026-Q3"]')
      .waitFor();
    // Her index against the college's mean (overview.summary), once both have arrived.
    await page.waitForFunction(
      () => /全校平均 \d/.test(document.querySelector('[data-testid="agenda-index"]')?.textContent ?? ''),
      undefined,
      { polling: 100, timeout: 30_000 },
    );
    const own = await branchMetrics();
    const college = await apiQuery<{ total: { index: number | null; branches: number } }>(
      page,
      app.url,
      'overview.summary',
      { period: '2026', limit: 1 },
    );
    const line = await page.getByTestId('agenda-index').textContent();
    expect(line).toContain(`综合指数 ${own.index!.toFixed(1)}`);
    expect(line).toContain(`全校平均 ${college.total.index!.toFixed(1)}`);
    expect(line).toContain(`全校排名 ${own.rank}/${college.total.branches}`);
    // The record button is the first thing on the page, and the page does not scroll sideways on a phone.
    const button = await page.getByTestId('record-activity').boundingBox();
    expect(button!.y).toBeLessThan(200);
    expect(button!.width).toBeGreaterThan(PHONE.width - 100);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  }, 90_000);

  it('records the meeting in the open slot of this quarter: the agenda marks it done and the slot grid counts it', async () => {
    await expect(slotCell('2026-Q4', 'general_meeting').textContent()).resolves.not.toBe('1');
    await page.locator(`${AGENDA_Q4} [data-testid="agenda-record"]`).click();
    const drawer = page.locator('.record-drawer .ant-drawer-content-wrapper');
    await drawer.waitFor();
    // Full screen on the phone; the type preselected, the day today, and the slot it fills said.
    expect((await drawer.boundingBox())!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    await expect(page.getByTestId('activity-form-type').textContent()).resolves.toContain('支部党员大会');
    await expect(field('activity-form-date').inputValue()).resolves.toBe(TODAY);
    await expect(page.getByTestId('activity-slot-note').first().textContent()).resolves.toContain(
      '将完成 2026年第4季度 的支部党员大会',
    );
    await fillAndSave('2026年第四季度支部党员大会');

    await expect(changed(AGENDA_Q4, 'open', 'data-status')).resolves.toBe('done');
    await expect(changed(slotSelector('2026-Q4', 'general_meeting'), '·')).resolves.toBe('1');
    expect(storedActivities()).toEqual([
      {
        held_on: TODAY,
        type: 'general_meeting',
        title: '2026年第四季度支部党员大会',
        expected: 15,
        attended: 14,
      },
    ]);
  });

  it("catches up last quarter's overdue meeting: compliance rises, the slot grid marks it met and it leaves 工作欠账", async () => {
    const before = await branchMetrics();
    expect(before.backlog).toContainEqual({ type: 'general_meeting', slot: '2026-Q3' });
    const complianceBefore = await page.getByTestId('kpi-compliance').textContent();
    expect(complianceBefore).toBe(`${(before.complianceRate! * 100).toFixed(1)}%`);
    await expect(slotCell('2026-Q3', 'general_meeting').getAttribute('data-status')).resolves.toBe('missed');

    const overdue = page.locator(
      '[data-testid="agenda-overdue-slot"][data-type="general_meeting"][data-slot="2026-Q3"]',
    );
    await overdue.click();
    await page.locator('.record-drawer').waitFor();
    // An overdue slot opens on its last day; the form says it catches the slot up.
    await expect(field('activity-form-date').inputValue()).resolves.toBe('2026-09-30');
    await expect(page.getByTestId('activity-slot-note').first().textContent()).resolves.toContain(
      '将补齐已逾期的 2026年第3季度 支部党员大会',
    );
    await fillAndSave('2026年第三季度支部党员大会（补录）');

    const complianceAfter = await changed('[data-testid="kpi-compliance"]', complianceBefore);
    const after = await branchMetrics();
    expect(after.complianceRate!).toBeGreaterThan(before.complianceRate!);
    expect(after.metSlots).toBe(before.metSlots + 1);
    expect(complianceAfter).toBe(`${(after.complianceRate! * 100).toFixed(1)}%`);
    expect(after.backlog).not.toContainEqual({ type: 'general_meeting', slot: '2026-Q3' });
    await expect(changed(slotSelector('2026-Q3', 'general_meeting'), 'missed', 'data-status')).resolves.toBe(
      'met',
    );
    await overdue.waitFor({ state: 'detached' });
    // The other overdue meetings of the year are still owed.
    await page
      .locator('[data-testid="agenda-overdue-slot"][data-type="general_meeting"][data-slot="2026-Q2"]')
      .waitFor();
    expect(storedActivities().map((a) => a.held_on)).toEqual(['2026-09-30', TODAY]);
  });
});
