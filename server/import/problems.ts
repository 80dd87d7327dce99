import { type TUnitKind, UNIT_KINDS } from '../../shared/domain';
import { EXAMPLE_CODE_PREFIX, SHEETS, type TSheetKey } from '../../shared/import-format';
import { joinList, type TLang } from '../../shared/lang';
import { RECORD_RULE_MESSAGES } from '../../shared/record-rules';
import { IMPORT_LIMITS } from './limits';
import type { ImportProblem } from './types';

type TParams = Record<string, string | number>;
type TMessage = (p: TParams) => string;

/** Enum params travel as keys so each language can show its own label. */
const kindLabel = (p: TParams, lang: TLang) =>
  UNIT_KINDS.byKey[p.kind as TUnitKind]?.[lang] ?? String(p.kind);

/** The part of a workbook a problem is about (`part`: sheet / sharedStrings / other, `name`); zh after `lead`. */
function partZh(p: TParams, lead: string): string {
  if (p.part === 'sheet') return `${lead}工作表「${p.name}」`;
  if (p.part === 'sharedStrings') return `${lead}共享字符串表`;
  return p.part ? `${lead}部件 ${p.name}` : '';
}

function partEn(p: TParams): string {
  if (p.part === 'sheet') return `sheet "${p.name}" `;
  if (p.part === 'sharedStrings') return 'the shared string table ';
  return p.part ? `part ${p.name} ` : '';
}

/**
 * Every problem the importer reports, with its reason in both languages (location is added by
 * formatProblem). The rules of a record's values are shared with the API and the forms
 * (shared/record-rules.ts), so the same bad value gets the same reason everywhere.
 */
const MESSAGES = {
  ...RECORD_RULE_MESSAGES,
  file_not_found: { zh: () => '文件或文件夹不存在', en: () => 'file or folder not found' },
  file_unsupported: {
    zh: () => '不是电子表格：只能导入 .xlsx 工作簿或 UTF-8 编码的 .csv 文件',
    en: () => 'not a spreadsheet: only .xlsx workbooks or UTF-8 .csv files can be imported',
  },
  file_legacy_xls: {
    zh: () => '是旧版 .xls 格式，请在 Excel 中另存为 .xlsx',
    en: () => 'is an old .xls file; save it as .xlsx in Excel',
  },
  file_binary: {
    zh: () => '不是文本格式的 CSV（含二进制内容），不是电子表格',
    en: () => 'is not a text CSV (binary content), not a spreadsheet',
  },
  file_not_utf8: {
    zh: () => '不是 UTF-8 编码（可能是 GBK），请在 Excel 中另存为「CSV UTF-8」',
    en: () => 'is not UTF-8 encoded (GBK?); save it as "CSV UTF-8" in Excel',
  },
  file_empty: { zh: () => '是空文件', en: () => 'is empty' },
  file_too_large: {
    zh: (p) => `太大（${p.size} MB），上限 ${p.limit} MB`,
    en: (p) => `is too large (${p.size} MB); the limit is ${p.limit} MB`,
  },
  file_csv_syntax: {
    zh: (p) => `CSV 格式错误（第${p.line}行附近）：${p.detail}`,
    en: (p) => `CSV syntax error (near line ${p.line}): ${p.detail}`,
  },
  file_xlsx_corrupt: {
    zh: (p) => `无法作为 .xlsx 工作簿读取（文件损坏或不是 Excel 文件）：${p.detail}`,
    en: (p) => `cannot be read as an .xlsx workbook (damaged or not an Excel file): ${p.detail}`,
  },
  file_xlsx_too_large_unpacked: {
    zh: (p) => `${partZh(p, '中的')}解压后太大（${p.size} MB），上限 ${p.limit} MB`,
    en: (p) => `${partEn(p)}unpacks to too much data (${p.size} MB); the limit is ${p.limit} MB`,
  },
  file_xlsx_size_mismatch: {
    zh: (p) =>
      `已损坏或被篡改：${partZh(p, '')}解压后超出压缩目录登记的大小（${p.declared} 字节），已停止读取`,
    en: (p) =>
      `is damaged or crafted: ${partEn(p)}unpacks to more than the ${p.declared} bytes its zip directory declares; reading stopped`,
  },
  file_no_sheets: {
    zh: () => `中没有可识别的工作表（应为 ${sheetNames('zh')}）`,
    en: () => `has no recognizable sheet (expected ${sheetNames('en')})`,
  },
  sheet_unknown_name: {
    zh: () => `无法从文件名判断是哪张表（应为 ${sheetNames('zh')}），可用 --sheet 指定`,
    en: () => `file name does not say which sheet it is (expected ${sheetNames('en')}); use --sheet`,
  },
  /** The same for an upload in the browser, where the choice is the 工作表 list, not --sheet. */
  sheet_unknown_name_upload: {
    zh: () => `无法从文件名判断是哪张表（应为 ${sheetNames('zh')}），请在「工作表」中选择`,
    en: () =>
      `file name does not say which sheet it is (expected ${sheetNames('en')}); choose it under "Sheet"`,
  },
  sheet_ignored: {
    zh: () => '不是可导入的工作表，已忽略',
    en: () => 'is not an importable sheet; ignored',
  },
  example_row_ignored: {
    zh: () => `是模板的示例行（编号以「${EXAMPLE_CODE_PREFIX}」开头），已忽略`,
    en: () => `is an example row of the template (its code starts with "${EXAMPLE_CODE_PREFIX}"); ignored`,
  },
  scope_sheet: {
    zh: (p) => `支部书记只能导入本支部（${p.branch}）的党员、组织生活和成果，不能导入此表`,
    en: (p) =>
      `a branch secretary may import only members, activities and achievements of their own branch (${p.branch}), not this sheet`,
  },
  scope_branch: {
    zh: (p) => `不是本支部（${p.branch}）的数据：支部书记只能导入本支部的数据`,
    en: (p) => `is not your branch (${p.branch}): a branch secretary may import only their own branch's rows`,
  },
  sheet_duplicate: {
    zh: (p) => `重复提供（另见 ${p.other}）`,
    en: (p) => `is given twice (also ${p.other})`,
  },
  sheet_empty: { zh: () => '没有数据', en: () => 'has no rows' },
  too_many_rows: {
    zh: (p) => `行数超过上限 ${p.limit}，已停止读取`,
    en: (p) => `has more than ${p.limit} rows; reading stopped`,
  },
  too_many_errors: {
    zh: (p) => `问题太多，仅列出前 ${p.limit} 个（共 ${p.total} 个）`,
    en: (p) => `too many problems; only the first ${p.limit} of ${p.total} are listed`,
  },
  header_none: {
    zh: () => '没有可识别的表头（第一行应为列名，如「编号」「支部编号」）',
    en: () => 'has no recognizable header row (the first row must hold column names)',
  },
  header_missing: { zh: () => '缺少必填列', en: () => 'required column is missing' },
  header_duplicate: { zh: () => '列重复', en: () => 'column appears twice' },
  header_unknown: { zh: () => '未知列，已忽略', en: () => 'unknown column; ignored' },
  duplicate_key: {
    zh: (p) => `与第${p.first}行重复（同一${p.what}）`,
    en: (p) => `duplicates row ${p.first} (same ${p.whatEn})`,
  },
  unknown_unit: {
    zh: () => '组织编号不存在（文件和数据库中都没有）',
    en: () => 'unit code not found (neither in the file nor in the database)',
  },
  not_a_branch: {
    zh: (p) => `不是党支部（是${kindLabel(p, 'zh')}）`,
    en: (p) => `is not a branch (it is a ${kindLabel(p, 'en')})`,
  },
  goal_scope_unknown: {
    zh: () => '不是「全部」、支部类型或党支部编号',
    en: () => 'is not "all", a category or a branch code',
  },
  goal_scope_not_branch: {
    zh: (p) => `是${kindLabel(p, 'zh')}，目标范围只能是党支部`,
    en: (p) => `is a ${kindLabel(p, 'en')}; a goal scope must be a branch`,
  },
  metric_unknown: { zh: () => '不是指标名称或指标键', en: () => 'is not a metric key or name' },
  rate_over_one: {
    zh: () => '比率类目标应在 0–1 之间（或写成百分数，如 90%）',
    en: () => 'a rate target must be between 0 and 1 (or a percentage such as 90%)',
  },
  year_out_of_range: { zh: () => '年度应在 1900–2200 之间', en: () => 'year must be 1900–2200' },
} satisfies Record<string, { zh: TMessage; en: TMessage }>;

export type TProblemCode = keyof typeof MESSAGES;

function sheetNames(lang: TLang): string {
  return joinList(
    Object.values(SHEETS).map((s) => (lang === 'zh' ? s.zh : `${s.en} (${s.key})`)),
    lang,
  );
}

const MAX_VALUE_CHARS = 40;

function quoteValue(value: string): string {
  const short = value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  return `"${short.replace(/[\r\n]+/g, ' ')}"`;
}

/** The reason alone (`不是整数`), for a table that shows sheet, row, column and value in their own columns. */
export function problemReason(p: ImportProblem, lang: TLang = 'zh'): string {
  return MESSAGES[p.code][lang](p.params ?? {});
}

/** The column header of a problem in the chosen language (as written in the file for unknown columns). */
export function problemHeader(p: ImportProblem, lang: TLang = 'zh'): string | undefined {
  const sheet = p.sheet ? SHEETS[p.sheet] : undefined;
  const column = sheet && p.column ? sheet.columns.find((c) => c.key === p.column) : undefined;
  return column ? (lang === 'zh' ? column.zh : column.en) : p.header;
}

/** `组织生活 第12行 「实到人数」 值 "二十" 不是整数` / `Activities row 12 "Attended" value "二十": is not an integer`. */
export function formatProblem(p: ImportProblem, lang: TLang = 'zh'): string {
  const sheet = p.sheet ? SHEETS[p.sheet] : undefined;
  const column = sheet && p.column ? sheet.columns.find((c) => c.key === p.column) : undefined;
  const header = column ? (lang === 'zh' ? column.zh : column.en) : p.header;
  const reason = MESSAGES[p.code][lang](p.params ?? {});
  const parts: string[] = [];
  if (lang === 'zh') {
    if (p.file && (!sheet || p.row === undefined)) parts.push(`文件 "${p.file}"`);
    if (sheet) parts.push(sheet.zh);
    if (p.row !== undefined) parts.push(`第${p.row}行`);
    if (header !== undefined) parts.push(`「${header}」`);
    if (p.value !== undefined) parts.push(`值 ${quoteValue(p.value)}`);
    return parts.length ? `${parts.join(' ')} ${reason}` : reason;
  }
  if (p.file && (!sheet || p.row === undefined)) parts.push(`file "${p.file}"`);
  if (sheet) parts.push(`sheet ${sheet.en}`);
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (header !== undefined) parts.push(`"${header}"`);
  if (p.value !== undefined) parts.push(`value ${quoteValue(p.value)}`);
  return parts.length ? `${parts.join(' ')}: ${reason}` : reason;
}

/** Collects problems up to the report limits, counting the ones left out. */
export class ProblemLog {
  readonly errors: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  errorCount = 0;
  warningCount = 0;
  /** Example rows of the template that were skipped (shared/import-format.ts EXAMPLE_CODE_PREFIX). */
  examplesSkipped = 0;
  /** Sheets with a rejected row: references into them may be missing for that reason alone. */
  readonly sheetsWithErrors = new Set<TSheetKey>();

  error(p: ImportProblem): void {
    this.errorCount++;
    if (p.sheet) this.sheetsWithErrors.add(p.sheet);
    if (this.errors.length < IMPORT_LIMITS.maxErrors) this.errors.push(p);
  }

  warn(p: ImportProblem): void {
    this.warningCount++;
    if (this.warnings.length < IMPORT_LIMITS.maxWarnings) this.warnings.push(p);
  }

  /** An example row of the template, skipped: a warning, and counted. */
  skipExample(p: ImportProblem): void {
    this.examplesSkipped++;
    this.warn(p);
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** The errors to report, with a closing note when some were left out. */
  reportedErrors(): ImportProblem[] {
    if (this.errorCount <= this.errors.length) return this.errors;
    const note: ImportProblem = {
      code: 'too_many_errors',
      params: { limit: IMPORT_LIMITS.maxErrors, total: this.errorCount },
    };
    return [...this.errors, note];
  }
}
