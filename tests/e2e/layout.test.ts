/**
 * Any screen (issue 14.7) and the charts' text (14.8), in real Chromium on the demo college (39 branches,
 * long names): the big screen lays out from 1366×768 to 3840×2160 without scrolling, cut lines or wrapped
 * units; on a phone the header, the menu button and the pages keep out of each other's way and nothing
 * scrolls sideways; the dark menu's selected item reads at 4.5:1; English lists use ", "; the restricted
 * mark is an icon; every chart is named, says what it shows, and exports a PNG from the keyboard.
 * Each layout is saved to tests/e2e/screenshots/layout-*.png to be looked at.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { waitForSettledPage } from './helpers/page-ready';
import { signIn } from './helpers/sign-in';

const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
const GRID_ROW = 'table.virtual-grid tbody tr[data-row-id]';
const PHONE = { width: 390, height: 844 };
const DESKTOPS = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const SCREENS = [...DESKTOPS, { width: 2560, height: 1440 }, { width: 3840, height: 2160 }];

let app: AppProcess;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  await ensureClientBuilt();
  mkdirSync(SHOTS, { recursive: true });
  // An empty database in demo mode: the server loads the demo college and its accounts.
  app = await startApp(
    { DATABASE_URL: join(mkdtempSync(join(tmpdir(), 'pbd-layout-')), 'app.db'), DEMO: 'on' },
    300_000,
  );
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await signIn(page, app.url, 'admin', 'admin-demo');
}, 360_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

async function open(path: string, size: { width: number; height: number }, ready: string): Promise<void> {
  await page.setViewportSize(size);
  await page.goto(`${app.url}${path}`);
  await page.locator(ready).first().waitFor();
}

/** Waits until nothing is loading and every chart has drawn, so the screenshot shows them. */
const chartsDrawn = () => waitForSettledPage(page);

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `layout-${name}.png`) });
}

type TBox = { left: number; top: number; right: number; bottom: number; width: number; height: number };
const boxOf = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const b = el.getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height };
    });
const overlaps = (a: TBox, b: TBox) =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** The page does not scroll sideways: nothing sticks out of the viewport's width. */
async function sidewaysOverflow(): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the big screen, from 1366×768 to 3840×2160', () => {
  for (const size of SCREENS) {
    it(`fits ${size.width}×${size.height} without scrolling, cut lines or crushed charts`, async () => {
      await open('/screen', size, '[data-testid="alert-item"]');
      await page.locator('[data-testid="ranking-chart"] canvas').waitFor();
      await chartsDrawn();
      await shoot(`screen-${size.width}x${size.height}`);

      const scroll = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
      expect(scroll.height).toBeLessThanOrEqual(size.height);
      expect(scroll.width).toBeLessThanOrEqual(size.width);

      const scale = await page.$eval('[data-testid="big-screen"]', (el) =>
        Number.parseFloat(getComputedStyle(el).getPropertyValue('--screen-scale')),
      );
      expect(scale).toBeCloseTo(Math.max(0.6, Math.min(size.width / 1920, size.height / 1080)), 2);

      // KPI cards: the unit on the number's line, the label whole (two lines at most, none cut).
      const cards = await page.$$eval('.kpi-grid-screen .kpi-card', (els) =>
        els.map((card) => {
          const box = (sel: string) => card.querySelector(sel)?.getBoundingClientRect();
          const label = card.querySelector('.kpi-label') as HTMLElement;
          const number = box('.kpi-number');
          const unit = box('.kpi-unit');
          const cardBox = card.getBoundingClientRect();
          return {
            label: label.textContent,
            isLabelWhole:
              label.scrollHeight <= label.clientHeight + 1 && label.scrollWidth <= label.clientWidth + 1,
            isUnitOnLine: !unit || !number || unit.top < number.bottom,
            isInside:
              !!number && number.right <= cardBox.right && (!unit || unit.right <= cardBox.right + 0.5),
          };
        }),
      );
      expect(cards.length).toBe(6);
      for (const card of cards)
        expect(card, String(card.label)).toMatchObject({
          isLabelWhole: true,
          isUnitOnLine: true,
          isInside: true,
        });

      // Header: one line each, nothing overlapping.
      const title = await boxOf('.screen-title h1');
      const actions = await boxOf('.screen-actions');
      expect(overlaps(title, actions)).toBe(false);
      const updated = await page.$eval('[data-testid="screen-updated"]', (el) => {
        const fontSize = Number.parseFloat(getComputedStyle(el).fontSize);
        return {
          height: el.getBoundingClientRect().height,
          fontSize,
          isWhole: el.scrollWidth <= el.clientWidth + 1,
        };
      });
      expect(updated.height).toBeLessThan(updated.fontSize * 1.8);
      expect(updated.isWhole).toBe(true);

      // The ranking: ten names, each with a line of at least 1.6× its font size.
      const ranking = await boxOf('.screen-ranking .screen-panel-body');
      const labelPx = 12 * 1.7 * scale;
      expect(ranking.height / 10).toBeGreaterThanOrEqual(labelPx * 1.6);
      // The value axis: five labels of up to three digits fit the plot's width at that size.
      expect(ranking.width * 0.35).toBeGreaterThan(5 * 3 * labelPx * 0.6);

      // 工作欠账: whole lines only, then how many more.
      const list = await page.$eval('[data-testid="alerts-list"]', (ul) => {
        const box = ul.getBoundingClientRect();
        const items = Array.from(ul.querySelectorAll('li'));
        return {
          shown: items.filter((li) => li.matches('[data-testid="alert-item"]')).length,
          hasMore: items.some((li) => li.matches('.overview-list-more')),
          isEveryLineWhole: items.every((li) => li.getBoundingClientRect().bottom <= box.bottom + 0.5),
        };
      });
      expect(list.shown).toBeGreaterThanOrEqual(3);
      expect(list.isEveryLineWhole).toBe(true);
    });
  }

  it('keeps English titles whole at 1440×900', async () => {
    await open('/screen?lang=en', DESKTOPS[1]!, '[data-testid="alert-item"]');
    await chartsDrawn();
    await shoot('screen-en-1440x900');
    const cut = await page.$$eval('.screen-title h1, .screen-panel h2, .kpi-label', (els) =>
      els
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        .map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    await page.goto(`${app.url}/overview?lang=zh`);
  });
});

describe('on a phone (390×844)', () => {
  const pages = [
    ['overview', '/overview', '[data-testid="kpi-value-index"]'],
    ['compare', '/compare', GRID_ROW],
    ['branch-detail', '/branch/XZ01', '[data-testid="slot-grid"]'],
  ] as const;
  for (const lang of ['zh', 'en'] as const) {
    for (const [name, path, ready] of pages) {
      it(`${name} (${lang}): header, menu button and page keep out of each other's way; no sideways scroll`, async () => {
        await open(`${path}?lang=${lang}`, PHONE, ready);
        await chartsDrawn();
        await shoot(`phone-${name}-${lang}`);
        expect(await sidewaysOverflow()).toBe(0);

        const header = await boxOf('.app-header');
        const brand = await boxOf('.app-brand');
        const actions = await boxOf('.app-header-actions');
        const menu = await boxOf('[data-testid="menu-button"]');
        expect(overlaps(brand, actions)).toBe(false);
        expect(overlaps(menu, brand)).toBe(false);
        expect(actions.right).toBeLessThanOrEqual(PHONE.width);
        // The app's name is readable (not cut to a few characters).
        const title = await page.$eval('.app-title', (el) => ({
          shown: el.clientWidth,
          full: el.scrollWidth,
        }));
        expect(title.shown).toBeGreaterThanOrEqual(Math.min(title.full, 120));

        const h1 = await boxOf('h1');
        expect(h1.top).toBeGreaterThanOrEqual(header.bottom);
        const picker = await boxOf('[data-testid="period-picker"]');
        expect(overlaps(menu, picker)).toBe(false);
        expect(picker.right).toBeLessThanOrEqual(PHONE.width);
      });
    }
  }
});

describe('desktops', () => {
  for (const size of DESKTOPS) {
    it(`${size.width}×${size.height}: overview, compare and branch detail fit the width`, async () => {
      for (const [name, path, ready] of [
        ['overview', '/overview', '[data-testid="kpi-value-index"]'],
        ['compare', '/compare?sel=XZ01,JG01,XS01', '[data-testid="compare-radar"] canvas'],
        ['branch-detail', '/branch/XZ01', '[data-testid="slot-grid"]'],
      ] as const) {
        await open(path, size, ready);
        await chartsDrawn();
        await shoot(`${name}-${size.width}x${size.height}`);
        expect(await sidewaysOverflow(), name).toBe(0);
      }
    });
  }
});

/** WCAG contrast of two opaque colours `rgb(r, g, b)`. */
function contrast(foreground: number[], background: number[]): number {
  const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
    const [lr, lg, lb] = [r, g, b].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
  };
  const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

/** The WCAG contrast of an element's text with what it sits on (translucent layers composited). */
async function contrastOf(selector: string): Promise<number> {
  const colours = await page.$eval(selector, (el) => {
    const parse = (text: string) => (text.match(/[\d.]+/g) ?? []).map(Number);
    const over = (top: number[], bottom: number[]) => {
      const alpha = top[3] ?? 1;
      return [0, 1, 2].map((i) => (top[i] ?? 0) * alpha + (bottom[i] ?? 0) * (1 - alpha));
    };
    const layers: number[][] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const background = parse(getComputedStyle(node).backgroundColor);
      if ((background[3] ?? 1) > 0) layers.push(background);
    }
    let background = [0, 0, 0];
    for (const layer of layers.reverse()) background = over(layer, background);
    return { text: over(parse(getComputedStyle(el).color), background), background };
  });
  return contrast(colours.text, colours.background);
}

describe('dark theme', () => {
  it('the selected menu item reads at 4.5:1 or more', async () => {
    await open('/overview?theme=dark', DESKTOPS[1]!, '[data-testid="kpi-value-index"]');
    await shoot('overview-dark-1440x900');
    expect(await contrastOf('.app-sider .ant-menu-item-selected a')).toBeGreaterThanOrEqual(4.5);
  });

  it('links in the grids read at 4.5:1 or more', async () => {
    await open('/compare?theme=dark', DESKTOPS[1]!, GRID_ROW);
    expect(await contrastOf('.grid-branch-name a')).toBeGreaterThanOrEqual(4.5);
    await open('/data?theme=dark', DESKTOPS[1]!, 'table.data-table tbody tr a');
    expect(await contrastOf('table.data-table tbody tr a')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('text', () => {
  it('English lists use ", " (the activity list\'s modules and sharers)', async () => {
    await open(
      '/branch/XZ01?lang=en&period=2025',
      DESKTOPS[1]!,
      '[data-testid="section-activities"] table tbody tr',
    );
    const cells = await page.$$eval(
      '[data-testid="section-activities"] td[data-column="modules"], [data-testid="section-activities"] td[data-column="sharers"]',
      (tds) => tds.map((td) => td.textContent ?? ''),
    );
    expect(cells.some((text) => text.includes(', '))).toBe(true);
    expect(cells.filter((text) => text.includes('、'))).toEqual([]);
  });

  it('marks the branches a secretary may not open with an icon, not an emoji', async () => {
    const secretary = await browser.newPage();
    try {
      await signIn(secretary, app.url, 'secretary', 'secretary-demo');
      await secretary.setViewportSize(DESKTOPS[1]!);
      await secretary.goto(`${app.url}/compare`);
      const mark = secretary.locator('.grid-restricted').first();
      await mark.waitFor();
      await expect(mark.locator('svg').count()).resolves.toBe(1);
      await expect(mark.getAttribute('aria-label')).resolves.toBe('仅可查看名称、综合指数与排名');
      await expect(secretary.locator('body').textContent()).resolves.not.toContain('🔒');
    } finally {
      await secretary.close();
    }
  });
});

describe('charts (issue 14.8)', () => {
  it('every chart is a named figure that says what it shows', async () => {
    for (const path of ['/overview', '/compare?sel=XZ01,JG01,XS01', '/branch/XZ01', '/screen']) {
      await open(path, DESKTOPS[1]!, 'figure.e-chart');
      await chartsDrawn();
      const figures = await page.$$eval('figure.e-chart', (els) =>
        els.map((figure) => ({
          name: document.getElementById(figure.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
          summary: figure.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '',
        })),
      );
      expect(figures.length, path).toBeGreaterThanOrEqual(3);
      for (const figure of figures) {
        expect(figure.name, path).not.toBe('');
        expect(figure.summary, `${path} ${figure.name}`).not.toBe('');
        expect(figure.summary, `${path} ${figure.name}`).not.toBe('没有数据');
      }
    }
  });

  // A generous timeout: the overview's charts are drawn on a busy 2-core machine (30 s ran out once in CI).
  it('shows the ranking as a table and exports the trend as PNG, by keyboard', async () => {
    await open('/overview', DESKTOPS[1]!, '[data-testid="trend-chart"] canvas');
    await chartsDrawn();
    // From the top of the page, Tab reaches the trend chart's export button.
    await page.locator('body').focus();
    const exportButton = page.locator('[data-testid="trend-chart"] [data-chart-tool="export"]');
    let steps = 0;
    while (!(await exportButton.evaluate((el) => el === document.activeElement))) {
      await page.keyboard.press('Tab');
      steps += 1;
      expect(steps, 'Tab never reached the export button').toBeLessThan(80);
    }
    // Enter opens the menu of formats with the first (PNG) in focus, the arrow keys choose, Enter saves.
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'PNG 图片（2 倍清晰度）' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    // What, whom and when (issue 12): 全院_2026年_全校月度趋势.png
    expect(download.suggestedFilename()).toMatch(/^全院_\d{4}年_.+\.png$/);

    const tableButton = page.locator('[data-testid="ranking-chart"] [data-chart-tool="table"]');
    await tableButton.focus();
    await page.keyboard.press('Enter');
    const rows = page.locator('[data-testid="ranking-chart"] table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(10);
    await expect(tableButton.getAttribute('aria-pressed')).resolves.toBe('true');
    await shoot('overview-ranking-table-1440x900');
  }, 120_000);
});
