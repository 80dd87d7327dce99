/**
 * 支部对比 in real Chromium against the real server on the mini fixture: the grid's numbers are those of
 * `metrics.branches` (and of expected.json), sorting by index orders the rows by the API's index,
 * filtering by category keeps only that category, the address reproduces the view after a reload,
 * ticking two branches draws the radar, and a click on a number drills through to the branch page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBranchMetricsRow, TMetricsCase } from '../../shared/schemas/metrics';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { createMiniFixtureDatabase } from './helpers/fixture-db';
import { signIn as signInAs } from './helpers/sign-in';

let databasePath: string;
const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/mini/expected.json'), 'utf8')) as {
  cases: TMetricsCase[];
};
const year2025 = expected.cases.find((c) => c.period === '2025' && c.asOf === '2025-12-31')!;
let app: AppProcess;
let browser: BrowserContext;
let page: Page;

function signIn(username: string, password: string): Promise<void> {
  return signInAs(page, app.url, username, password);
}

async function apiRows(period: string): Promise<TBranchMetricsRow[]> {
  const input = encodeURIComponent(JSON.stringify({ period }));
  const res = await page.request.get(`${app.url}/trpc/metrics.branches?input=${input}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: { rows: TBranchMetricsRow[] } } }).result.data.rows;
}

/** `metrics.branches` as the signed-in user gets it: full rows, and (for a secretary) the restricted others. */
async function apiComparison(period: string): Promise<{
  rows: TBranchMetricsRow[];
  restricted: {
    branch: TBranchMetricsRow['branch'];
    metrics: { index: number | null; rank: number | null };
  }[];
}> {
  const input = encodeURIComponent(JSON.stringify({ period }));
  const res = await page.request.get(`${app.url}/trpc/metrics.branches?input=${input}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: Awaited<ReturnType<typeof apiComparison>> } }).result.data;
}

/** The rendered grid: one record per body row (spacers excluded), keyed by column id. */
async function gridRows(): Promise<Record<string, string>[]> {
  await page.locator('table.virtual-grid tbody tr[data-row-id]').first().waitFor();
  return page.$$eval('table.virtual-grid tbody tr[data-row-id]', (trs) =>
    trs.map((tr) => ({
      _code: (tr as HTMLElement).dataset.rowId ?? '',
      ...Object.fromEntries(
        Array.from(tr.querySelectorAll('td')).map((td) => [
          td.dataset.column ?? '',
          td.textContent?.trim() ?? '',
        ]),
      ),
    })),
  );
}

const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

beforeAll(async () => {
  await ensureClientBuilt();
  // The demo accounts (admin, leader, secretary of XZ01) on the fixture; DEMO=off creates none.
  databasePath = await createMiniFixtureDatabase({ withDemoUsers: true });
  app = await startApp({ DATABASE_URL: databasePath, DEMO: 'off' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn('admin', 'admin-demo');
});

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

describe('compare (支部对比)', () => {
  it('shows every branch with the numbers of metrics.branches and expected.json', async () => {
    await page.goto(`${app.url}/compare?period=2025`);
    const rows = await gridRows();
    const api = await apiRows('2025');
    expect(rows.map((r) => r._code).sort()).toEqual(api.map((r) => r.branch.code).sort());
    expect(rows.map((r) => r._code).sort()).toEqual(Object.keys(year2025.branches).sort());

    const xz01 = rows.find((r) => r._code === 'XZ01')!;
    expect(xz01.name).toContain('行政第一党支部');
    expect(xz01.complianceRate).toBe('94.3%');
    for (const row of api) {
      const shown = rows.find((r) => r._code === row.branch.code)!;
      const want = year2025.branches[row.branch.code]!;
      expect(shown.complianceRate, row.branch.code).toBe(pct(row.metrics.complianceRate));
      expect(shown.complianceRate).toBe(pct(want.complianceRate));
      expect(shown.attendanceRate).toBe(pct(want.attendanceRate));
      expect(shown.sessions).toBe(String(want.sessions));
      expect(shown.index).toBe(want.index === null ? '—' : want.index.toFixed(1));
      expect(shown.rank).toBe(want.rank === null ? '—' : String(want.rank));
      expect(shown.volunteerHours).toBe(want.volunteerHours.toFixed(1));
    }
    // Goal status colours the cell: XZ01's compliance is "near" its 95% goal.
    await expect(
      page.locator('tr[data-row-id="XZ01"] td[data-column="complianceRate"] a').getAttribute('data-status'),
    ).resolves.toBe(year2025.branches.XZ01!.goals.complianceRate!.status);
  });

  it('sorts by index when its header is clicked, and keeps the sort in the address', async () => {
    await page.locator('th[data-column="index"] button.sort-button').click(); // numbers sort descending first
    await page.waitForURL(/sort=index\.desc/);
    const api = await apiRows('2025');
    const byIndex = api
      .filter((r) => r.metrics.index !== null)
      .sort((a, b) => b.metrics.index! - a.metrics.index!)
      .map((r) => r.metrics.index!.toFixed(1));
    const shown = (await gridRows()).map((r) => r.index);
    expect(shown.slice(0, byIndex.length)).toEqual(byIndex);
    expect(shown.slice(byIndex.length).every((v) => v === '—')).toBe(true); // unknown index last

    await page.locator('th[data-column="index"] button.sort-button').click();
    await page.waitForURL(/sort=index(?!\.desc)/);
    const ascending = (await gridRows()).map((r) => r.index).filter((v) => v !== '—');
    expect(ascending).toEqual([...byIndex].reverse());
  });

  it('filters by category and keeps period, sort and filter across a reload', async () => {
    const api = await apiRows('2025');
    const admins = api
      .filter((r) => r.branch.category === 'admin')
      .map((r) => r.branch.code)
      .sort();
    expect(admins.length).toBeGreaterThan(0);
    expect(admins.length).toBeLessThan(api.length);

    await page.locator('[data-testid="compare-category"]').click();
    await page.locator('.ant-select-item-option[title="行政"]').click();
    await page.waitForURL(/category=admin/);
    const filtered = await gridRows();
    expect(filtered.map((r) => r._code).sort()).toEqual(admins);

    const before = page.url();
    expect(before).toMatch(/period=2025/);
    await page.reload();
    const reloaded = await gridRows();
    expect(page.url()).toBe(before);
    expect(reloaded.map((r) => r._code)).toEqual(filtered.map((r) => r._code));
    await expect(page.locator('th[data-column="index"]').getAttribute('aria-sort')).resolves.toBe(
      'ascending',
    );
  });

  it('filters a column by a numeric minimum, kept in the address', async () => {
    await page.goto(`${app.url}/compare?period=2025&f=${encodeURIComponent('complianceRate:0.9..')}`);
    const rows = await gridRows();
    const api = await apiRows('2025');
    const want = api
      .filter((r) => (r.metrics.complianceRate ?? -1) >= 0.9)
      .map((r) => r.branch.code)
      .sort();
    expect(rows.map((r) => r._code).sort()).toEqual(want);
    expect(want.length).toBeLessThan(api.length);
  });

  it('shows the rank in the college or in the category as the switch says, and sorts by it (issue 14.3)', async () => {
    await page.goto(`${app.url}/compare?period=2025`);
    await gridRows();
    const api = await apiRows('2025');
    // The switch is worth testing only when the two ranks differ somewhere.
    expect(api.some((r) => r.metrics.rank !== r.metrics.categoryRank)).toBe(true);
    const want = (key: 'rank' | 'categoryRank') =>
      Object.fromEntries(
        api.map((r) => [r.branch.code, r.metrics[key] === null ? '—' : String(r.metrics[key])]),
      );
    const shownRanks = async () => Object.fromEntries((await gridRows()).map((r) => [r._code, r.rank]));
    /** Ranks in the grid's order with the unknown ones last: the default sort is by the rank shown. */
    const isAscending = (ranks: (string | undefined)[]) => {
      const known = ranks.filter((r) => r !== '—').map(Number);
      return known.every((r, i) => i === 0 || r >= known[i - 1]!) && ranks.indexOf('—') <= known.length;
    };
    const header = page.locator('th[data-column="rank"]');

    await expect(header.textContent()).resolves.not.toContain('类别内');
    expect(await shownRanks()).toEqual(want('rank'));

    await page.locator('[data-testid="compare-rank-mode"]').getByText('类别内排名').click();
    await page.waitForURL(/rank=category/);
    await expect(header.textContent()).resolves.toContain('类别内排名');
    await expect.poll(shownRanks, { timeout: 10_000 }).toEqual(want('categoryRank'));
    expect(isAscending((await gridRows()).map((r) => r.rank))).toBe(true);

    // A fresh load of the same address shows the same numbers.
    await page.reload();
    expect(await shownRanks()).toEqual(want('categoryRank'));

    await page.locator('[data-testid="compare-rank-mode"]').getByText('全院排名').click();
    await page.waitForURL((url) => !url.searchParams.has('rank'));
    await expect.poll(shownRanks, { timeout: 10_000 }).toEqual(want('rank'));
    expect(isAscending((await gridRows()).map((r) => r.rank))).toBe(true);
  });

  it('draws the radar of two ticked branches and drills through from a cell', async () => {
    await page.goto(`${app.url}/compare?period=2025`);
    await gridRows();
    await expect(page.locator('[data-testid="compare-radar"]').count()).resolves.toBe(0);
    await page.locator('[data-select="XZ01"]').check();
    await page.waitForURL(/sel=XZ01/);
    await page.locator('[data-select="JG001"]').check();
    await page.waitForURL(/sel=XZ01%2CJG001|sel=XZ01,JG001/);
    const radar = page.locator('[data-testid="compare-radar"] canvas');
    await radar.first().waitFor();
    expect(await radar.count()).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="compare-bars"] canvas').count()).resolves.toBeGreaterThan(0);

    await page.locator('tr[data-row-id="XZ01"] td[data-column="complianceRate"] a').click();
    await page.waitForURL(/\/branch\/XZ01\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('period')).toBe('2025');
    expect(url.searchParams.get('drill')).toBe('slots');
  });

  it('shows a secretary her own branch in full and the others as name, index and rank only', async () => {
    await page.request.post(`${app.url}/trpc/auth.logout`);
    await signIn('secretary', 'secretary-demo');
    await page.goto(`${app.url}/compare?period=2025`);
    const rows = await gridRows();
    const { rows: own, restricted } = await apiComparison('2025');
    // The API: her branch (XZ01) in full, every other branch reduced.
    expect(own.map((r) => r.branch.code)).toEqual(['XZ01']);
    expect(restricted.length).toBe(Object.keys(year2025.branches).length - 1);
    expect(
      restricted.every((r) => (r.metrics as { complianceRate?: unknown }).complianceRate === undefined),
    ).toBe(true);
    // The grid: every branch, hers and the others.
    expect(rows.map((r) => r._code).sort()).toEqual([...own, ...restricted].map((r) => r.branch.code).sort());

    const mine = rows.find((r) => r._code === 'XZ01')!;
    expect(mine.complianceRate).toBe(pct(year2025.branches.XZ01!.complianceRate));
    expect(mine.attendanceRate).toBe(pct(year2025.branches.XZ01!.attendanceRate));
    expect(mine.sessions).toBe(String(year2025.branches.XZ01!.sessions));
    await expect(
      page.locator('tr[data-row-id="XZ01"] td[data-column="complianceRate"] a').count(),
    ).resolves.toBe(1);
    await expect(page.locator('tr[data-row-id="XZ01"] td[data-column="name"] a').count()).resolves.toBe(1);

    const metricColumns = [
      'complianceRate',
      'attendanceRate',
      'ritualRate',
      'sessions',
      'volunteerHours',
      'awards',
      'goalsMet',
    ];
    for (const other of restricted) {
      const code = other.branch.code;
      const shown = rows.find((r) => r._code === code)!;
      const want = year2025.branches[code]!;
      expect(shown.name, code).toContain(other.branch.name);
      expect(shown.index, code).toBe(want.index === null ? '—' : want.index.toFixed(1));
      expect(shown.rank, code).toBe(want.rank === null ? '—' : String(want.rank));
      for (const column of metricColumns) expect(shown[column], `${code} ${column}`).toBe('—');
    }
    // Identity, index and rank of another branch, but nothing to drill into and nothing to chart.
    const other = restricted.find((r) => r.metrics.index !== null)!.branch.code;
    expect(year2025.branches[other]!.complianceRate).not.toBeNull(); // a dash hides a real value
    const otherRow = page.locator(`tr[data-row-id="${other}"]`);
    await expect(otherRow.locator('td[data-column="index"]').textContent()).resolves.toBe(
      year2025.branches[other]!.index!.toFixed(1),
    );
    await expect(otherRow.locator('a').count()).resolves.toBe(0);
    await expect(otherRow.locator(`[data-select="${other}"]`).isDisabled()).resolves.toBe(true);
    await expect(otherRow.locator('.grid-restricted').count()).resolves.toBe(1);

    await page.request.post(`${app.url}/trpc/auth.logout`);
    await signIn('admin', 'admin-demo');
  });
});
