/**
 * The overview's KPI cards as the page shows them, and the text a card must show for an API value —
 * formatted here independently of the client code, so a formatting bug there fails the comparison.
 */
import type { Page } from 'playwright-core';
import type { TOverviewKpi } from '../../../shared/schemas/overview';

/** The card text the page must show for an API value. */
export function shownValue(kpi: TOverviewKpi): string {
  if (kpi.value === null) return '—';
  if (kpi.key === 'complianceRate' || kpi.key === 'attendanceRate') return `${(kpi.value * 100).toFixed(1)}%`;
  if (kpi.key === 'index' || !Number.isInteger(kpi.value)) return kpi.value.toFixed(1);
  return String(kpi.value);
}

/** Every KPI card's value text by metric key, once the index card is shown. */
export async function renderedKpis(
  page: Page,
  wait: { timeout?: number } = {},
): Promise<Record<string, string>> {
  await page.locator('[data-testid="kpi-value-index"]').first().waitFor(wait);
  return page.$$eval('[data-testid^="kpi-value-"]', (els) =>
    Object.fromEntries(
      els.map((el) => [
        (el as HTMLElement).dataset.testid?.replace('kpi-value-', '') ?? '',
        el.textContent?.trim() ?? '',
      ]),
    ),
  );
}
