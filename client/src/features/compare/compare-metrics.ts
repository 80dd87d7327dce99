/**
 * What the compare grid shows per branch, as pure data: the column groups, how each metric is read from a
 * `metrics.branches` row (a secretary's view of other branches carries only identity, index and rank, so
 * every read tolerates a missing value), how it is formatted, and where a click on it drills through.
 */
import { CATEGORIES, MODULES, type TCategory, type TModule } from '../../../../shared/domain';
import {
  DELTA_KEYS,
  METRICS,
  type TMetricDisplay,
  type TMetricGroup,
  type TMetricKey,
} from '../../../../shared/metric-keys';
import type {
  TBranchIdentity,
  TBranchMetrics,
  TDeltaKey,
  TGoalResult,
  TGoalStatus,
} from '../../../../shared/schemas/metrics';
import type { TSheetFormat } from '../../../../shared/table-sheet';
import { DASH, formatDelta, formatNumber, formatPercent } from '../../lib/format';
import type { TLang } from '../../lib/i18n';
import type { TChartMetric } from './compare-url-state';

/** A row of the grid: a `metrics.branches` row whose metrics may be partial (restricted view). */
export interface TCompareRow {
  branch: TBranchIdentity;
  metrics: Partial<TBranchMetrics>;
  /** Only identity, index and rank are known (a secretary looking at another branch). */
  isRestricted: boolean;
}

/** Accepts full rows and the restricted shape (metrics partial or absent, index/rank possibly top-level). */
export function toCompareRow(raw: {
  branch: TBranchIdentity;
  metrics?: Partial<TBranchMetrics> | null;
  index?: number | null;
  rank?: number | null;
  categoryRank?: number | null;
}): TCompareRow {
  const metrics: Partial<TBranchMetrics> = { ...(raw.metrics ?? {}) };
  for (const key of ['index', 'rank', 'categoryRank'] as const) {
    if (metrics[key] === undefined && raw[key] !== undefined) metrics[key] = raw[key];
  }
  return { branch: raw.branch, metrics, isRestricted: metrics.complianceRate === undefined };
}

export type TColumnKey = TMetricKey | `share_${TModule}` | 'goalsMet' | 'meanAttainment' | 'index' | 'rank';

export type TGroupKey = TMetricGroup | 'goals' | 'overall';

/** The metrics of a dimension, in METRICS order (shared/metric-keys.ts `group`). */
const metricsOf = (group: TMetricGroup): TColumnKey[] =>
  METRICS.filter((m) => m.group === group).map((m) => m.key);

export const COLUMN_GROUPS: readonly { key: TGroupKey; columns: readonly TColumnKey[] }[] = [
  { key: 'regularity', columns: metricsOf('regularity') },
  { key: 'vividness', columns: metricsOf('vividness') },
  { key: 'integration', columns: metricsOf('integration') },
  {
    key: 'modules',
    columns: [...metricsOf('modules'), 'share_spirit', 'share_capability', 'share_development'],
  },
  { key: 'results', columns: metricsOf('results') },
  { key: 'goals', columns: ['goalsMet', 'meanAttainment'] },
  { key: 'overall', columns: ['index', 'rank'] },
];

/** How each column's numbers are shown: a metric's from its description, the others here. */
const FORMAT: Record<TColumnKey, TMetricDisplay> = {
  ...(Object.fromEntries(METRICS.map((m) => [m.key, m.display])) as Record<TMetricKey, TMetricDisplay>),
  share_spirit: 'percent',
  share_capability: 'percent',
  share_development: 'percent',
  goalsMet: 'int',
  meanAttainment: 'percent',
  index: 'dec1',
  rank: 'int',
};

/** The number format of a column in an Excel export (shared/table-sheet.ts), matching what the grid shows. */
export function sheetFormatOf(key: TColumnKey): TSheetFormat {
  const format = FORMAT[key];
  return format === 'ratio' ? 'dec2' : format;
}

export function isPercentColumn(key: TColumnKey): boolean {
  return FORMAT[key] === 'percent';
}

export function formatValue(key: TColumnKey, value: number | null | undefined): string {
  switch (FORMAT[key]) {
    case 'percent':
      return formatPercent(value);
    case 'ratio':
      return formatNumber(value, 2);
    case 'int':
      return formatNumber(value);
    case 'dec1':
      return formatNumber(value, 1);
    case 'dec2':
      return formatNumber(value, 2);
  }
}

export function formatDeltaValue(key: TDeltaKey, value: number | null | undefined): string {
  const kind = FORMAT[key];
  if (kind === 'ratio')
    return value == null ? DASH : `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(2)}`;
  return formatDelta(value, kind === 'percent', kind === 'int' ? 0 : kind === 'dec2' ? 2 : 1);
}

export function hasDelta(key: TColumnKey): key is TDeltaKey {
  return (DELTA_KEYS as readonly string[]).includes(key);
}

/** The number a cell shows; null when unknown (restricted row, or no value in the period). */
export function columnValue(
  row: TCompareRow,
  key: TColumnKey,
  rankMode: 'all' | 'category' = 'all',
): number | null {
  const m = row.metrics;
  if (key === 'rank') return (rankMode === 'category' ? m.categoryRank : m.rank) ?? null;
  if (key === 'goalsMet') {
    if (!m.goals) return null;
    return Object.values(m.goals).filter((g) => g?.status === 'met').length;
  }
  if (key === 'meanAttainment') {
    if (!m.goals) return null;
    const values = Object.values(m.goals)
      .map((g) => g?.attainment)
      .filter((a): a is number => typeof a === 'number');
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  if (key.startsWith('share_')) return m.moduleShare?.[key.slice(6) as TModule] ?? null;
  const value = m[key as TMetricKey | 'index'];
  return typeof value === 'number' ? value : null;
}

export function goalOf(row: TCompareRow, key: TColumnKey): TGoalResult | undefined {
  return row.metrics.goals?.[key as TMetricKey];
}

export function statusOf(row: TCompareRow, key: TColumnKey): TGoalStatus | undefined {
  return goalOf(row, key)?.status;
}

export function chartValue(row: TCompareRow, key: TChartMetric): number | null {
  return columnValue(row, key);
}

export function columnLabel(
  key: TColumnKey,
  lang: TLang,
  labels: Record<'goalsMet' | 'meanAttainment' | 'index' | 'rank', string>,
): string {
  if (key.startsWith('share_')) {
    const module = MODULES.byKey[key.slice(6) as TModule];
    return lang === 'zh' ? `${module.zh}占比` : `${module.en} share`;
  }
  const metric = METRICS.find((x) => x.key === key);
  if (metric) return metric[lang];
  return labels[key as keyof typeof labels];
}

export function categoryLabel(category: TCategory | null, lang: TLang): string {
  return category ? CATEGORIES.byKey[category][lang] : '';
}

/** Where a click on a number goes: the branch page with the records behind it (dashboard.md). */
export function drillParams(key: TColumnKey): Record<string, string> {
  switch (key) {
    case 'complianceRate':
      return { drill: 'slots' };
    case 'ritualRate':
      return { drill: 'sessions', type: 'theme_day' };
    case 'volunteerHours':
    case 'volunteerPersonTimes':
    case 'volunteerHoursPerMember':
      return { drill: 'achievements', kind: 'volunteer_service' };
    case 'projectsApproved':
      return { drill: 'achievements', kind: 'project_approval' };
    case 'awards':
      return { drill: 'achievements', kind: 'award' };
    case 'proposalsAdopted':
      return { drill: 'achievements', kind: 'proposal_adopted' };
    case 'goalsMet':
    case 'meanAttainment':
    case 'index':
    case 'rank':
      return { drill: 'goals' };
    default:
      return { drill: 'sessions' };
  }
}

export function drillUrl(
  code: string,
  key: TColumnKey | null,
  scope: { period: string; asOf?: string },
): string {
  const params = new URLSearchParams({ period: scope.period });
  if (scope.asOf) params.set('asOf', scope.asOf);
  if (key) for (const [name, value] of Object.entries(drillParams(key))) params.set(name, value);
  return `/branch/${encodeURIComponent(code)}?${params.toString()}`;
}
