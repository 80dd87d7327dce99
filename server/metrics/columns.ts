/** The roll-up columns (branch_slot_stats) for each requirement, format, module and level of shared/domain.ts. */
import {
  FORMATS,
  LEVELS,
  MODULES,
  REQUIREMENTS,
  type TFormat,
  type TLevel,
  type TModule,
} from '../../shared/domain';

const mapKeys = <K extends string, P extends string>(keys: readonly K[], prefix: P) =>
  Object.fromEntries(keys.map((k) => [k, `${prefix}${k}`])) as Record<K, `${P}${K}`>;

/** Activities of the type (secretary_lecture: party lectures by the secretary). */
export const TYPE_COLUMN = mapKeys(REQUIREMENTS.keys, 'n_');
/** Met slots of the requirement inside the row's slot. */
export const MET_COLUMN = mapKeys(REQUIREMENTS.keys, 's_');
export const FORMAT_COLUMN = mapKeys(FORMATS.keys, 'f_') as Record<TFormat, `f_${TFormat}`>;
export const MODULE_COLUMN = mapKeys(MODULES.keys, 'm_') as Record<TModule, `m_${TModule}`>;
export const LEVEL_COLUMN = mapKeys(LEVELS.keys, 'ach_lvl_') as Record<TLevel, `ach_lvl_${TLevel}`>;

export const ACTIVITY_COLUMNS = [
  'sessions',
  'att_all',
  'att_sum',
  'exp_sum',
  'theme_days',
  'theme_complete',
  'integrated',
  ...REQUIREMENTS.keys.map((k) => TYPE_COLUMN[k]),
] as const;
export const FORMAT_COLUMNS = FORMATS.keys.map((k) => FORMAT_COLUMN[k]);
export const MODULE_COLUMNS = MODULES.keys.map((k) => MODULE_COLUMN[k]);
export const MET_COLUMNS = REQUIREMENTS.keys.map((k) => MET_COLUMN[k]);
export const ACHIEVEMENT_COLUMNS = [
  'ach_hours',
  'ach_person_times',
  'ach_projects',
  ...LEVELS.keys.map((k) => LEVEL_COLUMN[k]),
  'ach_awards',
  'ach_proposals',
] as const;

/** Summable columns read from raw rows (everything but the met-slot columns). */
export const RAW_COLUMNS = [
  ...ACTIVITY_COLUMNS,
  ...FORMAT_COLUMNS,
  ...MODULE_COLUMNS,
  ...ACHIEVEMENT_COLUMNS,
] as const;
/** Every summable column of branch_slot_stats. */
export const STAT_COLUMNS = [...RAW_COLUMNS, ...MET_COLUMNS] as const;
export type TStatColumn = (typeof STAT_COLUMNS)[number];
/**
 * The columns a period read needs: per-type activity counts only feed the met-slot columns inside the
 * roll-up, so reads skip them (fewer values to materialise per branch).
 */
export const READ_COLUMNS = STAT_COLUMNS.filter((c) => !c.startsWith('n_'));
export type TReadColumn = (typeof READ_COLUMNS)[number];
/** A roll-up read as numbers in READ_COLUMNS order (no per-row object: see dialect.packValues). */
export type TStatRow = readonly number[];
/** Position of each read column in a TStatRow. */
export const READ_INDEX = Object.fromEntries(READ_COLUMNS.map((c, i) => [c, i])) as Record<
  TReadColumn,
  number
>;
