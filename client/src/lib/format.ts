/** Number formatting shared by tables, cards and charts. `null` is shown as a dash, never as 0. */
import { collegeTimeZone } from '../../../shared/schemas/date';
import type { TGoalStatus } from '../../../shared/schemas/metrics';

export const DASH = '—';

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value == null ? DASH : `${(value * 100).toFixed(digits)}%`;
}

// One formatter per digit count: toLocaleString with options builds a new Intl.NumberFormat per call,
// which is most of the time of re-rendering a large grid.
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value == null) return DASH;
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}

/** A signed change: `+3.2` / `−1.0`; rates as percentage points (`+3.2pp`). */
export function formatDelta(value: number | null | undefined, isRate: boolean, digits = 1): string {
  if (value == null) return DASH;
  const shown = isRate ? value * 100 : value;
  const sign = shown > 0 ? '+' : shown < 0 ? '−' : '±';
  return `${sign}${Math.abs(shown).toFixed(digits)}${isRate ? 'pp' : ''}`;
}

/** Colours of goal status for marks (bars, pie slices, borders), visible on light and dark backgrounds. */
export const STATUS_COLORS: Record<TGoalStatus, string> = {
  met: '#389e0d',
  near: '#d48806',
  behind: '#cf1322',
  none: '#8c8c8c',
};

/**
 * Colours of goal status for text: a CSS variable per status that styles.css sets per theme, each at
 * least 4.5:1 against the page and card backgrounds (the mark colours above fall to ~3:1 as text).
 */
export const STATUS_TEXT_COLORS: Record<TGoalStatus, string> = {
  met: 'var(--status-met-text)',
  near: 'var(--status-near-text)',
  behind: 'var(--status-behind-text)',
  none: 'var(--status-none-text)',
};

/** A moment (epoch ms) as a clock time in the college's zone (the big screen's 更新于), whatever the browser's. */
export function formatCollegeClock(epochMs: number, lang: 'zh' | 'en'): string {
  return new Date(epochMs).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    hour12: false,
    timeZone: collegeTimeZone(),
  });
}

/** A moment (ISO timestamp) as a date and time in the college's zone (shared/schemas/date.ts), whatever the browser's. */
export function formatCollegeTime(iso: string, lang: 'zh' | 'en'): string {
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    hour12: false,
    timeZone: collegeTimeZone(),
  });
}
