/**
 * What a grid exports (issue 12): the visible, exported columns with their formats, each row's cells
 * (labels for keys, goal fills, numbers as numbers), the filters in words, the header block and the
 * file name — here with the compare grid's own column definitions.
 */
import { describe, expect, it } from 'vitest';
import { buildCompareColumns } from '../../client/src/features/compare/compare-columns';
import { type TCompareRow, toCompareRow } from '../../client/src/features/compare/compare-metrics';
import {
  collegeDateTime,
  describeColumnFilter,
  exportColumnOf,
  exportHeaderBlock,
  gridSheetOf,
  type TExportColumn,
  type TExportRow,
  tableExportFileName,
} from '../../client/src/lib/table-export';

const row: TCompareRow = toCompareRow({
  branch: {
    id: 1,
    code: 'XZ01',
    name: '行政第一党支部',
    category: 'admin',
    parentId: 3,
    parentCode: 'Z1',
    parentName: '机关党总支',
    establishedOn: '2020-01-01',
    dissolvedOn: null,
  },
  metrics: {
    complianceRate: 0.9234,
    sessions: 12,
    index: 86.25,
    rank: 2,
    goals: { complianceRate: { target: 0.9, attainment: 1, status: 'met' } },
  },
});

type TLeaf = {
  id?: string;
  header?: unknown;
  accessorFn?: (row: TCompareRow) => unknown;
  meta?: TExportColumn['meta'] & { title?: string };
  columns?: TLeaf[];
};

/** The grid's leaf columns with their group, through the export's own reading of a TanStack column. */
function exportColumnsOf(columns: TLeaf[], group?: TLeaf): { column: TExportColumn; leaf: TLeaf }[] {
  return columns.flatMap((c) =>
    c.columns
      ? exportColumnsOf(c.columns, c)
      : [
          {
            leaf: c,
            column: exportColumnOf({
              id: c.id ?? '',
              accessorFn: c.accessorFn,
              ...(group ? { parent: { columnDef: group } } : {}),
              columnDef: c,
            }),
          },
        ],
  );
}

/** The compare grid's sheet of `row` (one row), as 导出 builds it. */
function compareSheetOf(isRunningMonth: boolean) {
  const leaves = exportColumnsOf(
    buildCompareColumns({
      lang: 'zh',
      showDelta: false,
      rankMode: 'all',
      scope: { period: '2025' },
      isRunningMonth,
    }) as TLeaf[],
  );
  const exportRow: TExportRow = {
    original: row,
    getValue: (id) => leaves.find((l) => l.column.id === id)?.leaf.accessorFn?.(row),
  };
  return gridSheetOf(
    leaves.map((l) => l.column),
    [exportRow],
    ['组织生活完成率 ≥ 90%'],
  );
}

describe('the compare grid as a sheet', () => {
  const sheet = compareSheetOf(false);
  const cell = (header: string) => sheet.rows[0]![sheet.columns.findIndex((c) => c.header === header)];

  it('leaves out the tick box and keeps name, identity and every metric with its group', () => {
    expect(sheet.columns[0]).toMatchObject({ header: '支部名称', format: 'text' });
    expect(sheet.columns.some((c) => c.header === '' || c.header === '选择')).toBe(false);
    expect(sheet.columns.find((c) => c.header === '组织生活完成率')).toMatchObject({
      group: '规范性',
      format: 'percent',
    });
    expect(sheet.columns.find((c) => c.header === '综合指数')?.format).toBe('dec1');
  });

  it('writes numbers as numbers, goal status as a fill, labels for keys, blanks for unknowns', () => {
    expect(cell('支部名称')).toBe('行政第一党支部');
    expect(cell('类别')).toBe('行政');
    expect(cell('组织生活完成率')).toEqual({ value: 0.9234, fill: '#d9f7be' });
    expect(cell('组织生活次数')).toBe(12);
    expect(cell('综合指数')).toBe(86.25);
    expect(cell('出勤率')).toBeNull();
    expect(sheet.filters).toEqual(['组织生活完成率 ≥ 90%']);
  });
});

describe('the compare grid of a month still running', () => {
  const sheet = compareSheetOf(true);
  const cell = (header: string) => sheet.rows[0]![sheet.columns.findIndex((c) => c.header === header)];

  it('gives 进行中 for the index and the rank, not their numbers, and keeps the other metrics', () => {
    expect(cell('综合指数')).toBe('进行中');
    expect(cell('排名')).toBe('进行中');
    expect(cell('组织生活次数')).toBe(12);
  });
});

describe('filters, header block and file name', () => {
  it('describes range and text filters in words', () => {
    expect(describeColumnFilter('出勤率', [0.9, null], { scale: 100, lang: 'zh' })).toBe('出勤率 ≥ 90%');
    expect(describeColumnFilter('次数', [null, 4], { lang: 'zh' })).toBe('次数 ≤ 4');
    expect(describeColumnFilter('次数', [2, 4], { lang: 'en' })).toBe('次数 2–4');
    expect(describeColumnFilter('名称', '一', { lang: 'zh' })).toBe('名称 包含 “一”');
    expect(describeColumnFilter('名称', [null, null], { lang: 'zh' })).toBeNull();
  });

  it('says title, period, 统计截至, filters, rows and who exported when', () => {
    const now = new Date('2026-01-05T01:30:00Z');
    const block = exportHeaderBlock(
      {
        title: '支部对比',
        lang: 'zh',
        period: '2025-Q2',
        asOf: '2025-06-30',
        filters: ['类别 行政'],
        user: { displayName: '管理员', username: 'admin' },
        now,
      },
      { columns: [], rows: [[1], [2]], filters: ['出勤率 ≥ 90%'] },
    );
    expect(block).toEqual([
      '支部对比',
      '期间：2025年第2季度',
      '统计截至：2025-06-30',
      '筛选：类别 行政；出勤率 ≥ 90%',
      '行数：2',
      `导出：管理员（admin） ${collegeDateTime(now)}`,
    ]);
    expect(collegeDateTime(now, 'Asia/Shanghai')).toBe('2026-01-05 09:30');
  });

  it('names the file by what, which period and the day', () => {
    const now = new Date('2026-01-05T01:30:00Z');
    expect(tableExportFileName({ title: '支部对比', period: '2025', lang: 'zh', now }, 'xlsx')).toBe(
      `支部对比_2025年_${collegeDateTime(now).slice(0, 10)}.xlsx`,
    );
    expect(tableExportFileName({ title: 'Audit log', lang: 'en', now }, 'csv')).toMatch(
      /^Audit-log_\d{4}-\d{2}-\d{2}\.csv$/,
    );
  });
});
