/**
 * The goals of a year to Excel / CSV (issue 12): the list as the page shows it — scope, metric, target,
 * last year's actual — with the targets and actuals as number cells (a rate as a percent cell, a count
 * as a number), and a 口径 column where a value is per branch (an additive metric's goal for several
 * branches). The file is written by components/table-export-button.tsx.
 */
import { IS_ADDITIVE, type TMetricKey } from '../../../../shared/metric-keys';
import type { TGoalActuals, TGoalItem } from '../../../../shared/schemas/goals';
import type { TSheetValue } from '../../../../shared/table-sheet';
import type { TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import type { TGridSheet } from '../../lib/table-export';
import { actualOf, isRateMetric, metricLabel, scopeLabel } from './goal-model';
import { GOALS_MESSAGES } from './messages';

/** A target or an actual as a number cell in its metric's format; blank when there is none. */
function valueCell(metric: TMetricKey, value: number | null | undefined): TSheetValue {
  if (value === null || value === undefined) return null;
  const format = isRateMetric(metric) ? 'percent' : Number.isInteger(value) ? 'int' : 'dec2';
  return { value, format };
}

export function goalsSheet(
  goals: readonly TGoalItem[],
  actuals: TGoalActuals | undefined,
  year: number,
  lang: TLang,
): TGridSheet {
  const m = (key: keyof (typeof GOALS_MESSAGES)['zh'] & string, params?: Record<string, string | number>) =>
    translateFrom(GOALS_MESSAGES, lang, key, params);
  return {
    columns: [
      { header: m('colScope'), format: 'text', width: 28 },
      { header: m('colMetric'), format: 'text', width: 24 },
      // Rates and counts in one column: each cell carries its own number format.
      { header: m('colTarget'), format: 'text', width: 12 },
      { header: m('colActual', { year: year - 1 }), format: 'text', width: 12 },
      { header: m('colBasis'), format: 'text', width: 10 },
    ],
    rows: goals.map((g) => [
      scopeLabel(g, lang, m('scopeAll')),
      metricLabel(g.metric, lang),
      valueCell(g.metric, g.target),
      valueCell(g.metric, actualOf(g, actuals)),
      IS_ADDITIVE[g.metric] && g.scope.type !== 'branch' ? m('basisPerBranch') : null,
    ]),
    filters: [],
  };
}
