/**
 * The period, asOf and branch filters of the dashboard pages live in the address
 * (`?period=2025-Q2&asOf=2025-05-31&category=student&parent=12`), so a link reproduces the view.
 */
import { useMemo } from 'react';
import { CATEGORIES, type TCategory } from '../../../shared/domain';
import { todayIso } from '../../../shared/schemas/date';
import { parsePeriod, type TParsedPeriod, type TPeriodKind } from '../../../shared/schemas/period';
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

/**
 * The default period: the college's current calendar year (its time zone, not the browser's); on
 * 1 January last year, nothing of the new one being counted yet.
 */
export function defaultPeriod(now: Date = new Date()): string {
  const today = todayIso(now);
  const year = Number(today.slice(0, 4));
  return String(today.endsWith('-01-01') ? year - 1 : year);
}

/**
 * The period a switch of kind (年度 → 季度 …) opens: the one of that kind that holds the day the current
 * period is about — today while the period holds today, else its last day (2025 → 2025-Q4, 2025-12). So
 * this year's 季度 is the current quarter, not Q1. A custom range keeps the days of the current period.
 */
export function periodOfKind(current: TParsedPeriod, kind: TPeriodKind, today: string = todayIso()): string {
  if (kind === 'range') return `${current.start}..${current.end}`;
  const day = current.start <= today && today <= current.end ? today : current.end;
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  switch (kind) {
    case 'year':
      return year;
    case 'quarter':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'month':
      return day.slice(0, 7);
  }
}

/** The parameters that say which period a page shows: they go along when the menu opens another page. */
const LINK_PARAMS = ['period', 'asOf'] as const;
const REMEMBERED_KEY = 'pbd.period';

/** `?period=2025-Q3&asOf=…` of an address, or '' (the default period). */
export function periodQueryOf(search: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const key of LINK_PARAMS) {
    const value = search.get(key);
    if (value) keep.set(key, value);
  }
  const query = keep.toString();
  return query ? `?${query}` : '';
}

/**
 * The period of the last page about a period, for the tab (sessionStorage): links from pages without a
 * period (数据管理, 目标) carry it, so 总览 → 数据管理 → 支部对比 keeps the period chosen on 总览.
 */
export function rememberPeriodQuery(query: string): void {
  window.sessionStorage.setItem(REMEMBERED_KEY, query);
}

export function rememberedPeriodQuery(): string {
  return window.sessionStorage.getItem(REMEMBERED_KEY) ?? '';
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

/** The period in words (`2025年第2季度`), shared with the server's review report. */
export { formatPeriod } from '../../../shared/schemas/period';
