/**
 * The downloadable import template (GET /api/import/template.xlsx): an instructions sheet (说明), then one
 * sheet per sheet of shared/import-format.ts with its Chinese headers, one example row, and drop-down
 * lists (data validation) for enumerated and yes/no columns. The example rows carry placeholder codes
 * (示例…, EXAMPLE_CODE_PREFIX), which the importer recognises and skips: importing the template
 * unchanged writes nothing and says so, and an example copied among real rows cannot touch real data.
 */
import ExcelJS from 'exceljs';
import { CATEGORIES, type EnumEntry } from '../../shared/domain';
import {
  ALL_SCOPE_LABELS,
  type ColumnDef,
  EXAMPLE_CODE_PREFIX,
  INSTRUCTIONS_SHEET_NAME,
  LIST_JOINER,
  SHEET_KEYS,
  SHEETS,
  type TSheetKey,
} from '../../shared/import-format';
import { METRICS } from '../../shared/metric-keys';

const BRANCH = `${EXAMPLE_CODE_PREFIX}01`;
const MEMBER = `${EXAMPLE_CODE_PREFIX}M0001`;

/**
 * One example row per sheet, by column key: a branch, one of its members, a session, an achievement, a
 * goal — all of the placeholder branch 示例01, so the importer skips every one of them.
 */
export const TEMPLATE_EXAMPLES: Record<TSheetKey, Record<string, string | number>> = {
  units: {
    code: BRANCH,
    name: '示例党支部',
    kind: '党支部',
    parent_code: `${EXAMPLE_CODE_PREFIX}DW`,
    category: '行政',
    established_on: '2022-01-01',
    has_groups: '否',
  },
  members: { code: MEMBER, name: '张三', branch_code: BRANCH, role: '书记', joined_on: '2022-01-01' },
  activities: {
    branch_code: BRANCH,
    held_on: '2025-03-15',
    type: '主题党日',
    title: '学习党史',
    formats: ['学习文字资料', '研讨交流'].join(LIST_JOINER),
    modules: '党性锤炼',
    expected: 15,
    attended: 14,
    integrated_with_work: '是',
    oath_renewed: '是',
    dues_collected: '是',
    by_secretary: '否',
    sharers: MEMBER,
  },
  achievements: {
    branch_code: BRANCH,
    achieved_on: '2025-05-20',
    kind: '志愿服务',
    title: '社区志愿服务',
    level: '校级',
    hours: 3.5,
    participants: 12,
  },
  goals: { year: 2025, scope: BRANCH, metric: '组织生活完成率', target: '90%' },
};

const labels = (e: { entries: readonly EnumEntry[] }) => e.entries.map((x) => x.zh);
const YES_NO = ['是', '否'];

/** Drop-down values per column; `strict: false` lists suggestions but accepts other text (branch codes). */
const CHOICES: Partial<Record<TSheetKey, Record<string, { values: string[]; strict: boolean }>>> = {
  goals: {
    scope: { values: [ALL_SCOPE_LABELS[0], ...labels(CATEGORIES)], strict: false },
    metric: { values: METRICS.map((m) => m.zh), strict: true },
  },
};

/** Rows that get the drop-downs (a template is filled by hand; bigger data comes as exports). */
const VALIDATED_ROWS = 2000;

/** exceljs writes range validations, but its typings only know per-cell ones. */
interface TRangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

const EXAMPLE_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF8C8C8C' } };

const USAGE = [
  '每张工作表是一类数据：组织、党员、组织生活、成果、目标。第一行是列名，请勿修改；红色列名为必填。',
  `各表第 2 行是示例（编号以「${EXAMPLE_CODE_PREFIX}」开头，灰色斜体）：导入时自动忽略，不会写入任何数据。可删除，也可直接改写成真实数据（改掉「${EXAMPLE_CODE_PREFIX}」编号）。`,
  '日期写成 YYYY-MM-DD（如 2025-03-15）；是/否列填「是」或「否」；有下拉列表的列请从列表中选择；可多选的列（形式、内容模块、分享党员）用「、」分隔。',
  '同一条记录由「关键列」识别（见下表）：关键列与已有记录相同的行会更新该记录，否则新增。',
  '上传后先显示预览：每张表将新增、更新、不变的行数，每条更新的字段（修改前 → 修改后），以及所有问题（表、行、列、值、原因）。确认后才写入数据库；导入后可以在「导入记录」中撤销。',
  '组织部管理员可以导入全部数据；支部书记只能导入本支部的党员、组织生活和成果。',
  `本「${INSTRUCTIONS_SHEET_NAME}」工作表导入时忽略。`,
];

/** What a column takes, for the instructions sheet. */
function describeColumn(sheet: TSheetKey, c: ColumnDef): string {
  if (sheet === 'goals' && c.key === 'scope') {
    return `全部、党支部类型（${labels(CATEGORIES).join('、')}）或党支部编号`;
  }
  if (sheet === 'goals' && c.key === 'metric') return '指标名称（见下拉列表）或指标键';
  if (sheet === 'goals' && c.key === 'target') return '数字；比率可写成百分数（如 90%）';
  switch (c.type) {
    case 'date':
      return '日期，YYYY-MM-DD';
    case 'integer':
      return '整数（≥ 0）';
    case 'number':
      return '数字（≥ 0）';
    case 'yesno':
      return '是 / 否';
    case 'enum':
      return `可选：${c.vocabulary ? labels(c.vocabulary).join('、') : ''}`;
    case 'list':
      return c.vocabulary
        ? `可多选，用「、」分隔：${labels(c.vocabulary).join('、')}`
        : '党员编号，可多个，用「、」分隔';
    default:
      return '文本';
  }
}

function addInstructions(book: ExcelJS.Workbook): void {
  const sheet = book.addWorksheet(INSTRUCTIONS_SHEET_NAME);
  sheet.columns = [{ width: 12 }, { width: 18 }, { width: 8 }, { width: 10 }, { width: 70 }];
  sheet.addRow(['党建成效分析看板 · 数据导入模板']).font = { bold: true, size: 14 };
  sheet.addRow([]);
  USAGE.forEach((line, i) => {
    const row = sheet.addRow([`${i + 1}.`, line]);
    sheet.mergeCells(row.number, 2, row.number, 5);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.height = 32;
  });
  sheet.addRow([]);
  sheet.addRow(['工作表', '列名', '必填', '关键列', '填写格式或可选值']).font = { bold: true };
  for (const key of SHEET_KEYS) {
    const def = SHEETS[key];
    for (const c of def.columns) {
      const row = sheet.addRow([
        def.zh,
        c.zh,
        c.isRequired ? '是' : '',
        def.naturalKey.includes(c.key) ? '是' : '',
        describeColumn(key, c),
      ]);
      row.getCell(5).alignment = { wrapText: true };
    }
  }
}

export async function buildImportTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '党建成效分析看板';
  addInstructions(book);
  for (const key of SHEET_KEYS) {
    const def = SHEETS[key];
    const sheet = book.addWorksheet(def.zh, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = def.columns.map((c) => ({
      header: c.zh,
      key: c.key,
      width: Math.max(10, c.zh.length * 2 + 4),
      // Dates as text so Excel keeps 2025-03-15 as written (the importer reads both).
      style: c.type === 'date' ? { numFmt: '@' } : {},
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    def.columns.forEach((c, i) => {
      if (c.isRequired) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    });
    sheet.addRow(TEMPLATE_EXAMPLES[key]).font = EXAMPLE_FONT;
    const validations = (sheet as unknown as { dataValidations: TRangeValidations }).dataValidations;
    def.columns.forEach((c, i) => {
      const letter = sheet.getColumn(i + 1).letter;
      const range = `${letter}2:${letter}${VALIDATED_ROWS}`;
      const choice =
        CHOICES[key]?.[c.key] ??
        (c.type === 'enum' && c.vocabulary
          ? { values: labels(c.vocabulary), strict: true }
          : c.type === 'yesno'
            ? { values: YES_NO, strict: true }
            : null);
      // List cells take several values: a hint instead of a drop-down.
      const listHint = c.type === 'list' && c.vocabulary ? labels(c.vocabulary) : null;
      if (choice) {
        validations.add(range, {
          type: 'list',
          allowBlank: !c.isRequired,
          formulae: [`"${choice.values.join(',')}"`],
          showErrorMessage: choice.strict,
          errorStyle: 'stop',
          errorTitle: c.zh,
          error: `请从列表中选择：${choice.values.join('、')}`,
        });
      } else if (listHint) {
        validations.add(range, {
          type: 'custom',
          formulae: ['TRUE'],
          allowBlank: true,
          showInputMessage: true,
          promptTitle: c.zh,
          prompt: `可填多项，用、分隔：${listHint.join('、')}`,
        });
      }
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
