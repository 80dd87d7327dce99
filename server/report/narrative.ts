/**
 * The report's narrative: short sentences of fact in Chinese, written by rules from numbers the metrics
 * engine has already computed (nothing is counted here). Pure functions, unit-tested; the 组织部 edits the
 * result in the Word file, not here.
 */

import { formatMetricValue } from '../../client/src/features/branch-detail/chart-options';
import { formatDelta, formatNumber, formatPercent } from '../../client/src/lib/format';
import { REQUIREMENTS, type TRequirement } from '../../shared/domain';
import { METRICS, type TMetricKey } from '../../shared/metric-keys';
import type { TGoalResult } from '../../shared/schemas/metrics';

/** How a requirement is done: meetings are held (召开), lectures given (讲), days and appraisals run (开展). */
const VERBS: Record<TRequirement, string> = {
  general_meeting: '召开',
  committee_meeting: '召开',
  group_meeting: '召开',
  party_lecture: '讲',
  theme_day: '开展',
  org_life_meeting: '召开',
  democratic_appraisal: '开展',
  secretary_lecture: '讲',
};

/** One requirement's counted slots: due = met + missed (pending: not due yet; outside: never owed). */
export interface TRequirementTally {
  type: TRequirement;
  due: number;
  met: number;
  /** Labels of the missed slots (`2025-07`, `2025-Q3`, `2025`). */
  missed: string[];
}

/** `7 月`, `第 3 季度`, `全年`: a slot in words, within a sentence that already names the year. */
export function slotInWords(slot: string): string {
  const month = /^\d{4}-(\d{2})$/.exec(slot);
  if (month) return `${Number(month[1])} 月`;
  const quarter = /^\d{4}-Q(\d)$/.exec(slot);
  if (quarter) return `第 ${quarter[1]} 季度`;
  return '全年';
}

/**
 * `应召开支部党员大会 4 次，实际召开 4 次` / `主题党日应开展 12 次，完成 11 次，7 月未开展`: one clause per
 * requirement with a due slot, in REQUIREMENTS order.
 */
export function requirementClauses(tallies: readonly TRequirementTally[]): string[] {
  return REQUIREMENTS.keys.flatMap((type) => {
    const t = tallies.find((x) => x.type === type);
    if (!t || t.due === 0) return [];
    const verb = VERBS[type];
    const label = REQUIREMENTS.byKey[type].zh;
    if (t.met >= t.due) return [`应${verb}${label} ${t.due} 次，实际${verb} ${t.met} 次`];
    const missed = t.missed.map(slotInWords).join('、');
    return [`${label}应${verb} ${t.due} 次，完成 ${t.met} 次，${missed}未${verb}`];
  });
}

/** `高于` / `低于` / `持平于` a comparison value (equal when both show the same digits). */
function comparedWith(value: number, other: number, digits: number): string {
  const a = value.toFixed(digits);
  const b = other.toFixed(digits);
  if (a === b) return '持平于';
  return value > other ? '高于' : '低于';
}

/** `志愿服务人均 6.3 小时，高于全院平均 4.6 小时` (nothing when either is unknown). */
export function volunteerClause(perMember: number | null, collegePerMember: number | null): string[] {
  if (perMember === null) return [];
  const own = `志愿服务人均 ${formatNumber(perMember, 1)} 小时`;
  if (collegePerMember === null) return [own];
  return [
    `${own}，${comparedWith(perMember, collegePerMember, 1)}全院平均 ${formatNumber(collegePerMember, 1)} 小时`,
  ];
}

/** `出勤率 92.0%，较上年同期 +3.0 个百分点` (the delta only when there is one). */
export function rateClause(label: string, value: number | null, delta: number | null): string[] {
  if (value === null) return [];
  if (delta === null) return [`${label} ${formatPercent(value)}`];
  const shown = formatDelta(delta, true).replace('pp', ' 个百分点');
  return [`${label} ${formatPercent(value)}，较上年同期 ${shown}`];
}

/** `设定目标 8 项，达成 6 项；出勤率未达目标（实际 85.0%，目标 90.0%）`. */
export function goalClauses(
  goals: Partial<Record<TMetricKey, TGoalResult>>,
  values: Partial<Record<TMetricKey, number | null | unknown>>,
): string[] {
  const set = METRICS.filter((m) => goals[m.key]);
  if (set.length === 0) return [];
  const met = set.filter((m) => goals[m.key]?.status === 'met');
  const clauses = [`设定目标 ${set.length} 项，达成 ${met.length} 项`];
  for (const m of set) {
    const goal = goals[m.key];
    if (!goal || goal.status === 'met') continue;
    const raw = values[m.key];
    const actual = typeof raw === 'number' ? raw : null;
    clauses.push(
      `${m.zh}未达目标（实际 ${formatMetricValue(m.key, actual)}，目标 ${formatMetricValue(m.key, goal.target)}）`,
    );
  }
  return clauses;
}

/** `综合指数 87.5，全院排名第 3（共 40 个支部）`. */
export function indexClause(index: number | null, rank: number | null, branches: number): string[] {
  if (index === null) return [];
  const ranked = rank === null ? '' : `，全院排名第 ${rank}（共 ${branches} 个支部）`;
  return [`综合指数 ${formatNumber(index, 1)}${ranked}`];
}

/** Clauses joined into one sentence: `；` between them, `。` at the end; empty when there are none. */
export function sentence(clauses: readonly string[], lead = ''): string[] {
  return clauses.length === 0 ? [] : [`${lead}${clauses.join('；')}。`];
}
