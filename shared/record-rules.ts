/**
 * The rules of the records a branch keeps — activities (组织生活), achievements (成果), members (党员) —
 * as import-format.md states them, written once. The importer (server/import: cells, row reader,
 * sheets), the API's schemas (shared/schemas/record-inputs.ts) and the record forms call these same
 * functions and read these same messages, so one bad value is refused everywhere with one message.
 *
 * A check returns a problem (`{ code, params }`) or the value; the message of a problem says only why
 * (`大于应到人数 10`): the importer puts sheet, row, column and value in front, a form shows it under its
 * field, the API names the field in its issue path.
 */
import { ACTIVITY_TYPES, type EnumEntry, type TActivityType, type TCategory, type TUnitKind } from './domain';
import { joinList, type TLang } from './lang';
import type { TBilingual } from './schemas/date';

type TParams = Record<string, string | number>;
type TMessage = (p: TParams) => string;

const typeLabel = (p: TParams, lang: TLang) =>
  ACTIVITY_TYPES.byKey[p.type as TActivityType]?.[lang] ?? String(p.type);

/** Why a value of a record is refused (or, for warnings, changed), in both languages. */
export const RECORD_RULE_MESSAGES = {
  value_required: { zh: () => '必填，不能为空', en: () => 'is required' },
  not_integer: { zh: () => '不是整数', en: () => 'is not an integer' },
  not_number: { zh: () => '不是数字', en: () => 'is not a number' },
  not_date: {
    zh: () => '不是日期（应为 YYYY-MM-DD 或 Excel 日期）',
    en: () => 'is not a date (YYYY-MM-DD or an Excel date)',
  },
  not_yesno: { zh: () => '不是 是/否', en: () => 'is not yes/no' },
  not_list: { zh: () => '不是列表', en: () => 'is not a list' },
  text_too_long: {
    zh: (p) => `太长（超过 ${p.limit} 个字符）`,
    en: (p) => `is too long (more than ${p.limit} characters)`,
  },
  enum_unknown: {
    zh: (p) => `不是可选值（可选：${p.allowed}）`,
    en: (p) => `is not one of the allowed values (${p.allowedEn})`,
  },
  negative: { zh: () => '不能为负数', en: () => 'must not be negative' },
  attended_over_expected: {
    zh: (p) => `大于应到人数 ${p.expected}`,
    en: (p) => `is more than expected (${p.expected})`,
  },
  attended_without_expected: {
    zh: () => '填写了实到人数但没有应到人数',
    en: () => 'attended is given without expected',
  },
  left_before_joined: {
    zh: (p) => `早于转入日期 ${p.joined}`,
    en: (p) => `is before the joining date ${p.joined}`,
  },
  date_outside_branch: {
    zh: (p) => `不在支部 ${p.branch} 存续期内（${p.from} 至 ${p.to}）`,
    en: (p) => `is outside the existence of branch ${p.branch} (${p.from} to ${p.to})`,
  },
  unknown_member: {
    zh: (p) => `党员编号 ${p.code} 不存在（文件和数据库中都没有）`,
    en: (p) => `member code ${p.code} not found (neither in the file nor in the database)`,
  },
  by_secretary_ignored: {
    zh: (p) => `仅对党课有效，本行类型为${typeLabel(p, 'zh')}，已忽略`,
    en: (p) => `applies to party lectures only (this row is a ${typeLabel(p, 'en')}); ignored`,
  },
  /** The forms' own refusals (an import updates a record with the same key instead). */
  record_exists: {
    zh: (p) => `已有相同的记录（同一${p.what}）`,
    en: (p) => `the same record exists already (same ${p.whatEn})`,
  },
  member_code_in_use: {
    zh: (p) => `编号 ${p.code} 已被 ${p.n} 条组织生活用作分享党员，不能修改`,
    en: (p) => `code ${p.code} is a sharer of ${p.n} session(s) and cannot be changed`,
  },
  member_is_sharer: {
    zh: (p) => `该党员是 ${p.n} 条组织生活的分享党员，不能删除；如已转出，请填写转出日期`,
    en: (p) =>
      `this member shared at ${p.n} session(s) and cannot be deleted; if they left, set the leaving date`,
  },
  /** The unit (组织) rules: the importer's 组织 sheet, the units form and `units.*` (shared/schemas/record-inputs.ts). */
  category_required: { zh: () => '党支部必须填写类型', en: () => 'a branch needs a category' },
  dissolved_before_established: {
    zh: (p) => `早于成立日期 ${p.established}`,
    en: (p) => `is before the founding date ${p.established}`,
  },
  parent_self: { zh: () => '上级不能是自己', en: () => 'a unit cannot be its own parent' },
  parent_cycle: { zh: () => '上级关系形成循环', en: () => 'parent links form a cycle' },
  parent_unknown: {
    zh: (p) => `上级编号 ${p.code} 不存在`,
    en: (p) => `parent code ${p.code} not found`,
  },
  parent_is_branch: {
    zh: (p) => `${p.code} 是党支部，党支部下不能再设组织`,
    en: (p) => `${p.code} is a branch; a branch cannot hold other units`,
  },
  unit_code_fixed: {
    zh: () => '组织编号不能修改（导入、目标和账号都按编号引用它）',
    en: () => 'a unit code cannot change (imports, goals and accounts refer to it)',
  },
  unit_kind_fixed: {
    zh: () => '已有下级组织或记录，不能修改层级',
    en: () => 'cannot change the level of a unit that has units or records under it',
  },
  records_outside_unit: {
    zh: (p) => `有 ${p.n} 条组织生活或成果不在 ${p.from} 至 ${p.to} 之内（最早 ${p.first}，最晚 ${p.last}）`,
    en: (p) =>
      `${p.n} session(s) or achievement(s) fall outside ${p.from} to ${p.to} (first ${p.first}, last ${p.last})`,
  },
  children_outlive_unit: {
    zh: (p) => `下级组织 ${p.codes} 在此日期后仍存续，请先撤销或调整它们`,
    en: (p) => `units under it (${p.codes}) still exist after this day; dissolve or move them first`,
  },
  unit_has_history: {
    zh: (p) => `已有 ${p.what}，不能删除；请填写撤销日期`,
    en: (p) => `has ${p.whatEn} and cannot be deleted; set a dissolution date instead`,
  },
  /** A transfer (转出 here, 转入 there) of the 党员名册. */
  transfer_same_branch: {
    zh: () => '转入支部与原支部相同',
    en: () => 'is the branch the member is already in',
  },
  transfer_already_left: {
    zh: (p) => `该党员已于 ${p.left} 转出本支部`,
    en: (p) => `the member already left this branch on ${p.left}`,
  },
  transfer_target_closed: {
    zh: (p) => `在 ${p.day} 不存续（${p.from} 至 ${p.to}）`,
    en: (p) => `does not exist on ${p.day} (${p.from} to ${p.to})`,
  },
  same_type_same_day: {
    zh: (p) => `同一天已记录过${typeLabel(p, 'zh')}：「${p.titles}」`,
    en: (p) => `a ${typeLabel(p, 'en')} is already recorded on this day: "${p.titles}"`,
  },
} satisfies Record<string, { zh: TMessage; en: TMessage }>;

export type TRuleCode = keyof typeof RECORD_RULE_MESSAGES;

export interface TRuleProblem {
  code: TRuleCode;
  params?: TParams;
}

/** A value read by a rule, or why it is refused. */
export type TRuleResult<T> = { value: T } | { problem: TRuleProblem };

export function ruleText({ code, params = {} }: TRuleProblem): TBilingual {
  const message = RECORD_RULE_MESSAGES[code];
  return { zh: message.zh(params), en: message.en(params) };
}

/** Longest text of each kind (characters, after trimming). */
export const RECORD_LIMITS = {
  code: 64,
  name: 100,
  unitName: 200,
  title: 500,
  notes: 5000,
  /** An enumerated value as written (a label or key). */
  enumText: 200,
} as const;

const NOT_INTEGER: TRuleResult<never> = { problem: { code: 'not_integer' } };
const NOT_NUMBER: TRuleResult<never> = { problem: { code: 'not_number' } };
const NOT_DATE: TRuleResult<never> = { problem: { code: 'not_date' } };
const NOT_YESNO: TRuleResult<never> = { problem: { code: 'not_yesno' } };
const NEGATIVE: TRuleProblem = { code: 'negative' };

/** A text that is not blank (trimmed by the caller) within its limit. */
export function readText(text: string, limit: number): TRuleResult<string> {
  return text.length > limit ? { problem: { code: 'text_too_long', params: { limit } } } : { value: text };
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A whole number, from a number or its text (`15`, `15.0`); not blank. */
export function readInteger(v: unknown): TRuleResult<number> {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? { value: v } : NOT_INTEGER;
  if (typeof v !== 'string') return NOT_INTEGER;
  const t = v.trim().replace(/\.0+$/, '');
  if (!INTEGER_TEXT.test(t)) return NOT_INTEGER;
  const n = Number(t);
  return Number.isSafeInteger(n) ? { value: n } : NOT_INTEGER;
}

/** A finite number, from a number or its text; not blank. */
export function readNumber(v: unknown): TRuleResult<number> {
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : NOT_NUMBER;
  if (typeof v !== 'string') return NOT_NUMBER;
  const t = v.trim();
  if (!NUMBER_TEXT.test(t)) return NOT_NUMBER;
  const n = Number(t);
  return Number.isFinite(n) ? { value: n } : NOT_NUMBER;
}

/** Every count of the format (attendance, person-times) is a whole number ≥ 0. */
export function countProblem(n: number): TRuleProblem | null {
  return n < 0 ? NEGATIVE : null;
}

/** Hours and other amounts are ≥ 0 (and, unlike counts, need not be whole). */
export function amountProblem(n: number): TRuleProblem | null {
  return n < 0 ? NEGATIVE : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar day 1900–2200 as ISO text, or undefined (checked without a Date object: this runs for every date cell). */
export function isoDayOf(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  const isLeap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 && isLeap ? 29 : (DAYS_IN_MONTH[m - 1] as number);
  if (d > days) return undefined;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/;

/** A day written as text (`2025-03-12`, `2025/3/12`, `2025年3月12日`) as ISO; not blank. */
export function readDayText(v: unknown): TRuleResult<string> {
  if (typeof v !== 'string') return NOT_DATE;
  const match = DATE_TEXT.exec(v.trim());
  const iso = match ? isoDayOf(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  return iso ? { value: iso } : NOT_DATE;
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '有', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '无', '×']);

/** Yes/no from a boolean, 1/0 or a word (是/否, yes/no …); not blank (a blank yes/no is 否). */
export function readYesNo(v: unknown): TRuleResult<boolean> {
  if (typeof v === 'boolean') return { value: v };
  if (typeof v === 'number') return v === 1 || v === 0 ? { value: v === 1 } : NOT_YESNO;
  if (typeof v !== 'string') return NOT_YESNO;
  const t = v.trim().toLowerCase();
  if (YES.has(t)) return { value: true };
  if (NO.has(t)) return { value: false };
  return NOT_YESNO;
}

interface TEnumLike<K extends string> {
  entries: readonly EnumEntry<K>[];
  parse(text: string): K | undefined;
}

type TAllowed = { allowed: string; allowedEn: string };
const allowedCache = new WeakMap<object, TAllowed>();

/**
 * The values an enumerated field accepts, as each language's message lists them (`支部党员大会/general_meeting、…`;
 * `general_meeting (支部党员大会), …`): a list joined the way its language writes lists.
 */
export function allowedValues<K extends string>(e: TEnumLike<K>): TAllowed {
  let params = allowedCache.get(e.entries);
  if (params === undefined) {
    params = {
      allowed: joinList(
        e.entries.map((x) => `${x.zh}/${x.key}`),
        'zh',
      ),
      allowedEn: joinList(
        e.entries.map((x) => `${x.key} (${x.zh})`),
        'en',
      ),
    };
    allowedCache.set(e.entries, params);
  }
  return params;
}

/** An enumerated value written as its key, Chinese label or alias; not blank (trimmed by the caller). */
export function readEnum<K extends string>(e: TEnumLike<K>, text: string): TRuleResult<K> {
  const key = e.parse(text);
  return key === undefined ? { problem: { code: 'enum_unknown', params: allowedValues(e) } } : { value: key };
}

/**
 * Attended and expected together: attended needs an expected count to be a rate of, and cannot exceed it.
 * `isExpectedBlank`: expected was left empty (not merely refused for another reason).
 */
export function attendanceProblem(
  expected: number | null,
  attended: number | null,
  isExpectedBlank: boolean,
): TRuleProblem | null {
  if (attended === null) return null;
  if (expected === null) return isExpectedBlank ? { code: 'attended_without_expected' } : null;
  return attended > expected ? { code: 'attended_over_expected', params: { expected } } : null;
}

/** 书记讲党课 only means something on a 党课: elsewhere it is dropped (a warning), so metrics cannot count it. */
export function bySecretaryWarning(type: TActivityType, isBySecretary: boolean): TRuleProblem | null {
  return isBySecretary && type !== 'party_lecture'
    ? { code: 'by_secretary_ignored', params: { type } }
    : null;
}

export function leftBeforeJoinedProblem(joinedOn: string, leftOn: string | null): TRuleProblem | null {
  return leftOn !== null && leftOn < joinedOn
    ? { code: 'left_before_joined', params: { joined: joinedOn } }
    : null;
}

/** A record's day must lie within its branch's existence (established … dissolved, inclusive). */
export function dateOutsideBranchProblem(
  day: string,
  code: string,
  { establishedOn, dissolvedOn }: { establishedOn: string; dissolvedOn: string | null },
): TRuleProblem | null {
  if (day >= establishedOn && (dissolvedOn === null || day <= dissolvedOn)) return null;
  return {
    code: 'date_outside_branch',
    params: { branch: code, from: establishedOn, to: dissolvedOn ?? '—' },
  };
}

/** A branch (党支部) needs a category (行政 / 教工 / 学生 / 离退休); other levels do not. */
export function categoryRequiredProblem(
  kind: TUnitKind | null,
  category: TCategory | null,
): TRuleProblem | null {
  return kind === 'branch' && category === null ? { code: 'category_required' } : null;
}

export function dissolvedBeforeEstablishedProblem(
  establishedOn: string,
  dissolvedOn: string | null,
): TRuleProblem | null {
  return dissolvedOn !== null && dissolvedOn < establishedOn
    ? { code: 'dissolved_before_established', params: { established: establishedOn } }
    : null;
}

export function parentSelfProblem(code: string, parentCode: string | null): TRuleProblem | null {
  return parentCode !== null && parentCode === code ? { code: 'parent_self' } : null;
}
