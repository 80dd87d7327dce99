/**
 * The lists' exports (issue 12): 工作欠账 and 即将到期 of the overview, the goals of a year, the import
 * history — each pure sheet builder gives the headers in the user's language, the rows as the list shows
 * them, counts and targets as numbers (a rate as a fraction in a percent cell); the file name leads with
 * its subject; a list paged on the server is read to its end.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { agendaSheet } from '../../client/src/features/branch-detail/agenda-sheet';
import { slotSheet, slotsInGridOrder } from '../../client/src/features/branch-detail/slot-sheet';
import { importHistorySheet } from '../../client/src/features/data/import-history-export';
import { goalsSheet, weightsSheet, weightsSourceText } from '../../client/src/features/goals/goal-export';
import { alertsSheet, dueSoonSheet } from '../../client/src/features/overview/list-export';
import {
  collectPages,
  collegeDateTime,
  sheetTableOf,
  tableExportFileName,
} from '../../client/src/lib/table-export';
import type { TImportHistoryEntry } from '../../shared/schemas/import-upload';
import type { TDueSoon } from '../../shared/schemas/overview';
import { buildTableXlsx } from '../../shared/table-sheet';

const headers = (sheet: { columns: readonly { header: string }[] }) => sheet.columns.map((c) => c.header);

describe('工作欠账 and 即将到期', () => {
  const alerts = {
    month: '2025-11',
    items: [
      {
        branchId: 1,
        code: 'XZ01',
        name: '行政第一党支部',
        backlog: [
          { type: 'committee_meeting', slot: '2025-11' },
          { type: 'theme_day', slot: '2025-11' },
        ],
      },
      {
        branchId: 2,
        code: 'XS02',
        name: '学生第二党支部',
        backlog: [{ type: 'theme_day', slot: '2025-11' }],
      },
    ],
  } as Parameters<typeof alertsSheet>[0];

  it('lists each branch once, with how many slots it missed as a number and which in words', () => {
    const sheet = alertsSheet(alerts, 'zh');
    expect(headers(sheet)).toEqual(['支部', '编号', '欠账数', '欠账项']);
    expect(sheet.columns[2]!.format).toBe('int');
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows[0]!.slice(0, 3)).toEqual(['行政第一党支部', 'XZ01', 2]);
    expect(sheet.rows[0]![3]).toBe('支部委员会、主题党日');
    expect(sheet.rows[1]![2]).toBe(1);
    expect(headers(alertsSheet(alerts, 'en'))).toEqual(['Branch', 'Code', 'Missed', 'Missed sessions']);
  });

  it('lists what is due soonest first with its last day and the days left as a number', () => {
    const dueSoon = {
      today: '2025-11-20',
      slots: [],
      byType: {},
      total: 2,
      items: [
        {
          branchId: 1,
          code: 'XZ01',
          name: '行政第一党支部',
          type: 'theme_day',
          slot: '2025-11',
          slotEnd: '2025-11-30',
          daysLeft: 10,
        },
        {
          branchId: 2,
          code: 'XS02',
          name: '学生第二党支部',
          type: 'party_lecture',
          slot: '2025-Q4',
          slotEnd: '2025-12-31',
          daysLeft: 41,
        },
      ],
    } as TDueSoon;
    const sheet = dueSoonSheet(dueSoon, 'zh');
    expect(headers(sheet)).toEqual(['支部', '编号', '规定活动', '期间', '截止日期', '剩余天数']);
    expect(sheet.rows.map((r) => r[5])).toEqual([10, 41]);
    expect(sheet.rows[0]![2]).toBe('主题党日');
    expect(sheet.rows[0]![3]).toBe('2025年11月');
    expect(sheet.rows[1]![4]).toBe('2025-12-31');
    expect(sheet.columns[5]!.format).toBe('int');
    expect(dueSoonSheet(dueSoon, 'en').rows[0]![3]).not.toBe('2025年11月');
  });
});

describe('本支部待办', () => {
  const slot = (over: Record<string, unknown>) => ({
    type: 'branch_meeting',
    slot: '2026-12',
    length: 'month',
    start: '2026-12-01',
    end: '2026-12-31',
    status: 'open',
    daysLeft: 24,
    sessionIds: [],
    ...over,
  });
  const agenda = {
    today: '2026-12-07',
    scope: { period: '2026', start: '2026-01-01', asOf: '2026-12-06' },
    current: [
      slot({}),
      slot({ type: 'theme_day', status: 'done', daysLeft: 24, sessionIds: [3, 4] }),
      slot({ type: 'party_lecture', slot: '2026-Q4', length: 'quarter', start: '2026-10-01', daysLeft: 0 }),
      slot({ type: 'secretary_lecture', slot: '2026', length: 'year', start: '2026-01-01' }),
    ],
    overdue: [
      slot({ slot: '2026-10', start: '2026-10-01', end: '2026-10-31', status: 'overdue', daysLeft: -37 }),
    ],
  } as unknown as Parameters<typeof agendaSheet>[0];

  it('lists the slots as the card groups them: month, quarter, year, then the overdue ones', () => {
    const sheet = agendaSheet(agenda, 'zh');
    expect(headers(sheet)).toEqual(['分组', '类型', '时段', '截止日', '状态', '剩余天数', '次数']);
    expect(sheet.rows.map((r) => r[0])).toEqual([
      '本月（2026年12月）',
      '本月（2026年12月）',
      '本季度（2026年第4季度）',
      '本年度（2026年）',
      '工作欠账（2026年）',
    ]);
    expect(sheet.rows.map((r) => r[4])).toEqual(['剩 24 天', '已完成', '今天截止', '剩 24 天', '已逾期']);
  });

  it('gives days left and sessions as numbers: none left once done, negative when overdue', () => {
    const sheet = agendaSheet(agenda, 'zh');
    expect(sheet.rows.map((r) => r[5])).toEqual([24, null, 0, 24, -37]);
    expect(sheet.rows.map((r) => r[6])).toEqual([0, 2, 0, 0, 0]);
    expect(sheet.columns[5]!.format).toBe('int');
    expect(agendaSheet(agenda, 'en').rows[1]![4]).toBe('Done');
  });
});

describe('index weights of a year', () => {
  const weights = { complianceRate: 30, sessions: 0, volunteerHours: 10.5 } as Parameters<
    typeof weightsSheet
  >[0];

  it('writes each metric’s weight as a number and its share of the sum as a fraction', () => {
    const sheet = weightsSheet(weights, 'zh');
    expect(headers(sheet)).toEqual(['指标', '权重', '%']);
    expect(sheet.rows.map((r) => r[1])).toEqual([
      { value: 30, format: 'int' },
      { value: 0, format: 'int' },
      { value: 10.5, format: 'dec2' },
    ]);
    expect(sheet.rows.map((r) => r[2])).toEqual([30 / 40.5, 0, 10.5 / 40.5]);
    expect(sheet.columns[2]!.format).toBe('percent');
    expect(weightsSheet(weights, 'en').rows[0]![0]).not.toBe(sheet.rows[0]![0]);
  });

  it('leaves the shares blank when nothing is weighted, rather than dividing by 0', () => {
    expect(weightsSheet({ sessions: 0 }, 'zh').rows[0]![2]).toBeNull();
  });

  it('says where the year’s weights come from, in the user’s language', () => {
    expect(weightsSourceText({ type: 'own' }, 2025, 'zh')).toContain('2025');
    expect(weightsSourceText({ type: 'inherited', fromYear: 2023 }, 2025, 'zh')).toBe('沿用 2023 年');
    expect(weightsSourceText({ type: 'default' }, 2025, 'zh')).toBe('默认权重');
    expect(weightsSourceText({ type: 'default' }, 2025, 'en')).not.toBe('默认权重');
  });

  it('gives the workbook number cells for the weights', async () => {
    const bytes = await buildTableXlsx(
      sheetTableOf(weightsSheet(weights, 'zh'), ['综合指数权重', '来源：默认权重'], '权重'),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer);
    const ws = book.worksheets[0]!;
    const values = ws.getColumn(2).values.filter((v) => typeof v === 'number');
    expect(values).toEqual([30, 0, 10.5]);
    expect(ws.getCell('A2').value).toBe('来源：默认权重');
  });
});

describe('goals of a year', () => {
  const goals = [
    { year: 2025, scope: { type: 'all' }, branchName: null, metric: 'complianceRate', target: 0.925 },
    { year: 2025, scope: { type: 'all' }, branchName: null, metric: 'sessions', target: 12 },
    {
      year: 2025,
      scope: { type: 'branch', branchCode: 'XZ01' },
      branchName: '行政第一党支部',
      metric: 'volunteerHours',
      target: 30.5,
    },
  ] as Parameters<typeof goalsSheet>[0];
  const actuals = {
    year: 2024,
    all: { complianceRate: 0.8812, sessions: null },
    byCategory: {},
    byBranch: { XZ01: { volunteerHours: 28 } },
  } as Parameters<typeof goalsSheet>[1];

  it('writes targets and last year’s actuals as numbers in their metric’s format', () => {
    const sheet = goalsSheet(goals, actuals, 2025, 'zh');
    expect(headers(sheet)).toEqual(['范围', '指标', '目标值', '2024 实际', '口径']);
    const [rate, count, branch] = sheet.rows;
    expect(rate![2]).toEqual({ value: 0.925, format: 'percent' });
    expect(rate![3]).toEqual({ value: 0.8812, format: 'percent' });
    expect(count![2]).toEqual({ value: 12, format: 'int' });
    // Nothing recorded: a blank cell, not a 0.
    expect(count![3]).toBeNull();
    expect(branch![0]).toBe('行政第一党支部（XZ01）');
    expect(branch![2]).toEqual({ value: 30.5, format: 'dec2' });
    expect(branch![3]).toEqual({ value: 28, format: 'int' });
  });

  it('says which values are per branch: an additive metric of several branches', () => {
    const sheet = goalsSheet(goals, actuals, 2025, 'zh');
    expect(sheet.rows.map((r) => r[4])).toEqual([null, '每支部', null]);
    expect(goalsSheet(goals, undefined, 2025, 'en').rows[1]![4]).toBe('per branch');
  });

  it('gives the workbook percent cells for rates and plain numbers for counts in one column', async () => {
    const sheet = goalsSheet(goals, actuals, 2025, 'zh');
    const bytes = await buildTableXlsx(sheetTableOf(sheet, [], '目标'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer);
    const ws = book.worksheets[0]!;
    expect(ws.getCell('C2').value).toBe(0.925);
    expect(ws.getCell('C2').numFmt).toBe('0.0%');
    expect(ws.getCell('C3').value).toBe(12);
    expect(ws.getCell('C3').numFmt).toBe('0');
    expect(ws.getCell('D3').value).toBeNull();
  });
});

describe('import history', () => {
  const counts = (inserted: number, updated: number) => ({ inserted, updated, unchanged: 0 });
  const none = counts(0, 0);
  const entries: TImportHistoryEntry[] = [
    {
      id: 2,
      at: '2025-11-20T02:00:00.000Z',
      username: 'system',
      isSystem: true,
      procedure: 'cli.import',
      fileName: '=demo.xlsx',
      counts: {
        units: none,
        members: counts(3, 1),
        activities: counts(5, 0),
        achievements: none,
        goals: none,
      },
      undoneAt: null,
      undoneBy: null,
    },
    {
      id: 1,
      at: '2025-11-19T02:00:00.000Z',
      username: 'admin',
      isSystem: false,
      procedure: 'import',
      fileName: 'mini.xlsx',
      counts: { units: counts(2, 0), members: none, activities: none, achievements: none, goals: none },
      undoneAt: '2025-11-19T03:00:00.000Z',
      undoneBy: 'admin',
    },
  ];

  it('writes each import as listed, with the rows it added and changed as numbers', () => {
    const sheet = importHistorySheet(entries, 'zh');
    expect(headers(sheet)).toEqual(['时间', '导入人', '文件', '修改', '新增', '更新', '状态']);
    const [cli, undone] = sheet.rows;
    expect(cli![1]).toBe('系统（导入数据（命令行））');
    expect(cli![2]).toBe('=demo.xlsx');
    expect(cli![4]).toBe(8);
    expect(cli![5]).toBe(1);
    expect(cli![6]).toBe('有效');
    expect(String(cli![3])).toContain('组织生活 新增 5');
    expect(undone![1]).toBe('admin');
    expect(String(undone![6])).toMatch(/^已由 admin 于 .+ 撤销$/);
  });
});

describe('a branch’s slots', () => {
  const slot = (type: string, label: string, length: string, status: string, sessions: number) =>
    ({
      type,
      slot: label,
      length,
      status,
      sessionIds: Array.from({ length: sessions }, (_, i) => i + 1),
    }) as never;
  // As the server might list them: not in the grid's order.
  const slots = [
    slot('general_meeting', '2025-Q1', 'quarter', 'met', 1),
    slot('theme_day', '2025-02', 'month', 'missed', 0),
    slot('committee_meeting', '2025-02', 'month', 'met', 2),
    slot('theme_day', '2025-01', 'month', 'met', 1),
    slot('committee_meeting', '2025-01', 'month', 'pending', 0),
  ];

  it('puts them in the grid’s order: months before quarters, requirement by requirement', () => {
    expect(slotsInGridOrder(slots).map((s: { type: string; slot: string }) => `${s.type} ${s.slot}`)).toEqual(
      [
        'committee_meeting 2025-01',
        'committee_meeting 2025-02',
        'theme_day 2025-01',
        'theme_day 2025-02',
        'general_meeting 2025-Q1',
      ],
    );
  });

  it('writes the status in words on its colour and the sessions as a number', () => {
    const sheet = slotSheet(slotsInGridOrder(slots), 'zh');
    expect(headers(sheet)).toEqual(['时段', '类型', '状态', '次数']);
    const [pending, met, , missed] = sheet.rows;
    expect(pending).toEqual(['2025-01', '支部委员会', '未到期', 0]);
    expect(met![2]).toEqual({ value: '已完成', fill: '#d9f7be' });
    expect(met![3]).toBe(2);
    expect(missed![2]).toEqual({ value: '未完成', fill: '#ffccc7' });
    expect(slotSheet(slots, 'en').rows[0]![2]).toEqual({ value: 'Met', fill: '#d9f7be' });
  });

  it('names a slot outside the branch’s existence apart from a pending one, on grey', () => {
    const outside = slot('theme_day', '2025-03', 'month', 'outside', 0);
    expect(slotSheet([outside], 'zh').rows[0]![2]).toEqual({ value: '不在存续期', fill: '#f0f0f0' });
    expect(slotSheet([outside], 'en').rows[0]![2]).toEqual({ value: 'Outside existence', fill: '#f0f0f0' });
  });
});

describe('file names and paged lists', () => {
  it('leads with the subject, then period, title and day', () => {
    const now = new Date('2026-12-07T06:00:00Z');
    const day = collegeDateTime(now).slice(0, 10);
    expect(
      tableExportFileName({ title: '工作欠账', subject: '全院', period: '2025-11', lang: 'zh', now }, 'xlsx'),
    ).toBe(`全院_2025年11月_工作欠账_${day}.xlsx`);
    expect(tableExportFileName({ title: '党员名册', subject: '行政 · 一支部', lang: 'zh', now }, 'csv')).toBe(
      `行政-一支部_党员名册_${day}.csv`,
    );
  });

  it('reads a paged list to its end, and stops at the total', async () => {
    const all = Array.from({ length: 7 }, (_, i) => i);
    const asked: number[] = [];
    const rows = await collectPages(async ({ limit, offset }) => {
      asked.push(offset);
      return { rows: all.slice(offset, offset + limit), total: all.length };
    }, 3);
    expect(rows).toEqual(all);
    expect(asked).toEqual([0, 3, 6]);
    const exact = await collectPages(
      async ({ limit, offset }) => ({ rows: all.slice(offset, offset + limit).slice(0, 6), total: 6 }),
      3,
    );
    expect(exact).toHaveLength(6);
  });
});
