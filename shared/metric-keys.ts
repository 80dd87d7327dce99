/**
 * Metric keys, labels and their kinds (docs: metrics.md), defined once for server, client and exports.
 */

/**
 * Every metric, described once (metrics.md "Labels", "Goals and attainment", "Year over year"):
 * - `kind`: how a yearly goal applies to a shorter period — `rate` and `level` targets are used as
 *   they are, `count` targets scale by the days counted;
 * - `additive`: a branch total that adds up over branches (sessions, hours, awards …): a `全部` or
 *   category goal of it is owed by each branch, so the college's total is compared with the sum of the
 *   branches' targets (overview) and a scope's actual per branch is its mean (goals page);
 * - `delta`: compared year over year (`delta` of a branch's row);
 * - `nullable`: whether the value can be null (a rate over an empty denominator), or is always a number;
 * - `goalMax`: the largest yearly goal target accepted (goals.set and the goals form, one
 *   schema: shared/schemas/metrics.ts). A goal applies to each branch of its scope, so these bound one
 *   branch's year. Rates are shares (1 = 100 %); formatCount has 7 formats (domain.md); the others are
 *   sanity bounds far above any real target, there to refuse typos and absurd values (1e308) before
 *   they reach attainment and the index: sessions 1,000 (the required frequencies come to about 46 a
 *   year; 1,000 is three a day); attendedPersonTimes, volunteerHours, volunteerPersonTimes 100,000 (a
 *   branch of 200 members, each 500 times or hours a year); volunteerHoursPerMember 2,000 hours (a
 *   full working year); projects, awards, proposals 1,000 a year.
 * - `group`: the dimension it belongs to (the comparison table's column groups);
 * - `display`: how a value is shown — percent, ratio (2 decimals), int, dec1, dec2.
 * How each value is computed from the roll-up sums is the server's half of the description
 * (server/metrics/formulas.ts), keyed by these keys: a metric without a formula does not compile.
 */
export const METRICS = [
  {
    key: 'complianceRate',
    zh: '组织生活完成率',
    en: 'Compliance rate',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: true,
    goalMax: 1,
    group: 'regularity',
    display: 'percent',
  },
  {
    key: 'attendanceRate',
    zh: '出勤率',
    en: 'Attendance rate',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: true,
    goalMax: 1,
    group: 'regularity',
    display: 'percent',
  },
  {
    key: 'ritualRate',
    zh: '主题党日规定动作完成率',
    en: 'Theme-day ritual rate',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: true,
    goalMax: 1,
    group: 'regularity',
    display: 'percent',
  },
  {
    key: 'sessions',
    zh: '组织生活次数',
    en: 'Sessions',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 1000,
    group: 'regularity',
    display: 'int',
  },
  {
    key: 'attendedPersonTimes',
    zh: '组织生活参与人次',
    en: 'Attendance (person-times)',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 100_000,
    group: 'regularity',
    display: 'int',
  },
  {
    key: 'formatCount',
    zh: '活动形式数',
    en: 'Formats used',
    kind: 'level',
    additive: false,
    delta: true,
    nullable: false,
    goalMax: 7,
    group: 'vividness',
    display: 'int',
  },
  {
    key: 'formatEvenness',
    zh: '形式均衡度',
    en: 'Format evenness',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: false,
    goalMax: 1,
    group: 'vividness',
    display: 'ratio',
  },
  {
    key: 'workIntegrationRate',
    zh: '融合业务比例',
    en: 'Work integration rate',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: true,
    goalMax: 1,
    group: 'integration',
    display: 'percent',
  },
  {
    key: 'sharingCoverage',
    zh: '党员分享覆盖率',
    en: 'Member sharing coverage',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: true,
    goalMax: 1,
    group: 'integration',
    display: 'percent',
  },
  {
    key: 'moduleBalance',
    zh: '内容模块均衡度',
    en: 'Module balance',
    kind: 'rate',
    additive: false,
    delta: true,
    nullable: false,
    goalMax: 1,
    group: 'modules',
    display: 'ratio',
  },
  {
    key: 'volunteerHours',
    zh: '志愿服务时长',
    en: 'Volunteer hours',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 100_000,
    group: 'results',
    display: 'dec1',
  },
  {
    key: 'volunteerPersonTimes',
    zh: '志愿服务人次',
    en: 'Volunteer person-times',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 100_000,
    group: 'results',
    display: 'int',
  },
  {
    key: 'volunteerHoursPerMember',
    zh: '人均志愿服务时长',
    en: 'Volunteer hours per member',
    kind: 'count',
    additive: false,
    delta: true,
    nullable: true,
    goalMax: 2000,
    group: 'results',
    display: 'dec2',
  },
  {
    key: 'projectsApproved',
    zh: '获批项目数',
    en: 'Projects approved',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 1000,
    group: 'results',
    display: 'int',
  },
  {
    key: 'awards',
    zh: '荣誉表彰数',
    en: 'Awards',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 1000,
    group: 'results',
    display: 'int',
  },
  {
    key: 'proposalsAdopted',
    zh: '建议采纳数',
    en: 'Proposals adopted',
    kind: 'count',
    additive: true,
    delta: true,
    nullable: false,
    goalMax: 1000,
    group: 'results',
    display: 'int',
  },
] as const;

type TMetricEntry = (typeof METRICS)[number];
export type TMetricKey = TMetricEntry['key'];
export const METRIC_KEYS = METRICS.map((m) => m.key) as unknown as readonly [TMetricKey, ...TMetricKey[]];

export type TMetricKind = TMetricEntry['kind'];
export type TMetricGroup = TMetricEntry['group'];
export type TMetricDisplay = TMetricEntry['display'];
export const METRIC_KIND = Object.fromEntries(METRICS.map((m) => [m.key, m.kind])) as Record<
  TMetricKey,
  TMetricKind
>;

/** Whether a metric is a branch total that adds up over branches (METRICS `additive`). */
export const IS_ADDITIVE = Object.fromEntries(METRICS.map((m) => [m.key, m.additive])) as Record<
  TMetricKey,
  boolean
>;

/** A metric's value as the API gives it: null where its description says it can be. */
export type TMetricValueOf<K extends TMetricKey> = Extract<TMetricEntry, { key: K }>['nullable'] extends false
  ? number
  : number | null;

/** Metrics whose target is a share 0..1 (a goal above 1 needs a %, import-format.md). */
export const RATE_METRICS = METRICS.filter((m) => m.kind === 'rate').map((m) => m.key) as TMetricKey[];

/** The largest yearly goal target accepted per metric (METRICS `goalMax`). */
export const GOAL_TARGET_MAX = Object.fromEntries(METRICS.map((m) => [m.key, m.goalMax])) as Record<
  TMetricKey,
  number
>;

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

/** Keys compared year over year (`delta`): the metrics with `delta`, in METRICS order, and the index. */
export type TDeltaKey = Extract<TMetricEntry, { delta: true }>['key'] | 'index';
export const DELTA_KEYS = [
  ...METRICS.filter((m) => m.delta).map((m) => m.key),
  'index',
] as readonly TDeltaKey[];

/** Resolves a metric key or its Chinese label (goals sheet). */
export function parseMetricKey(text: string): TMetricKey | undefined {
  const t = text.trim();
  return METRICS.find((m) => m.key === t || m.zh === t || m.key.toLowerCase() === t.toLowerCase())?.key;
}
