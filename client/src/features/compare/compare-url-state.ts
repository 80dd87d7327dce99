/**
 * The compare view's own state in the address, so a link reproduces it (period, category and general
 * branch are read by usePeriodState). Parameters:
 * `sort=index.desc` · `f=complianceRate:0.9..1;name:行政` (column filters) · `hide=code,parent` ·
 * `q=` (search) · `delta=1` · `rank=category` · `sel=XZ01,JG001` · `bars=complianceRate,sessions` · `by=index`.
 */
import type { ColumnFiltersState, ColumnVisibilityState } from '@tanstack/react-table';
import { METRIC_KEYS, type TMetricKey } from '../../../../shared/metric-keys';

export const MAX_SELECTED = 6;

export type TRankMode = 'all' | 'category';
/** A metric of the charts: a metric key or the composite index. */
export type TChartMetric = TMetricKey | 'index';

export const DEFAULT_BAR_METRICS: readonly TChartMetric[] = [
  'complianceRate',
  'attendanceRate',
  'sharingCoverage',
];
export const DEFAULT_RANKING_METRIC: TChartMetric = 'index';

function isChartMetric(key: string): key is TChartMetric {
  return key === 'index' || (METRIC_KEYS as readonly string[]).includes(key);
}

function parseNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** `id:min..max` (either end may be empty) is a range, `id:text` a substring filter. */
export function parseFilters(text: string | null): ColumnFiltersState {
  if (!text) return [];
  const out: ColumnFiltersState = [];
  for (const part of text.split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const id = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (value.includes('..')) {
      const [lo, hi] = value.split('..');
      const range: [number | null, number | null] = [parseNumber(lo), parseNumber(hi)];
      if (range[0] !== null || range[1] !== null) out.push({ id, value: range });
    } else if (value.trim() !== '') {
      out.push({ id, value });
    }
  }
  return out;
}

export function formatFilters(filters: ColumnFiltersState): string | null {
  const parts = filters.flatMap(({ id, value }) => {
    if (Array.isArray(value)) {
      const [lo, hi] = value as [number | null, number | null];
      if (lo == null && hi == null) return [];
      return [`${id}:${lo ?? ''}..${hi ?? ''}`];
    }
    // `;` separates filters; a search for it is not worth an escape syntax.
    const text = String(value ?? '')
      .replaceAll(';', ' ')
      .trim();
    return text ? [`${id}:${text}`] : [];
  });
  return parts.length ? parts.join(';') : null;
}

export function parseList(text: string | null): string[] {
  return text ? text.split(',').filter(Boolean) : [];
}

export function formatList(items: readonly string[]): string | null {
  return items.length ? items.join(',') : null;
}

export function parseHidden(text: string | null): ColumnVisibilityState {
  return Object.fromEntries(parseList(text).map((id) => [id, false]));
}

export function formatHidden(visibility: ColumnVisibilityState): string | null {
  return formatList(Object.keys(visibility).filter((id) => visibility[id] === false));
}

export interface TCompareViewState {
  filters: ColumnFiltersState;
  hidden: ColumnVisibilityState;
  search: string;
  showDelta: boolean;
  rankMode: TRankMode;
  selected: string[];
  barMetrics: TChartMetric[];
  rankingMetric: TChartMetric;
}

export function readCompareState(search: URLSearchParams): TCompareViewState {
  const bars = parseList(search.get('bars')).filter(isChartMetric);
  const by = search.get('by') ?? '';
  return {
    filters: parseFilters(search.get('f')),
    hidden: parseHidden(search.get('hide')),
    search: search.get('q') ?? '',
    showDelta: search.get('delta') === '1',
    rankMode: search.get('rank') === 'category' ? 'category' : 'all',
    selected: [...new Set(parseList(search.get('sel')))].slice(0, MAX_SELECTED),
    barMetrics: bars.length ? bars : [...DEFAULT_BAR_METRICS],
    rankingMetric: isChartMetric(by) ? by : DEFAULT_RANKING_METRIC,
  };
}

/** Adds or removes a code; at most MAX_SELECTED (a seventh is refused, not rotated in silently). */
export function toggleSelected(selected: readonly string[], code: string): string[] {
  if (selected.includes(code)) return selected.filter((c) => c !== code);
  return selected.length >= MAX_SELECTED ? [...selected] : [...selected, code];
}
