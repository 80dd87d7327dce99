/**
 * The period, asOf and branch filters of the dashboard pages live in the address
 * (`?period=2025-Q2&asOf=2025-05-31&category=student&parent=12`), so a link reproduces the view.
 */
import { useMemo } from 'react';
import { CATEGORIES, type TCategory } from '../../../shared/domain';
import { parsePeriod, type TParsedPeriod } from '../../../shared/schemas/period';
import type { TLang } from './i18n';
import { setSearchParams, useSearchParams } from './router';

const PERIOD_PARAMS = ['period', 'asOf', 'category', 'parent'] as const;

const setters = {
  // A new period drops an asOf that may no longer lie inside it.
  setPeriod: (period: string) => setSearchParams({ period, asOf: null }),
  setAsOf: (asOf: string | undefined) => setSearchParams({ asOf: asOf ?? null }),
  setCategory: (category: TCategory | undefined) => setSearchParams({ category: category ?? null }),
  setParentId: (parentId: number | undefined) =>
    setSearchParams({ parent: parentId ? String(parentId) : null }),
};

export interface TPeriodState {
  /** Canonical period text, e.g. `2025`, `2025-Q2`, `2025-03`, `2025-03-01..2025-08-31`. */
  period: string;
  parsed: TParsedPeriod;
  asOf: string | undefined;
  category: TCategory | undefined;
  parentId: number | undefined;
}

/** The default period: the current calendar year (Jan 1 falls back to last year: nothing counted yet). */
export function defaultPeriod(now: Date = new Date()): string {
  const isFirstOfYear = now.getMonth() === 0 && now.getDate() === 1;
  return String(now.getFullYear() - (isFirstOfYear ? 1 : 0));
}

/** Reads the state from query parameters; invalid values fall back to defaults. */
export function readPeriodState(search: URLSearchParams, now: Date = new Date()): TPeriodState {
  const fromUrl = search.get('period');
  const parsed = (fromUrl && parsePeriod(fromUrl)) || parsePeriod(defaultPeriod(now));
  if (!parsed) throw new Error(`default period ${defaultPeriod(now)} does not parse`);
  const asOf = search.get('asOf');
  const category = search.get('category');
  const parent = Number(search.get('parent'));
  return {
    period: parsed.label,
    parsed,
    asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) && asOf >= parsed.start ? asOf : undefined,
    category: CATEGORIES.keys.includes(category as TCategory) ? (category as TCategory) : undefined,
    parentId: Number.isInteger(parent) && parent > 0 ? parent : undefined,
  };
}

export function usePeriodState(): TPeriodState & {
  setPeriod(period: string): void;
  setAsOf(asOf: string | undefined): void;
  setCategory(category: TCategory | undefined): void;
  setParentId(parentId: number | undefined): void;
} {
  // Only these parameters: a page's sort or filter in the address does not re-render the period picker.
  const search = useSearchParams(PERIOD_PARAMS);
  const state = useMemo(() => readPeriodState(search), [search]);
  // Stable setters (module functions) and a stable object while the period parameters stay the same.
  return useMemo(() => ({ ...state, ...setters }), [state]);
}

/** `2025年` / `2025年第2季度` / `2025年3月` / `2025-03-01 至 2025-08-31` (and English). */
export function formatPeriod(period: string, lang: TLang): string {
  const p = parsePeriod(period);
  if (!p) return period;
  const year = p.start.slice(0, 4);
  const month = Number(p.start.slice(5, 7));
  switch (p.kind) {
    case 'year':
      return lang === 'zh' ? `${year}年` : year;
    case 'quarter':
      return lang === 'zh' ? `${year}年第${period.slice(-1)}季度` : `Q${period.slice(-1)} ${year}`;
    case 'month':
      return lang === 'zh'
        ? `${year}年${month}月`
        : new Date(Date.UTC(Number(year), month - 1, 1)).toLocaleString('en', {
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          });
    case 'range':
      return lang === 'zh' ? `${p.start} 至 ${p.end}` : `${p.start} to ${p.end}`;
  }
}
