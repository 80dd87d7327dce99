/** The roll-up columns (branch_month_stats) for each requirement, format and module of shared/domain.ts. */
import { FORMATS, MODULES, REQUIREMENTS, type TFormat, type TModule, type TRequirement } from '../../shared/domain';

export const TYPE_COLUMN = Object.fromEntries(REQUIREMENTS.keys.map((k) => [k, `n_${k}`])) as Record<
  TRequirement,
  `n_${TRequirement}`
>;
export const FORMAT_COLUMN = Object.fromEntries(FORMATS.keys.map((k) => [k, `f_${k}`])) as Record<TFormat, `f_${TFormat}`>;
export const MODULE_COLUMN = Object.fromEntries(MODULES.keys.map((k) => [k, `m_${k}`])) as Record<TModule, `m_${TModule}`>;

/** Activity-level sums (one value per activity). */
export const ACTIVITY_SUM_COLUMNS = ['sessions', 'att_sum', 'exp_sum', 'theme_days', 'theme_complete', 'integrated'] as const;

export const TYPE_COLUMNS = REQUIREMENTS.keys.map((k) => TYPE_COLUMN[k]);
export const FORMAT_COLUMNS = FORMATS.keys.map((k) => FORMAT_COLUMN[k]);
export const MODULE_COLUMNS = MODULES.keys.map((k) => MODULE_COLUMN[k]);

/** Every summable column of branch_month_stats, in table order. */
export const STAT_COLUMNS = [...ACTIVITY_SUM_COLUMNS, ...TYPE_COLUMNS, ...FORMAT_COLUMNS, ...MODULE_COLUMNS] as const;
export type TStatColumn = (typeof STAT_COLUMNS)[number];
export type TStatSums = Record<TStatColumn, number>;

export function emptyStatSums(): TStatSums {
  return Object.fromEntries(STAT_COLUMNS.map((c) => [c, 0])) as TStatSums;
}
