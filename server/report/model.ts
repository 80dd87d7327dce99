/**
 * What a review report says, before any format draws it: the cover, the KPIs against goals with their
 * year-over-year change, the narrative, the comparison table and, branch by branch, its slot grid,
 * backlog, formats and modules, achievements, goal bullets and trend. Every number comes from the metrics
 * engine's server functions (the ones behind metrics.*, overview.* and records.*); this module only picks
 * and words them. Branch sections are produced one at a time (an async generator) so a 2,000-branch
 * report never holds every branch's charts at once.
 */

import {
  buildFormatsOption,
  buildGoalBulletsOption,
  buildModulesOption,
  buildMonthlyTrendOption,
  formatMetricValue,
} from '../../client/src/features/branch-detail/chart-options';
import { buildSlotGrid, type TSlotGrid } from '../../client/src/features/branch-detail/slot-grid';
import { buildRankingOption } from '../../client/src/features/compare/compare-charts';
import {
  columnValue,
  formatDeltaValue,
  formatValue,
  type TColumnKey,
  toCompareRow,
} from '../../client/src/features/compare/compare-metrics';
import { DASH, formatDelta, formatNumber } from '../../client/src/lib/format';
import { AppError } from '../../shared/app-error';
import { REQUIREMENTS } from '../../shared/domain';
import { METRICS, type TMetricKey } from '../../shared/metric-keys';
import type {
  TBranchMetricsRow,
  TGoalStatus,
  TMetricsScope,
  TRollupMetrics,
} from '../../shared/schemas/metrics';
import { OVERVIEW_KPI_KEYS, type TOverviewKpiKey } from '../../shared/schemas/overview';
import { formatPeriod, shiftYearBack } from '../../shared/schemas/period';
import { canSeeBranchMetrics, visibleComparison } from '../auth/metrics-visibility';
import { readableBranchIds, type TPolicyUser } from '../auth/roles';
import type { DBOrTrx } from '../db/database';
import {
  listAchievementRecords,
  queryActivityProfile,
  type TAchievementRecord,
  type TActivityProfile,
} from '../db/queries/records';
import { getBranchDetail, getBranchMetrics } from '../metrics/api';
import { listBranchSlots } from '../metrics/branch-slots';
import { collegeRange } from '../metrics/evaluate';
import { getOverviewKpis } from '../metrics/overview/kpis';
import { rollupOfRange } from '../metrics/report';
import { renderChartSvg, type TChartSvg } from './charts';
import {
  goalClauses,
  indexClause,
  rateClause,
  requirementClauses,
  sentence,
  type TRequirementTally,
  volunteerClause,
} from './narrative';

/** Whom a report is about: one branch, the branches under one unit (a general branch), or the college. */
export type TReportTarget =
  | { kind: 'branch'; code: string }
  | { kind: 'unit'; code: string }
  | { kind: 'college' };

/** Everyone may read the whole college (the CLI, run by the operator on the server). */
const OPERATOR: TPolicyUser = { role: 'admin', branchId: null };

export interface TReportKpi {
  label: string;
  value: string;
  goal: string;
  status: TGoalStatus;
  previous: string;
  delta: string;
}

export interface TComparisonTable {
  headers: string[];
  rows: { cells: string[]; statuses: (TGoalStatus | null)[] }[];
  /** The roll-up line, when the viewer may see it (metrics-visibility's rule). */
  total: string[] | null;
}

export interface TBranchSection {
  code: string;
  name: string;
  parentName: string | null;
  kpis: TReportKpi[];
  narrative: string[];
  slotGrid: TSlotGrid;
  /** Unmet slots in words: `支部委员会 2025-07`. */
  backlog: string[];
  profile: Pick<TActivityProfile, 'formats' | 'modules'>;
  achievements: TAchievementRecord[];
  charts: { title: string; chart: TChartSvg }[];
}

export interface TReviewReport {
  title: string;
  college: string;
  /** The unit the report is about (the college's name for the college report). */
  unit: string;
  periodLabel: string;
  scope: TMetricsScope;
  generatedAt: string;
  kpis: TReportKpi[];
  narrative: string[];
  comparison: TComparisonTable | null;
  charts: { title: string; chart: TChartSvg }[];
  /** How many branch sections `sections()` yields. */
  sectionCount: number;
  sections(): AsyncGenerator<TBranchSection>;
}

export interface TReportRequest {
  scope: TMetricsScope;
  target: TReportTarget;
  /** Who asks: a secretary gets only her own branch in full; null = the operator (CLI). */
  viewer: TPolicyUser | null;
  /** When the document was made (an ISO instant): the one part two runs may differ in. */
  generatedAt: string;
}

const MESSAGES = {
  noBranch: (code: string) => ({ zh: `没有编号为 ${code} 的支部`, en: `No branch with the code ${code}` }),
  noUnit: (code: string) => ({
    zh: `没有编号为 ${code} 的党总支或党委`,
    en: `No general branch or committee with the code ${code}`,
  }),
  ownBranchOnly: {
    zh: '支部书记只能生成本支部的报告。',
    en: "A branch secretary may only generate her own branch's report.",
  },
  noBranches: (period: string) => ({
    zh: `${period} 统计期内没有支部`,
    en: `No branch is reported in ${period}`,
  }),
};

/** The comparison table's columns: index and rank first, then the dimensions' headline metrics. */
const COMPARISON_COLUMNS: readonly TColumnKey[] = [
  'index',
  'rank',
  'complianceRate',
  'attendanceRate',
  'sessions',
  'formatCount',
  'workIntegrationRate',
  'sharingCoverage',
  'volunteerHoursPerMember',
  'projectsApproved',
  'awards',
];

const label = (key: TMetricKey | 'index' | 'rank') =>
  key === 'index' ? '综合指数' : key === 'rank' ? '排名' : (METRICS.find((m) => m.key === key)?.zh ?? key);

const formatKpi = (key: TOverviewKpiKey, value: number | null) =>
  key === 'index' ? formatNumber(value, 1) : formatMetricValue(key, value);

function deltaText(key: TOverviewKpiKey, delta: number | null): string {
  return key === 'index' ? formatDelta(delta, false) : formatDeltaValue(key, delta);
}

async function collegeName(db: DBOrTrx): Promise<string> {
  const committee = await db
    .selectFrom('units')
    .select('name')
    .where('kind', '=', 'committee')
    .orderBy('id')
    .executeTakeFirst();
  return committee?.name ?? '全院';
}

/** One branch's KPIs: the row's value, its goal, last year's value (value − delta) and the change. */
function branchKpis(row: TBranchMetricsRow): TReportKpi[] {
  const m = row.metrics;
  return OVERVIEW_KPI_KEYS.map((key) => {
    const value = key === 'index' ? m.index : m[key];
    const delta = key === 'index' ? null : m.delta[key];
    const goal = key === 'index' ? undefined : m.goals[key];
    return {
      label: label(key),
      value: formatKpi(key, value),
      goal: goal ? formatKpi(key, goal.target) : DASH,
      status: goal?.status ?? 'none',
      previous: value === null || delta === null ? DASH : formatKpi(key, value - delta),
      delta: deltaText(key, delta),
    };
  });
}

/** KPIs of a roll-up against the one a year earlier (no goals: a unit has none of its own). */
function rollupKpis(now: TRollupMetrics | null, before: TRollupMetrics | null): TReportKpi[] {
  return OVERVIEW_KPI_KEYS.map((key) => {
    const value = now ? (key === 'index' ? now.index : now[key]) : null;
    const prior = before && before.branches > 0 ? (key === 'index' ? before.index : before[key]) : null;
    return {
      label: label(key),
      value: formatKpi(key, value),
      goal: DASH,
      status: 'none',
      previous: formatKpi(key, prior),
      delta: deltaText(key, value === null || prior === null ? null : value - prior),
    };
  });
}

/**
 * Due, met and missed slots per requirement, read off the slot grid's own rows (pending is not due yet,
 * outside is never owed).
 */
function talliesOf(slots: Awaited<ReturnType<typeof listBranchSlots>>['slots']): TRequirementTally[] {
  const byType = new Map<string, TRequirementTally>();
  for (const s of slots) {
    if (s.status !== 'met' && s.status !== 'missed') continue;
    const t = byType.get(s.type) ?? { type: s.type, due: 0, met: 0, missed: [] };
    t.due += 1;
    if (s.status === 'met') t.met += 1;
    else t.missed.push(s.slot);
    byType.set(s.type, t);
  }
  return [...byType.values()];
}

/** Everything of one branch's section, from the same functions as the branch page's procedures. */
async function branchSection(
  db: DBOrTrx,
  scope: TMetricsScope,
  branchId: number,
  context: { branches: number; collegePerMember: number | null; isAlone: boolean },
): Promise<TBranchSection> {
  const range = { branchId, start: scope.start, asOf: scope.asOf, viewer: OPERATOR };
  const [detail, slots, profile, achievements] = await Promise.all([
    getBranchDetail(db, { scope, branchId }),
    listBranchSlots(db, { scope, branchId }),
    queryActivityProfile(db, range),
    listAchievementRecords(db, range),
  ]);
  const { row, monthly } = detail;
  const m = row.metrics;
  const year = scope.period.slice(0, 4);
  const narrative = [
    ...sentence(requirementClauses(talliesOf(slots.slots)), `${year} 年`),
    ...sentence([
      ...rateClause('组织生活完成率', m.complianceRate, m.delta.complianceRate),
      ...rateClause('党员出勤率', m.attendanceRate, m.delta.attendanceRate),
      ...volunteerClause(m.volunteerHoursPerMember, context.collegePerMember),
    ]),
    ...sentence([...indexClause(m.index, m.rank, context.branches), ...goalClauses(m.goals, m)]),
  ];
  const lang = 'zh';
  const chart = (title: string, option: Record<string, unknown>, height = 260) => ({
    title,
    chart: renderChartSvg(option, { width: 640, height }),
  });
  const hasGoals = Object.keys(m.goals).length > 0;
  return {
    code: row.branch.code,
    name: row.branch.name,
    parentName: row.branch.parentName,
    kpis: branchKpis(row),
    narrative,
    slotGrid: buildSlotGrid(slots.slots),
    backlog: (m.backlog ?? []).map((b) => `${REQUIREMENTS.byKey[b.type].zh} ${b.slot}`),
    profile,
    achievements,
    charts: [
      ...(hasGoals
        ? [
            chart(
              '目标达成',
              buildGoalBulletsOption(m.goals, m, { lang }),
              60 + 28 * Object.keys(m.goals).length,
            ),
          ]
        : []),
      // A branch's own report draws its formats and modules; the all-branch report states their counts
      // (the same numbers) and keeps two charts per branch, which halves its drawing time.
      ...(context.isAlone
        ? [
            chart('活动形式', buildFormatsOption(profile.formats, { lang })),
            chart('内容模块', buildModulesOption(profile.modules, { lang })),
          ]
        : []),
      chart('月度趋势', buildMonthlyTrendOption(monthly, { lang })),
    ],
  };
}

/** The branches the report is about, resolved from the target, with the viewer's right to them checked. */
async function resolveTarget(
  db: DBOrTrx,
  target: TReportTarget,
  viewer: TPolicyUser,
): Promise<{ unitName: string | null; branchId?: number; parentId?: number }> {
  if (target.kind === 'college') return { unitName: null };
  const unit = await db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('code', '=', target.code)
    .executeTakeFirst();
  if (target.kind === 'branch') {
    if (unit?.kind !== 'branch') throw new AppError('NOT_FOUND', MESSAGES.noBranch(target.code));
    if (!canSeeBranchMetrics(viewer, unit.id)) throw new AppError('FORBIDDEN', MESSAGES.ownBranchOnly);
    return { unitName: unit.name, branchId: unit.id };
  }
  if (!unit || unit.kind === 'branch') throw new AppError('NOT_FOUND', MESSAGES.noUnit(target.code));
  // The committee's report is the college's (every branch, not only those directly under it).
  return unit.kind === 'committee' ? { unitName: null } : { unitName: unit.name, parentId: unit.id };
}

/** The comparison table of the rows a viewer may see in full, the others by index and rank only. */
function comparisonOf(result: ReturnType<typeof visibleComparison>): TComparisonTable {
  const rows = [
    ...result.rows.map((r) => toCompareRow(r)),
    ...result.restricted.map((r) => toCompareRow(r)),
  ].sort((a, b) => (a.metrics.rank ?? Number.MAX_SAFE_INTEGER) - (b.metrics.rank ?? Number.MAX_SAFE_INTEGER));
  const cell = (key: TColumnKey, value: number | null) =>
    key === 'index' ? formatNumber(value, 1) : key === 'rank' ? formatNumber(value) : formatValue(key, value);
  const total = result.total;
  return {
    headers: ['支部', ...COMPARISON_COLUMNS.map((k) => label(k as TMetricKey | 'index' | 'rank'))],
    rows: rows.map((row) => ({
      cells: [row.branch.name, ...COMPARISON_COLUMNS.map((k) => cell(k, columnValue(row, k)))],
      statuses: [
        null,
        ...COMPARISON_COLUMNS.map((k) => row.metrics.goals?.[k as TMetricKey]?.status ?? null),
      ],
    })),
    total: total
      ? [
          `合计（${total.branches} 个支部）`,
          ...COMPARISON_COLUMNS.map((k) =>
            k === 'rank'
              ? ''
              : cell(k, k === 'index' ? total.index : (total[k as TMetricKey] as number | null)),
          ),
        ]
      : null,
  };
}

/**
 * The report's content for a period and a target as the viewer may see it. Throws AppError (NOT_FOUND,
 * FORBIDDEN) for an unknown code or a secretary asking for another branch.
 */
export async function buildReviewReport(
  db: DBOrTrx,
  { scope, target, viewer, generatedAt }: TReportRequest,
): Promise<TReviewReport> {
  const who = viewer ?? OPERATOR;
  const resolved = await resolveTarget(db, target, who);
  const college = await collegeName(db);
  const periodLabel = formatPeriod(scope.period, 'zh');
  const all = await getBranchMetrics(db, { scope });
  const collegePerMember = visibleComparison(who, all).total?.volunteerHoursPerMember ?? null;
  const branches = all.reported.length;
  const context = { branches, collegePerMember };
  const unit = resolved.unitName ?? college;
  const base = {
    title: `${unit}${periodLabel}党建工作评议报告`,
    college,
    unit,
    periodLabel,
    scope,
    generatedAt,
  };

  if (resolved.branchId !== undefined) {
    const section = await branchSection(db, scope, resolved.branchId, { ...context, isAlone: true });
    return {
      ...base,
      kpis: section.kpis,
      narrative: section.narrative,
      comparison: null,
      charts: [],
      sectionCount: 1,
      async *sections() {
        yield section;
      },
    };
  }

  const result =
    resolved.parentId === undefined
      ? all
      : await getBranchMetrics(db, { scope, parentId: resolved.parentId });
  if (result.rows.length === 0) throw new AppError('NOT_FOUND', MESSAGES.noBranches(scope.period));
  const visible = visibleComparison(who, result);
  const readable = readableBranchIds(who);
  const sectionIds = result.rows
    .map((r) => r.branch.id)
    .filter((id) => readable === 'all' || readable.includes(id));

  let kpis: TReportKpi[];
  let summary: string[];
  if (resolved.parentId === undefined) {
    const overview = await getOverviewKpis(db, { scope });
    kpis = overview.kpis.map((k) => ({
      label: label(k.key),
      value: formatKpi(k.key, k.value),
      goal: k.goal ? formatKpi(k.key, k.goal.target) : DASH,
      status: k.goal?.status ?? 'none',
      previous: formatKpi(k.key, k.previous),
      delta: deltaText(k.key, k.delta),
    }));
    const d = overview.distribution.byStatus;
    summary = [
      `按组织生活完成率目标：达成 ${d.met} 个支部，接近 ${d.near} 个，未达 ${d.behind} 个，未设目标 ${d.none} 个。`,
    ];
  } else {
    // A year earlier, the same set of branches (those of the unit then): the engine's range and roll-up.
    const before = await collegeRange(db, {
      start: shiftYearBack(scope.start),
      asOf: shiftYearBack(scope.asOf),
    });
    const positions: number[] = [];
    for (let i = 0; i < before.size; i++)
      if (before.branchAt(i).parentId === resolved.parentId) positions.push(i);
    kpis = rollupKpis(visible.total, visible.total ? rollupOfRange(before, positions) : null);
    summary = [];
  }
  const total = visible.total;
  const ranked = visible.rows
    .map((r) => ({ name: r.branch.name, index: r.metrics.index, rank: r.metrics.rank }))
    .concat(visible.restricted.map((r) => ({ name: r.branch.name, ...r.metrics })))
    .filter((r): r is { name: string; index: number; rank: number } => r.index !== null && r.rank !== null)
    .sort((a, b) => a.rank - b.rank);
  const year = scope.period.slice(0, 4);
  const narrative = [
    ...sentence(
      total
        ? [
            `${unit}共 ${total.branches} 个支部开展组织生活 ${formatNumber(total.sessions)} 次`,
            ...rateClause('组织生活完成率', total.complianceRate, null),
            ...rateClause('党员出勤率', total.attendanceRate, null),
            ...volunteerClause(total.volunteerHoursPerMember, null),
          ]
        : [`${unit}共 ${result.rows.length} 个支部参加评议`],
      `${year} 年`,
    ),
    ...summary,
    ...sentence(
      ranked.length >= 3
        ? [
            `综合指数前三：${ranked
              .slice(0, 3)
              .map((r) => `${r.name} ${formatNumber(r.index, 1)}`)
              .join('、')}`,
            `后三：${ranked
              .slice(-3)
              .reverse()
              .map((r) => `${r.name} ${formatNumber(r.index, 1)}`)
              .join('、')}`,
          ]
        : [],
    ),
  ];
  const compareRows = [...visible.rows, ...visible.restricted].map((r) => toCompareRow(r));
  const rankingHeight = Math.max(240, 60 + 18 * compareRows.length);
  return {
    ...base,
    kpis,
    narrative,
    comparison: comparisonOf(visible),
    charts:
      compareRows.length > 0 && compareRows.length <= 200
        ? [
            {
              title: '综合指数排名',
              chart: renderChartSvg(buildRankingOption(compareRows, { lang: 'zh', metric: 'index' }), {
                width: 640,
                height: Math.min(rankingHeight, 900),
              }),
            },
          ]
        : [],
    sectionCount: sectionIds.length,
    async *sections() {
      for (const id of sectionIds) yield await branchSection(db, scope, id, { ...context, isAlone: false });
    },
  };
}
