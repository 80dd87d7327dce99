/**
 * The goals of a year to Excel / CSV (issue 12): the list as the page shows it — scope, metric, target,
 * last year's actual — with the targets and actuals as number cells (a rate as a percent cell, a count
 * as a number), and a 口径 column where a value is per branch (an additive metric's goal for several
 * branches). The file is written by components/table-export-button.tsx. The year's index weights
 * likewise: weights and shares as numbers, the year and where the weights come from above the table.
 */
import { IS_ADDITIVE, type TMetricKey } from '../../../../shared/metric-keys';
import type { TGoalActuals, TGoalItem, TWeightsSource } from '../../../../shared/schemas/goals';
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

/** Where a year's weights come from, in words (the weights card's tag and the export's header block). */
export function weightsSourceText(source: TWeightsSource, year: number, lang: TLang): string {
  if (source.type === 'own') return translateFrom(GOALS_MESSAGES, lang, 'weightsOwn', { year });
  if (source.type === 'inherited')
    return translateFrom(GOALS_MESSAGES, lang, 'weightsInherited', { from: source.fromYear });
  return translateFrom(GOALS_MESSAGES, lang, 'weightsDefault');
}

/**
 * The index weights of a year as the card shows them once saved: every weighted metric (0 for a default
 * one an admin removed), its weight and its share of the sum, as number cells.
 */
export function weightsSheet(
  weights: Readonly<Partial<Record<TMetricKey, number>>>,
  lang: TLang,
): TGridSheet {
  const metrics = Object.keys(weights) as TMetricKey[];
  const sum = metrics.reduce((total, metric) => total + (weights[metric] ?? 0), 0);
  return {
    columns: [
      { header: translateFrom(GOALS_MESSAGES, lang, 'colMetric'), format: 'text', width: 24 },
      // A weight as typed: whole numbers as integers, others with two decimals (per cell).
      { header: translateFrom(GOALS_MESSAGES, lang, 'colWeight'), format: 'text', width: 10 },
      { header: '%', format: 'percent', width: 10 },
    ],
    rows: metrics.map((metric) => {
      const weight = weights[metric] ?? 0;
      return [
        metricLabel(metric, lang),
        { value: weight, format: Number.isInteger(weight) ? 'int' : 'dec2' },
        sum > 0 ? weight / sum : null,
      ];
    }),
    filters: [],
  };
}
