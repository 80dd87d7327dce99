/**
 * The downloadable import template (GET /api/import/template.xlsx): one sheet per sheet of
 * shared/import-format.ts with its Chinese headers, one example row, and drop-down lists (data
 * validation) for enumerated and yes/no columns. Deleting the example rows leaves a workbook that
 * imports cleanly; the examples themselves are consistent with each other (an empty database takes them).
 */
import ExcelJS from 'exceljs';
import { CATEGORIES, type EnumEntry } from '../../shared/domain';
import {
  ALL_SCOPE_LABELS,
  LIST_JOINER,
  SHEET_KEYS,
  SHEETS,
  type TSheetKey,
} from '../../shared/import-format';
import { METRICS } from '../../shared/metric-keys';

/** One example row per sheet, by column key: a branch, one of its members, a session, an achievement, a goal. */
export const TEMPLATE_EXAMPLES: Record<TSheetKey, Record<string, string | number>> = {
  units: {
    code: 'XZ01',
    name: '行政第一党支部',
    kind: '党支部',
    category: '行政',
    established_on: '2022-01-01',
    has_groups: '否',
  },
  members: { code: 'M0001', name: '张三', branch_code: 'XZ01', role: '书记', joined_on: '2022-01-01' },
  activities: {
    branch_code: 'XZ01',
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
    sharers: 'M0001',
  },
  achievements: {
    branch_code: 'XZ01',
    achieved_on: '2025-05-20',
    kind: '志愿服务',
    title: '社区志愿服务',
    level: '校级',
    hours: 3.5,
    participants: 12,
  },
  goals: { year: 2025, scope: '全部', metric: '组织生活完成率', target: '90%' },
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

export async function buildImportTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '党建成效分析看板';
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
    sheet.addRow(TEMPLATE_EXAMPLES[key]);
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
