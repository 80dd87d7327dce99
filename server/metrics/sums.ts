/**
 * The additive building blocks of every metric (metrics.md "Roll-ups"): a branch's sums, or the sums of
 * a set of branches. Rates are always computed from sums (`derive.ts`), never averaged.
 */
import {
  FORMATS,
  LEVELS,
  MODULES,
  REQUIREMENTS,
  type TFormat,
  type TLevel,
  type TModule,
  type TRequirement,
} from '../../shared/domain';
import {
  FORMAT_COLUMN,
  LEVEL_COLUMN,
  MET_COLUMN,
  MODULE_COLUMN,
  READ_INDEX,
  type TReadColumn,
} from './columns';

/**
 * The summable scalars of a branch's or a set's sums, each with the roll-up column it is read from
 * (null: written by its own step — counted sharers and active members come from the member query).
 * Every list and position below is derived from this one: a new sum is one line here, its column in
 * columns.ts (with its SQL in queries/stat-sums.ts) and a migration.
 */
const SCALAR_SUMS = [
  { key: 'sessions', column: 'sessions' },
  /** Σ attended over activities that recorded it (attendedPersonTimes), whatever their expected. */
  { key: 'attendedAll', column: 'att_all' },
  { key: 'attendedSum', column: 'att_sum' },
  { key: 'expectedSum', column: 'exp_sum' },
  { key: 'themeDays', column: 'theme_days' },
  { key: 'themeComplete', column: 'theme_complete' },
  { key: 'integrated', column: 'integrated' },
  { key: 'sharers', column: null },
  { key: 'activeMembers', column: null },
  { key: 'volunteerHours', column: 'ach_hours' },
  { key: 'volunteerPersonTimes', column: 'ach_person_times' },
  { key: 'projectsApproved', column: 'ach_projects' },
  { key: 'awards', column: 'ach_awards' },
  { key: 'proposalsAdopted', column: 'ach_proposals' },
] as const satisfies readonly { key: string; column: TReadColumn | null }[];

type TScalarSum = (typeof SCALAR_SUMS)[number]['key'];

export type TMetricSums = Record<TScalarSum, number> & {
  dueByType: Record<TRequirement, number>;
  metByType: Record<TRequirement, number>;
  formats: Record<TFormat, number>;
  modules: Record<TModule, number>;
  projectsByLevel: Record<TLevel, number>;
};

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Flat sums: a TMetricSums as one row of numbers, for RangeTable (range-table.ts), which keeps a whole
// range's sums in one Float64Array. Objects per branch were most of what a college-wide evaluation kept
// alive (≈ 1 KB per branch and range), and V8's young-generation collector copies every such survivor:
// at 10,000 branches that copying, not the arithmetic, made the engine grow faster than the college.

const SCALAR_KEYS: readonly TScalarSum[] = SCALAR_SUMS.map((s) => s.key);

const REQ = REQUIREMENTS.keys.length;
/** Where each part of a TMetricSums starts in its flat row. */
const AT_DUE = 0;
const AT_MET = AT_DUE + REQ;
const AT_SCALARS = AT_MET + REQ;
const AT_FORMATS = AT_SCALARS + SCALAR_KEYS.length;
const AT_MODULES = AT_FORMATS + FORMATS.keys.length;
const AT_LEVELS = AT_MODULES + MODULES.keys.length;
const SCALAR_AT = Object.fromEntries(SCALAR_KEYS.map((k, i) => [k, AT_SCALARS + i])) as Record<
  TScalarSum,
  number
>;
/** Where each field of a TMetricSums lies in its flat row (the records start at due/met/formats/…). */
export const FLAT = {
  due: AT_DUE,
  met: AT_MET,
  formats: AT_FORMATS,
  modules: AT_MODULES,
  levels: AT_LEVELS,
  ...SCALAR_AT,
} as const;
/** Numbers per flat sums row. */
export const SUMS_WIDTH = AT_LEVELS + LEVELS.keys.length;

function writeRecord<K extends string>(
  out: Float64Array,
  at: number,
  keys: readonly K[],
  values: Record<K, number>,
): void {
  for (let i = 0; i < keys.length; i++) out[at + i] = values[keys[i]!];
}

/** Records of every key at 0, copied by spread: a literal shape per copy, not keys added one by one. */
const ZERO_BY_REQUIREMENT = zeros(REQUIREMENTS.keys);
const ZERO_FORMATS = zeros(FORMATS.keys);
const ZERO_MODULES = zeros(MODULES.keys);
const ZERO_LEVELS = zeros(LEVELS.keys);
const ZERO_SCALARS = zeros(SCALAR_KEYS);

function readInto<K extends string>(
  out: Record<K, number>,
  from: Float64Array,
  at: number,
  keys: readonly K[],
): Record<K, number> {
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = from[at + i]!;
  return out;
}

/** Writes `s` as the flat row starting at `row * SUMS_WIDTH` of `out`. */
export function writeFlatSums(out: Float64Array, row: number, s: TMetricSums): void {
  const at = row * SUMS_WIDTH;
  writeRecord(out, at + AT_DUE, REQUIREMENTS.keys, s.dueByType);
  writeRecord(out, at + AT_MET, REQUIREMENTS.keys, s.metByType);
  for (let i = 0; i < SCALAR_KEYS.length; i++) out[at + AT_SCALARS + i] = s[SCALAR_KEYS[i]!];
  writeRecord(out, at + AT_FORMATS, FORMATS.keys, s.formats);
  writeRecord(out, at + AT_MODULES, MODULES.keys, s.modules);
  writeRecord(out, at + AT_LEVELS, LEVELS.keys, s.projectsByLevel);
}

/** The flat row `row` of `from` as a new TMetricSums (every field copied: the caller may keep it). */
export function readFlatSums(from: Float64Array, row: number): TMetricSums {
  const at = row * SUMS_WIDTH;
  const out = {
    dueByType: readInto({ ...ZERO_BY_REQUIREMENT }, from, at + AT_DUE, REQUIREMENTS.keys),
    metByType: readInto({ ...ZERO_BY_REQUIREMENT }, from, at + AT_MET, REQUIREMENTS.keys),
    formats: readInto({ ...ZERO_FORMATS }, from, at + AT_FORMATS, FORMATS.keys),
    modules: readInto({ ...ZERO_MODULES }, from, at + AT_MODULES, MODULES.keys),
    projectsByLevel: readProjectsByLevel(from, row),
    ...ZERO_SCALARS,
  };
  readInto(out as Record<TScalarSum, number>, from, at + AT_SCALARS, SCALAR_KEYS);
  return out;
}

/** The projectsByLevel record of flat row `row` (a new object). */
export function readProjectsByLevel(from: Float64Array, row: number): Record<TLevel, number> {
  return readInto({ ...ZERO_LEVELS }, from, row * SUMS_WIDTH + AT_LEVELS, LEVELS.keys);
}

/**
 * The sums of some flat rows (all when `rows` is omitted), added in the given order field by field —
 * the same additions in the same order as addSums over the rows' objects, so the same doubles.
 */
export function addFlatSums(from: Float64Array, rows?: readonly number[]): TMetricSums {
  const total = new Float64Array(SUMS_WIDTH);
  const n = rows ? rows.length : from.length / SUMS_WIDTH;
  for (let k = 0; k < n; k++) {
    const at = (rows ? rows[k]! : k) * SUMS_WIDTH;
    for (let i = 0; i < SUMS_WIDTH; i++) total[i] = total[i]! + from[at + i]!;
  }
  return readFlatSums(total, 0);
}

// Positions copied from a roll-up read (TStatRow, READ_COLUMNS order) into a flat row, resolved once.
const STAT_FROM: number[] = [];
const FLAT_TO: number[] = [];
for (const [column, to] of [
  ...SCALAR_SUMS.flatMap((s) => (s.column ? [[s.column, SCALAR_AT[s.key]] as const] : [])),
  ...FORMATS.keys.map((f, i) => [FORMAT_COLUMN[f], AT_FORMATS + i] as const),
  ...MODULES.keys.map((m, i) => [MODULE_COLUMN[m], AT_MODULES + i] as const),
  ...LEVELS.keys.map((l, i) => [LEVEL_COLUMN[l], AT_LEVELS + i] as const),
]) {
  STAT_FROM.push(READ_INDEX[column]);
  FLAT_TO.push(to);
}

const MET_FROM = REQUIREMENTS.keys.map((t) => READ_INDEX[MET_COLUMN[t]]);

/**
 * A branch's roll-up read (a TStatRow, or READ_COLUMNS values at `from` of a longer array) written into flat row `row` of `out`: its summable columns, and
 * its met-slot columns (s_<type>) in the met positions — the engine then zeroes those the branch does
 * not owe, or replaces them slot by slot for a branch founded or dissolved inside the range. Due slots
 * and member counts are written by their own steps; a branch without a roll-up read keeps zeros.
 */
export function writeStats(out: Float64Array, row: number, stats: ArrayLike<number>, from = 0): void {
  const at = row * SUMS_WIDTH;
  for (let i = 0; i < STAT_FROM.length; i++) out[at + FLAT_TO[i]!] = stats[from + STAT_FROM[i]!]!;
  for (let k = 0; k < REQ; k++) out[at + AT_MET + k] = stats[from + MET_FROM[k]!]!;
}
