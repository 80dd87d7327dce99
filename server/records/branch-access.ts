/**
 * Who may write which branch's records, and the refusals of the record writes: another branch's row by
 * any id (403), an unknown record or branch (404), values the database refuses (400 with the fields, so
 * a form shows each message under its field), a duplicate (409). Messages in both languages; the API
 * answers in the caller's.
 */
import { AppError, type TAppErrorCode } from '../../shared/app-error';
import { SHEETS } from '../../shared/import-format';
import { ruleText, type TRuleProblem } from '../../shared/record-rules';
import type { TBilingual } from '../../shared/schemas/date';
import { RECORD_FIELD_COLUMNS, type TRecordSheet } from '../../shared/schemas/record-inputs';
import { forbiddenBranchWrite } from '../access-errors';
import { canEditBranch, type TPolicyUser } from '../auth/roles';
import type { TBranchFacts } from '../db/queries/record-writes';

/** A record (or a record moved into a branch) the user may not change: refused whatever its id. */
export function assertCanEditBranch(user: TPolicyUser, branchId: number): void {
  if (!canEditBranch(user, branchId)) throw forbiddenBranchWrite();
}

/** No internal row id in the message: users never see ids (issue 14.4); the caller knows which id it asked for. */
export function recordNotFound(sheet: TRecordSheet, _id: number): AppError {
  const { zh, en } = SHEETS[sheet];
  return new AppError('NOT_FOUND', {
    zh: `${zh}记录不存在，可能已被删除`,
    en: `No such ${en.toLowerCase()} record; it may have been deleted`,
  });
}

/**
 * The branch a record belongs to; a unit that is not a branch cannot hold records. The message names no
 * internal id (`_branchId` is the caller's, which it already knows).
 */
export function assertIsBranch(facts: TBranchFacts | undefined, _branchId: number): TBranchFacts {
  if (facts?.kind !== 'branch') {
    throw new AppError('NOT_FOUND', {
      zh: '支部不存在，或该组织不是党支部',
      en: 'No such branch, or the unit is not a branch',
    });
  }
  return facts;
}

export interface TFieldProblem<F extends string> {
  field: F;
  problem: TRuleProblem;
}

/** The column header of a field in a language (the form's label: shared/import-format.ts). */
function fieldLabel(sheet: TRecordSheet, field: string, lang: 'zh' | 'en'): string {
  const column = (RECORD_FIELD_COLUMNS[sheet] as Record<string, string>)[field];
  const def = SHEETS[sheet].columns.find((c) => c.key === column);
  return def ? def[lang] : field;
}

/**
 * Refuses a record's values in one error whose fields a form shows each under its own field; the
 * message lists them (`「日期」不在支部 XZ01 存续期内（…）`).
 */
export function refuseFields<F extends string>(
  sheet: TRecordSheet,
  problems: readonly TFieldProblem<F>[],
  code: TAppErrorCode = 'BAD_REQUEST',
  /** Labels of fields that are no import column (a transfer's target branch). */
  labels: Partial<Record<F, TBilingual>> = {},
): AppError {
  const fields = problems.map(({ field, problem }) => ({ path: [field], text: ruleText(problem) }));
  const label = (field: F, lang: 'zh' | 'en') => labels[field]?.[lang] ?? fieldLabel(sheet, field, lang);
  const zh = problems.map((p, i) => `「${label(p.field, 'zh')}」${fields[i]?.text.zh}`);
  const en = problems.map((p, i) => `"${label(p.field, 'en')}" ${fields[i]?.text.en}`);
  return new AppError(code, { zh: zh.join('；'), en: en.join('; ') }, fields);
}
