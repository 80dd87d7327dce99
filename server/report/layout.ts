/**
 * The words and colours the three formats share (PDF, Word, slides), so the documents read alike: table
 * headers, the cover's lines, goal-status fills, slot marks, the formats-and-modules lines and the
 * achievement rows.
 */

import { formatNumber } from '../../client/src/lib/format';
import { ACHIEVEMENT_KINDS, FORMATS, LEVELS, MODULES } from '../../shared/domain';
import { collegeTimeZone } from '../../shared/schemas/date';
import type { TGoalStatus } from '../../shared/schemas/metrics';
import type { TSlotStatus } from '../../shared/schemas/records';
import type { TAchievementRecord, TActivityProfile } from '../db/queries/records';
import type { TReviewReport } from './model';

export const KPI_HEADERS = ['指标', '本期', '目标', '上年同期', '同比变化', '目标状态'];

/** Light fills by goal status (readable black text on each; white where there is no goal). */
export const STATUS_FILLS: Record<TGoalStatus, string | null> = {
  met: '#d9f7be',
  near: '#fff1b8',
  behind: '#ffccc7',
  none: null,
};

export const STATUS_WORDS: Record<TGoalStatus, string> = {
  met: '达成',
  near: '接近',
  behind: '未达',
  none: '—',
};

const SLOT_FILLS: Record<TSlotStatus, string | null> = {
  met: STATUS_FILLS.met,
  missed: STATUS_FILLS.behind,
  pending: null,
  outside: '#f0f0f0',
};

/** A slot cell's fill: met green, missed red, pending none, outside the branch's existence grey. */
export function slotFill(status: TSlotStatus): string | null {
  return SLOT_FILLS[status];
}

export const SLOT_MARKS: Record<TSlotStatus, string> = { met: '√', missed: '×', pending: '·', outside: '/' };

/**
 * The totals under the grid. Slots outside the branch's existence (founded or dissolved inside the
 * period) are named apart — never owed, so not among the 未到期 — and only when there are any.
 */
export function slotTotalsLine(t: Record<TSlotStatus, number>): string {
  const counts = `完成 ${t.met} 个时段，未完成 ${t.missed} 个，未到期 ${t.pending} 个`;
  return t.outside > 0
    ? `${counts}，不在存续期 ${t.outside} 个，不计应完成（√ 完成 × 未完成 · 未到期 / 不在存续期）。`
    : `${counts}（√ 完成 × 未完成 · 未到期）。`;
}

/** `2025-12-31 18:05`: an instant on the college's clock (its time zone, not the server's). */
export function generatedAtText(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: collegeTimeZone(),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function coverLines(report: TReviewReport): string[] {
  return [
    `学院：${report.college}`,
    `单位：${report.unit}`,
    `统计期间：${report.periodLabel}（${report.scope.start} 至 ${report.scope.asOf}）`,
    `统计截至：${report.scope.asOf}`,
    `生成时间：${generatedAtText(report.generatedAt)}`,
  ];
}

/** `学习文字资料 3 次、观看视频 2 次…` and `党性锤炼 4 次…`: the counts behind the two charts. */
export function FORMAT_MODULE_LINES(profile: Pick<TActivityProfile, 'formats' | 'modules'>): string[] {
  const formats = FORMATS.entries.map((f) => `${f.zh} ${profile.formats[f.key]} 次`).join('、');
  const modules = MODULES.entries.map((m) => `${m.zh} ${profile.modules[m.key]} 次`).join('、');
  return [`活动形式：${formats}。`, `内容模块：${modules}。`];
}

export const ACHIEVEMENT_COLUMNS = [
  { header: '日期', width: 2 },
  { header: '类别', width: 2 },
  { header: '名称', width: 6 },
  { header: '级别', width: 1.5 },
  { header: '时长（小时）', width: 1.8 },
  { header: '人次', width: 1.4 },
] as const;

export function achievementCells(a: TAchievementRecord): string[] {
  return [
    a.achievedOn,
    ACHIEVEMENT_KINDS.byKey[a.kind].zh,
    a.title,
    a.level ? LEVELS.byKey[a.level].zh : '',
    a.hours === null ? '' : formatNumber(a.hours, 1),
    a.participants === null ? '' : formatNumber(a.participants),
  ];
}
