/**
 * The branch detail page in real Chromium against the real server on the mini fixture: header index,
 * ranks and compliance equal the metrics API, the slot grid shows the engine's missed slots, the
 * sessions number opens a drawer with every session, and the drill state round-trips through the URL.
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
import { signIn as signInAs } from './helpers/sign-in';

let databasePath: string;
let app: AppProcess;
let browser: BrowserContext;
let page: Page;
let xz01Id: number;
let jg001Id: number;
let lt003Id: number;

function signIn(username: string, password: string): Promise<void> {
  return signInAs(page, app.url, username, password);
}

function api<T>(path: string, input: unknown): Promise<T> {
  return apiQuery<T>(page, app.url, path, input);
}

beforeAll(async () => {
  await ensureClientBuilt();
  databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  const sqlite = new SQLite(databasePath, { readonly: true });
  xz01Id = (sqlite.prepare(`select id from units where code = 'XZ01'`).get() as { id: number }).id;
  jg001Id = (sqlite.prepare(`select id from units where code = 'JG001'`).get() as { id: number }).id;
  lt003Id = (sqlite.prepare(`select id from units where code = 'LT003'`).get() as { id: number }).id;
  sqlite.close();
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn('admin', 'admin-demo');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

const text = async (testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';

describe('branch detail (支部详情)', () => {
  it('shows the index, ranks and compliance of the metrics API in the header', async () => {
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    await page.getByTestId('kpi-compliance').waitFor();
    const { row } = await api<{ row: TBranchMetricsRow }>('metrics.branch', {
      branchId: xz01Id,
      period: '2025',
    });
    expect(row.branch.code).toBe('XZ01');
    expect(row.metrics.index).not.toBeNull();
    expect(await text('branch-header')).toContain('行政第一党支部');
    expect(await text('branch-index')).toContain(row.metrics.index!.toFixed(1));
    expect(await text('branch-rank')).toContain(String(row.metrics.rank));
    expect(await text('branch-category-rank')).toContain(String(row.metrics.categoryRank));
    expect(await text('kpi-compliance')).toBe(`${(row.metrics.complianceRate! * 100).toFixed(1)}%`);
    expect(await text('kpi-sessions')).toBe(String(row.metrics.sessions));
    expect(row.metrics.sessions).toBe(33);
  });

  it('marks the slots of the engine backlog as missed in the slot grid (2025-01 committee meeting)', async () => {
    const cell = page.locator(
      '[data-testid="slot-grid"] [data-slot="2025-01"][data-type="committee_meeting"]',
    );
    await expect(cell.getAttribute('data-status')).resolves.toBe('missed');
    const { row } = await api<{ row: TBranchMetricsRow }>('metrics.branch', {
      branchId: xz01Id,
      period: '2025',
    });
    const missed = await page.$$eval('[data-testid="slot-grid"] [data-status="missed"]', (els) =>
      els.map((e) => `${(e as HTMLElement).dataset.slot}|${(e as HTMLElement).dataset.type}`).sort(),
    );
    expect(missed).toEqual((row.metrics.backlog ?? []).map((b) => `${b.slot}|${b.type}`).sort());
    const met = await page.locator('[data-testid="slot-grid"] [data-status="met"]').count();
    expect(met).toBe(row.metrics.metSlots);
  });

  it('opens the sessions behind the sessions number in a drawer with 33 rows, kept in the URL', async () => {
    await page.getByTestId('kpi-sessions').click();
    await page.waitForURL(/drill=sessions/);
    const rows = page.locator('.records-drawer table.data-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(33);
    expect(await text('drill-count')).toContain('33');
    // Closing clears the drill; going back reopens it (the drawer state is the address).
    await page.locator('.records-drawer .ant-drawer-close').click();
    await page.waitForURL((url) => !url.search.includes('drill='));
    await page.goBack();
    await page.waitForURL(/drill=sessions/);
    await rows.first().waitFor();
    expect(await rows.count()).toBe(33);
  });

  it('a drill link from another page opens the same records (slot → its sessions, volunteer hours → achievements)', async () => {
    const { slots } = await api<{ slots: { slot: string; type: string; sessionIds: number[] }[] }>(
      'records.slots',
      {
        branchId: xz01Id,
        period: '2025',
      },
    );
    const march = slots.find((s) => s.slot === '2025-03' && s.type === 'theme_day')!;
    await page.goto(`${app.url}/branch/XZ01?period=2025&drill=sessions&slot=2025-03&type=theme_day`);
    const rows = page.locator('.records-drawer table.data-table tbody tr');
    await rows.first().waitFor();
    expect(
      (await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.rowId)))).sort(),
    ).toEqual([...march.sessionIds].sort());
    expect(page.url()).toContain('drill=sessions&slot=2025-03&type=theme_day');

    await page.goto(`${app.url}/branch/XZ01?period=2025&drill=achievements&kind=volunteer_service`);
    const items = page.locator('.records-drawer [data-achievement-id]');
    await items.first().waitFor();
    const volunteer = await api<{ id: number }[]>('records.achievements', {
      branchId: xz01Id,
      period: '2025',
      kind: 'volunteer_service',
    });
    expect(await items.count()).toBe(volunteer.length);
  });

  /** Opens the compliance number's drill-through of 2025 and checks it lists exactly the due slots. */
  async function openComplianceDrill(branchId: number) {
    await page.getByTestId('kpi-compliance').click();
    await page.waitForURL(/drill=slots/);
    const list = page.getByTestId('drill-slot-list');
    await list.waitFor();
    const { row } = await api<{ row: TBranchMetricsRow }>('metrics.branch', { branchId, period: '2025' });
    expect(await list.locator('tbody tr').count()).toBe(row.metrics.dueSlots);
    return list;
  }

  it('the compliance number opens its slots, and a slot opens its sessions', async () => {
    await page.goto(`${app.url}/branch/XZ01?period=2025`);
    const list = await openComplianceDrill(xz01Id);
    await list.locator('tr[data-row-id="2025-03|theme_day"] button').click();
    await page.waitForURL(/drill=sessions.*slot=2025-03|slot=2025-03.*drill=sessions/);
    await page.locator('.records-drawer table.data-table tbody tr').first().waitFor();
  });

  it('a branch founded mid-year: its slots before the founding are outside (own count), not pending', async () => {
    // LT003 was founded on 2025-04-14: January to April, Q1, Q2 and the year are not owed at all.
    await page.goto(`${app.url}/branch/LT003?period=2025&lang=zh`);
    const april = page.locator('[data-testid="slot-grid"] [data-slot="2025-04"][data-type="theme_day"]');
    await expect(april.getAttribute('data-status')).resolves.toBe('outside');
    const { slots } = await api<{ slots: { status: string }[] }>('records.slots', {
      branchId: lt003Id,
      period: '2025',
    });
    const outside = slots.filter((s) => s.status === 'outside').length;
    expect(outside).toBeGreaterThan(0);
    expect(slots.filter((s) => s.status === 'pending')).toHaveLength(0);
    expect(await page.locator('[data-testid="slot-grid"] button[data-status="outside"]').count()).toBe(
      outside,
    );
    const legend = (await page.locator('.bd-slot-legend').textContent()) ?? '';
    expect(legend).toContain('未到期 0');
    expect(legend).toContain(`不在存续期 ${outside}`);
    // The compliance drill-through lists the due slots only.
    const list = await openComplianceDrill(lt003Id);
    expect(await list.locator('tr[data-row-id="2025-04|theme_day"]').count()).toBe(0);

    await page.goto(`${app.url}/branch/LT003?period=2025&lang=en`);
    await page.locator('[data-testid="slot-grid"] button[data-status="outside"]').first().waitFor();
    const legendEn = (await page.locator('.bd-slot-legend').textContent()) ?? '';
    expect(legendEn).toContain('pending 0');
    expect(legendEn).toContain(`outside existence ${outside}`);
    await page.goto(`${app.url}/branch/LT003?period=2025&lang=zh`);
    await page.getByTestId('slot-grid').waitFor();
  });

  it('the picker lists branches and navigates to the chosen one', async () => {
    await page.goto(`${app.url}/branch?period=2025`);
    await page.getByTestId('branch-picker').waitFor();
    await page.locator('[data-testid="branch-select"]').click();
    await page.keyboard.type('JG001');
    await page.locator('.ant-select-item-option').first().click();
    await page.waitForURL(/\/branch\/JG001\?period=2025/);
    await page.getByTestId('branch-header').waitFor();
    expect(await text('branch-header')).toContain('临床医学院教工党支部1');
  });

  it('a secretary opening /branch lands on its own branch and sees only index and rank of another', async () => {
    await page.request.post(`${app.url}/trpc/auth.logout`);
    await signIn('secretary', 'secretary-demo');
    await page.goto(`${app.url}/branch?period=2025`);
    await page.waitForURL(/\/branch\/XZ01/);
    await page.getByTestId('kpi-sessions').waitFor();
    await page.goto(`${app.url}/branch/JG001?period=2025`);
    await page.getByTestId('restricted-notice').waitFor();
    expect(await page.locator('[data-testid="slot-grid"]').count()).toBe(0);
    const res = await page.request.get(
      `${app.url}/trpc/records.activities?input=${encodeURIComponent(JSON.stringify({ branchId: jg001Id, period: '2025' }))}`,
    );
    expect(res.status()).toBe(403);
    // Its index and rank are still shown (aggregates every role may see) once its standing arrives:
    // a separate request from the records, answered by whichever API worker is free.
    await page.waitForFunction(
      () => /\d/.test(document.querySelector('[data-testid="branch-rank"]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    expect(await text('branch-rank')).toMatch(/\d/);
  });
});
