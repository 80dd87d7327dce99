import { CATEGORIES } from '../../../shared/domain';
import { ALL_SCOPE_LABELS } from '../../../shared/import-format';
import { parseMetricKey, RATE_METRICS, type TMetricKey } from '../../../shared/metric-keys';
import type { TGoalScopeType } from '../../db/tables/goal.table';
import type { RowReader } from '../row-reader';

export interface GoalRow {
  row: number;
  year: number;
  scopeType: TGoalScopeType;
  /** '' for all, a category key, or a branch code (checked against units later). */
  scopeRef: string;
  metric: TMetricKey;
  target: number;
}

export function readGoalRow(r: RowReader): GoalRow | undefined {
  const year = r.integer('year');
  if (year !== null && (year < 1900 || year > 2200)) {
    r.error({ code: 'year_out_of_range', column: 'year', value: r.shown('year') });
  }
  const scopeText = r.text('scope', 64);
  const metricText = r.text('metric', 100);
  const metric = metricText === null ? undefined : parseMetricKey(metricText);
  if (metricText !== null && metric === undefined) {
    r.error({ code: 'metric_unknown', column: 'metric', value: metricText });
  }
  const target = r.percentNumber('target');
  if (target && target.n < 0) r.error({ code: 'negative', column: 'target', value: r.shown('target') });
  if (target && metric && !target.isPercent && target.n > 1 && RATE_METRICS.includes(metric)) {
    r.error({ code: 'rate_over_one', column: 'target', value: r.shown('target') });
  }
  if (r.hasErrors || year === null || scopeText === null || !metric || !target) return undefined;
  const scope = parseScope(scopeText);
  return { row: r.row, year, ...scope, metric, target: target.n };
}

/** 全部 / a category / otherwise a branch code, which the reference check resolves. */
function parseScope(text: string): { scopeType: TGoalScopeType; scopeRef: string } {
  if ((ALL_SCOPE_LABELS as readonly string[]).includes(text.toLowerCase()))
    return { scopeType: 'all', scopeRef: '' };
  const category = CATEGORIES.parse(text);
  if (category) return { scopeType: 'category', scopeRef: category };
  return { scopeType: 'branch', scopeRef: text };
}
