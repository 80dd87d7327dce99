/**
 * One schema per record a branch keeps — activity (组织生活), achievement (成果), member (党员) — for the
 * record forms, the `records.*` mutations and, through the rules they are built from
 * (shared/record-rules.ts), the importer's row checks: a value refused in one is refused in all, with
 * the same message. Fields accept what a spreadsheet cell of the same column accepts (a type's key or
 * Chinese label, `2025/3/12` as well as `2025-03-12`, `是`/`否` as well as true/false) and give the
 * stored form (keys, ISO days, numbers, booleans).
 *
 * Checks that need the database (the branch's existence, member codes, duplicates) are made by the
 * server's write functions with messages of the same rules.
 */
import { z } from 'zod';
import {
  ACHIEVEMENT_KINDS,
  ACTIVITY_TYPES,
  CATEGORIES,
  type EnumEntry,
  FORMATS,
  LEVELS,
  MEMBER_ROLES,
  MODULES,
  type TAchievementKind,
  type TActivityType,
  type TCategory,
  type TFormat,
  type TLevel,
  type TMemberRole,
  type TModule,
  type TUnitKind,
  UNIT_KINDS,
} from '../domain';
import type { TSheetKey } from '../import-format';
import {
  amountProblem,
  attendanceProblem,
  categoryRequiredProblem,
  countProblem,
  dissolvedBeforeEstablishedProblem,
  leftBeforeJoinedProblem,
  parentSelfProblem,
  RECORD_LIMITS,
  readDayText,
  readEnum,
  readInteger,
  readNumber,
  readText,
  readYesNo,
  ruleText,
  type TRuleProblem,
  type TRuleResult,
} from '../record-rules';
import { bilingualIssue, ZCalendarDaySchema } from './date';
import { ZPeriodInputSchema } from './period';

type TCtx = z.core.$RefinementCtx;

function addProblem(ctx: TCtx, problem: TRuleProblem, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', ...bilingualIssue(ruleText(problem)), ...(path ? { path } : {}) });
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A field read by one rule: `In` is the type a typed client sends (the rule also reads a cell's spellings). */
function ruled<In, Out>(read: (value: unknown) => TRuleResult<Out>) {
  return z.custom<In>().transform((value, ctx): Out => {
    const result = read(value);
    if ('problem' in result) {
      addProblem(ctx, result.problem);
      return z.NEVER;
    }
    return result.value;
  });
}

const REQUIRED: TRuleResult<never> = { problem: { code: 'value_required' } };

const textOf = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

const requiredText = (limit: number) =>
  ruled<string, string>((v) => (isBlank(v) ? REQUIRED : readText(textOf(v), limit)));

const optionalText = (limit: number) =>
  ruled<string | null, string | null>((v) => (isBlank(v) ? { value: null } : readText(textOf(v), limit)));

const requiredDay = ruled<string, string>((v) => (isBlank(v) ? REQUIRED : readDayText(v)));

const optionalDay = ruled<string | null, string | null>((v) =>
  isBlank(v) ? { value: null } : readDayText(v),
);

function readCount(v: unknown): TRuleResult<number | null> {
  if (isBlank(v)) return { value: null };
  const n = readInteger(v);
  if ('problem' in n) return n;
  const problem = countProblem(n.value);
  return problem ? { problem } : n;
}

const optionalCount = ruled<number | null, number | null>(readCount);

const optionalAmount = ruled<number | null, number | null>((v) => {
  if (isBlank(v)) return { value: null };
  const n = readNumber(v);
  if ('problem' in n) return n;
  const problem = amountProblem(n.value);
  return problem ? { problem } : n;
});

/** A blank yes/no is 否 (import-format.md). */
const yesNo = ruled<boolean, boolean>((v) => (isBlank(v) ? { value: false } : readYesNo(v)));

interface TEnum<K extends string> {
  entries: readonly EnumEntry<K>[];
  parse(text: string): K | undefined;
}

function readEnumValue<K extends string>(e: TEnum<K>, v: unknown): TRuleResult<K> {
  const text = readText(textOf(v), RECORD_LIMITS.enumText);
  return 'problem' in text ? text : readEnum(e, text.value);
}

const requiredEnum = <K extends string>(e: TEnum<K>) =>
  ruled<K | string, K>((v) => (isBlank(v) ? REQUIRED : readEnumValue(e, v)));

const optionalEnum = <K extends string>(e: TEnum<K>) =>
  ruled<K | string | null, K | null>((v) => (isBlank(v) ? { value: null } : readEnumValue(e, v)));

/** A list of enumerated values: each item checked as a cell's item is; repeats dropped, first order kept. */
const enumList = <K extends string>(e: TEnum<K>) =>
  z.custom<readonly (K | string)[]>().transform((value, ctx): K[] => {
    if (isBlank(value)) return [];
    if (!Array.isArray(value)) {
      addProblem(ctx, { code: 'not_list' });
      return z.NEVER;
    }
    const keys: K[] = [];
    let isValid = true;
    for (const item of value) {
      if (isBlank(item)) continue;
      const key = readEnumValue(e, item);
      if ('problem' in key) {
        addProblem(ctx, key.problem);
        isValid = false;
      } else if (!keys.includes(key.value)) keys.push(key.value);
    }
    return isValid ? keys : z.NEVER;
  });

/** Member codes (sharers): trimmed, blanks and repeats dropped. Whether each exists is the server's check. */
const codeList = z.custom<readonly string[]>().transform((value, ctx): string[] => {
  if (isBlank(value)) return [];
  if (!Array.isArray(value)) {
    addProblem(ctx, { code: 'not_list' });
    return z.NEVER;
  }
  return [...new Set(value.map(textOf).filter((code) => code !== ''))];
});

export const ZRecordIdSchema = z.number().int().positive();

const ZRecordBranchSchema = z.object({ branchId: ZRecordIdSchema });

/** Checks of several fields run even when another field is refused, as the importer reports every problem of a row. */
const ALWAYS = { when: () => true };

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

const activityFields = {
  branchId: ZRecordIdSchema,
  heldOn: requiredDay,
  type: requiredEnum<TActivityType>(ACTIVITY_TYPES),
  title: requiredText(RECORD_LIMITS.title),
  formats: enumList<TFormat>(FORMATS),
  modules: enumList<TModule>(MODULES),
  expected: optionalCount,
  attended: optionalCount,
  isIntegratedWithWork: yesNo,
  isOathRenewed: yesNo,
  isDuesCollected: yesNo,
  isBySecretary: yesNo,
  sharers: codeList,
  notes: optionalText(RECORD_LIMITS.notes),
};

function refineActivity(v: { expected: unknown; attended: unknown }, ctx: TCtx): void {
  const problem = attendanceProblem(numberOrNull(v.expected), numberOrNull(v.attended), v.expected === null);
  if (problem) addProblem(ctx, problem, ['attended']);
}

/** One organisational-life session of a branch (the 组织生活 sheet's row). */
export const ZActivityInputSchema = z.object(activityFields).superRefine(refineActivity, ALWAYS);
export type TActivityInput = z.output<typeof ZActivityInputSchema>;
/** What a typed client sends (the form). */
export type TActivityFormInput = z.input<typeof ZActivityInputSchema>;

export const ZActivityUpdateSchema = z
  .object({ id: ZRecordIdSchema, ...activityFields })
  .superRefine(refineActivity, ALWAYS);
export type TActivityUpdate = z.output<typeof ZActivityUpdateSchema>;

const achievementFields = {
  branchId: ZRecordIdSchema,
  achievedOn: requiredDay,
  kind: requiredEnum<TAchievementKind>(ACHIEVEMENT_KINDS),
  title: requiredText(RECORD_LIMITS.title),
  level: optionalEnum<TLevel>(LEVELS),
  hours: optionalAmount,
  participants: optionalCount,
  notes: optionalText(RECORD_LIMITS.notes),
};

/** One achievement of a branch (the 成果 sheet's row). */
export const ZAchievementInputSchema = z.object(achievementFields);
export type TAchievementInput = z.output<typeof ZAchievementInputSchema>;
export type TAchievementFormInput = z.input<typeof ZAchievementInputSchema>;

export const ZAchievementUpdateSchema = z.object({ id: ZRecordIdSchema, ...achievementFields });
export type TAchievementUpdate = z.output<typeof ZAchievementUpdateSchema>;

const memberFields = {
  branchId: ZRecordIdSchema,
  code: requiredText(RECORD_LIMITS.code),
  name: requiredText(RECORD_LIMITS.name),
  /** Blank is 党员 (import-format.md). */
  role: optionalEnum<TMemberRole>(MEMBER_ROLES).transform((role): TMemberRole => role ?? 'member'),
  joinedOn: requiredDay,
  leftOn: optionalDay,
};

function refineMember(v: { joinedOn: unknown; leftOn: unknown }, ctx: TCtx): void {
  if (typeof v.joinedOn !== 'string' || (v.leftOn !== null && typeof v.leftOn !== 'string')) return;
  const problem = leftBeforeJoinedProblem(v.joinedOn, v.leftOn);
  if (problem) addProblem(ctx, problem, ['leftOn']);
}

/** One membership of a branch (the 党员 sheet's row). */
export const ZMemberInputSchema = z.object(memberFields).superRefine(refineMember, ALWAYS);
export type TMemberInput = z.output<typeof ZMemberInputSchema>;
export type TMemberFormInput = z.input<typeof ZMemberInputSchema>;

export const ZMemberUpdateSchema = z
  .object({ id: ZRecordIdSchema, ...memberFields })
  .superRefine(refineMember, ALWAYS);
export type TMemberUpdate = z.output<typeof ZMemberUpdateSchema>;

/**
 * A member's transfer (the 党员名册's 转出 → 转入) as one write: `leftOn` is the last day in the old
 * branch (import-format.md), the new membership starts the next day in `toBranchId`.
 */
export const ZMemberTransferSchema = z
  .object({ id: ZRecordIdSchema, toBranchId: ZRecordIdSchema, leftOn: requiredDay })
  .strict();
export type TMemberTransfer = z.output<typeof ZMemberTransferSchema>;
export type TMemberTransferFormInput = z.input<typeof ZMemberTransferSchema>;

const unitFields = {
  code: requiredText(RECORD_LIMITS.code),
  name: requiredText(RECORD_LIMITS.unitName),
  kind: requiredEnum<TUnitKind>(UNIT_KINDS),
  parentCode: optionalText(RECORD_LIMITS.code),
  category: optionalEnum<TCategory>(CATEGORIES),
  establishedOn: requiredDay,
  dissolvedOn: optionalDay,
  /** A blank yes/no is 否 (import-format.md). */
  hasGroups: yesNo,
};

function refineUnit(
  v: {
    code: unknown;
    kind: unknown;
    category: unknown;
    parentCode: unknown;
    establishedOn: unknown;
    dissolvedOn: unknown;
  },
  ctx: TCtx,
): void {
  const category = categoryRequiredProblem(v.kind as TUnitKind, (v.category as TCategory | null) ?? null);
  if (category) addProblem(ctx, category, ['category']);
  if (typeof v.establishedOn === 'string' && (v.dissolvedOn === null || typeof v.dissolvedOn === 'string')) {
    const dissolved = dissolvedBeforeEstablishedProblem(v.establishedOn, v.dissolvedOn);
    if (dissolved) addProblem(ctx, dissolved, ['dissolvedOn']);
  }
  if (typeof v.code === 'string' && (v.parentCode === null || typeof v.parentCode === 'string')) {
    const self = parentSelfProblem(v.code, v.parentCode);
    if (self) addProblem(ctx, self, ['parentCode']);
  }
}

/** One organisational unit (the 组织 sheet's row): the units form, `units.create` / `units.update`. */
export const ZUnitInputSchema = z.object(unitFields).superRefine(refineUnit, ALWAYS);
export type TUnitInput = z.output<typeof ZUnitInputSchema>;
export type TUnitFormInput = z.input<typeof ZUnitInputSchema>;

export const ZUnitUpdateSchema = z
  .object({ id: ZRecordIdSchema, ...unitFields })
  .superRefine(refineUnit, ALWAYS);
export type TUnitUpdate = z.output<typeof ZUnitUpdateSchema>;

/** Dissolving a unit on a day (its last day, import-format.md 撤销日期). */
export const ZUnitDissolveSchema = z.object({ id: ZRecordIdSchema, dissolvedOn: requiredDay });
export type TUnitDissolve = z.output<typeof ZUnitDissolveSchema>;

/** Removing one record by its id. */
export const ZRecordRemoveSchema = z.object({ id: ZRecordIdSchema });

/**
 * Each input field and the import column it is (shared/import-format.ts): the forms take their labels
 * from the column headers, and a test holds the importer's and the API's messages per field together.
 */
export const RECORD_FIELD_COLUMNS = {
  activities: {
    branchId: 'branch_code',
    heldOn: 'held_on',
    type: 'type',
    title: 'title',
    formats: 'formats',
    modules: 'modules',
    expected: 'expected',
    attended: 'attended',
    isIntegratedWithWork: 'integrated_with_work',
    isOathRenewed: 'oath_renewed',
    isDuesCollected: 'dues_collected',
    isBySecretary: 'by_secretary',
    sharers: 'sharers',
    notes: 'notes',
  },
  achievements: {
    branchId: 'branch_code',
    achievedOn: 'achieved_on',
    kind: 'kind',
    title: 'title',
    level: 'level',
    hours: 'hours',
    participants: 'participants',
    notes: 'notes',
  },
  members: {
    branchId: 'branch_code',
    code: 'code',
    name: 'name',
    role: 'role',
    joinedOn: 'joined_on',
    leftOn: 'left_on',
  },
  units: {
    code: 'code',
    name: 'name',
    kind: 'kind',
    parentCode: 'parent_code',
    category: 'category',
    establishedOn: 'established_on',
    dissolvedOn: 'dissolved_on',
    hasGroups: 'has_groups',
  },
} as const satisfies {
  activities: Record<keyof TActivityInput, string>;
  achievements: Record<keyof TAchievementInput, string>;
  members: Record<keyof TMemberInput, string>;
  units: Record<keyof TUnitInput, string>;
} & Partial<Record<TSheetKey, Record<string, string>>>;

export type TRecordSheet = keyof typeof RECORD_FIELD_COLUMNS;

/** Reads of the record forms (`records.members`, `records.findMembers`, `records.sameDay`, `records.agenda`). */
export const ZBranchInputSchema = ZRecordBranchSchema;
export type TBranchInput = z.infer<typeof ZBranchInputSchema>;

export const ZFindMembersInputSchema = ZRecordBranchSchema.extend({
  search: z.string().trim().min(1).max(RECORD_LIMITS.name),
});
export type TFindMembersInput = z.infer<typeof ZFindMembersInputSchema>;

export const ZSameDayInputSchema = ZRecordBranchSchema.extend({
  heldOn: z.iso.date(),
  type: z.enum(ACTIVITY_TYPES.keys),
  /** The activity being edited (not a duplicate of itself). */
  excludeId: ZRecordIdSchema.optional(),
});
export type TSameDayInput = z.infer<typeof ZSameDayInputSchema>;

export const ZAgendaInputSchema = ZRecordBranchSchema.extend({
  /**
   * The college's day by the caller's clock: the slots containing it are "this month / quarter / year"
   * (the server's day when absent).
   */
  today: ZCalendarDaySchema.optional(),
});
export type TAgendaInput = z.infer<typeof ZAgendaInputSchema>;

/** The 党员名册 (`members.roster`): a counted range (metrics.md), one branch or every readable one. */
export const ZRosterInputSchema = ZPeriodInputSchema.extend({ branchId: ZRecordIdSchema.optional() });
export type TRosterInput = z.infer<typeof ZRosterInputSchema>;
