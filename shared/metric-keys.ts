/**
 * Metric keys, labels and their kinds (docs: metrics.md), defined once for server, client and exports.
 */

export const METRICS = [
  { key: 'complianceRate', zh: '组织生活完成率', en: 'Compliance rate', kind: 'rate' },
  { key: 'attendanceRate', zh: '出勤率', en: 'Attendance rate', kind: 'rate' },
  { key: 'ritualRate', zh: '主题党日规定动作完成率', en: 'Theme-day ritual rate', kind: 'rate' },
  { key: 'sessions', zh: '组织生活次数', en: 'Sessions', kind: 'count' },
  { key: 'formatCount', zh: '活动形式数', en: 'Formats used', kind: 'level' },
  { key: 'formatEvenness', zh: '形式均衡度', en: 'Format evenness', kind: 'rate' },
  { key: 'workIntegrationRate', zh: '融合业务比例', en: 'Work integration rate', kind: 'rate' },
  { key: 'sharingCoverage', zh: '党员分享覆盖率', en: 'Member sharing coverage', kind: 'rate' },
  { key: 'moduleBalance', zh: '内容模块均衡度', en: 'Module balance', kind: 'rate' },
  { key: 'volunteerHours', zh: '志愿服务时长', en: 'Volunteer hours', kind: 'count' },
  { key: 'volunteerPersonTimes', zh: '志愿服务人次', en: 'Volunteer person-times', kind: 'count' },
  { key: 'volunteerHoursPerMember', zh: '人均志愿服务时长', en: 'Volunteer hours per member', kind: 'count' },
  { key: 'projectsApproved', zh: '获批项目数', en: 'Projects approved', kind: 'count' },
  { key: 'awards', zh: '荣誉表彰数', en: 'Awards', kind: 'count' },
  { key: 'proposalsAdopted', zh: '建议采纳数', en: 'Proposals adopted', kind: 'count' },
] as const;

export type TMetricKey = (typeof METRICS)[number]['key'];
export const METRIC_KEYS = METRICS.map((m) => m.key) as unknown as readonly [TMetricKey, ...TMetricKey[]];

/**
 * How a yearly goal applies to a shorter period (metrics.md "Goals and attainment"):
 * `rate` and `level` targets are used as they are; `count` targets scale by the days counted.
 */
export type TMetricKind = (typeof METRICS)[number]['kind'];
export const METRIC_KIND = Object.fromEntries(METRICS.map((m) => [m.key, m.kind])) as Record<
  TMetricKey,
  TMetricKind
>;

/** Metrics whose target is a share 0..1 (a goal above 1 needs a %, import-format.md). */
export const RATE_METRICS = METRICS.filter((m) => m.kind === 'rate').map((m) => m.key) as TMetricKey[];

/**
 * The largest yearly goal target accepted per metric (metrics.setGoal and the goals form, one schema:
 * shared/schemas/metrics.ts). A goal applies to each branch of its scope, so these are bounds for one
 * branch's year. Rates are shares (1 = 100 %); formatCount has 7 formats to use (domain.md); the others
 * are sanity bounds far above any real target, there to refuse typos and absurd values (1e308) before
 * they reach attainment and the index:
 * - sessions: the required frequencies come to about 46 sessions a year (domain.md); 1,000 is three a day;
 * - volunteerHours, volunteerPersonTimes: 100,000 — a large branch of 200 members, each serving 500 hours
 *   or on 500 occasions a year;
 * - volunteerHoursPerMember: 2,000 hours, a full working year;
 * - projectsApproved, awards, proposalsAdopted: 1,000 a year.
 */
export const GOAL_TARGET_MAX = {
  complianceRate: 1,
  attendanceRate: 1,
  ritualRate: 1,
  sessions: 1000,
  formatCount: 7,
  formatEvenness: 1,
  workIntegrationRate: 1,
  sharingCoverage: 1,
  moduleBalance: 1,
  volunteerHours: 100_000,
  volunteerPersonTimes: 100_000,
  volunteerHoursPerMember: 2000,
  projectsApproved: 1000,
  awards: 1000,
  proposalsAdopted: 1000,
} as const satisfies Record<TMetricKey, number>;

export const INDEX_LABEL = { zh: '综合指数', en: 'Composite index' } as const;

/** Default weights of the composite index; the organization department may change them. */
export const DEFAULT_WEIGHTS: Partial<Record<TMetricKey, number>> = {
  complianceRate: 30,
  attendanceRate: 10,
  ritualRate: 5,
  formatEvenness: 10,
  workIntegrationRate: 10,
  sharingCoverage: 10,
  moduleBalance: 5,
  volunteerHoursPerMember: 10,
  projectsApproved: 10,
};

/** Keys compared year over year (`delta`). */
export const DELTA_KEYS = [
  'sessions',
  'complianceRate',
  'attendanceRate',
  'ritualRate',
  'formatCount',
  'formatEvenness',
  'workIntegrationRate',
  'sharingCoverage',
  'moduleBalance',
  'volunteerHours',
  'volunteerPersonTimes',
  'volunteerHoursPerMember',
  'projectsApproved',
  'awards',
  'proposalsAdopted',
  'index',
] as const satisfies readonly (TMetricKey | 'index')[];

/** Resolves a metric key or its Chinese label (goals sheet). */
export function parseMetricKey(text: string): TMetricKey | undefined {
  const t = text.trim();
  return METRICS.find((m) => m.key === t || m.zh === t || m.key.toLowerCase() === t.toLowerCase())?.key;
}
