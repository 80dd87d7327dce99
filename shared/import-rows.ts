/**
 * Imported rows as people read them: a row's natural key (`XZ01 · 2025-03-15 · 主题党日 · 学习党史`), a
 * field's column header and a stored value in a language (enum keys as labels, 0/1 as 是/否, lists
 * joined). Used by the import preview and history on the page and by the undo's refusals on the server.
 */
import { ACHIEVEMENT_KINDS, ACTIVITY_TYPES, CATEGORIES, type TCategory } from './domain';
import { SHEETS, type TSheetKey } from './import-format';
import { joinList, type TLang } from './lang';
import { METRICS, RATE_METRICS, type TMetricKey } from './metric-keys';

const KEY_SEPARATOR = ' · ';
const YES_NO = { zh: ['是', '否'], en: ['Yes', 'No'] } as const;
/** An empty value (null, no list items). */
const EMPTY_VALUE = '—';

function metricLabel(metric: unknown, lang: TLang): string {
  return METRICS.find((m) => m.key === metric)?.[lang] ?? String(metric);
}

function scopeLabel(type: unknown, ref: unknown, lang: TLang): string {
  if (type === 'all') return lang === 'zh' ? '全部' : 'all';
  if (type === 'category') return CATEGORIES.byKey[ref as TCategory]?.[lang] ?? String(ref);
  return String(ref);
}

/** The natural key of a row, in the order of its sheet's key columns, enum keys as labels. */
export function describeRowKey(sheet: TSheetKey, key: Record<string, unknown>, lang: TLang): string {
  const parts: unknown[] = (() => {
    switch (sheet) {
      case 'units':
        return [key.code];
      case 'members':
        return [key.branch, key.code];
      case 'activities':
        return [
          key.branch,
          key.held_on,
          ACTIVITY_TYPES.byKey[key.type as keyof typeof ACTIVITY_TYPES.byKey]?.[lang] ?? key.type,
          key.title,
        ];
      case 'achievements':
        return [
          key.branch,
          key.achieved_on,
          ACHIEVEMENT_KINDS.byKey[key.kind as keyof typeof ACHIEVEMENT_KINDS.byKey]?.[lang] ?? key.kind,
          key.title,
        ];
      case 'goals':
        return [key.year, scopeLabel(key.scope_type, key.scope_ref, lang), metricLabel(key.metric, lang)];
    }
  })();
  return parts.map((p) => String(p ?? '')).join(KEY_SEPARATOR);
}

/** Stored field names that differ from their column's key (a record's `branch` is the 支部编号 column). */
const FIELD_COLUMNS: Record<string, string> = { branch: 'branch_code' };

/** The column header of a stored field (`established_on` → 成立日期); the field name when it has none. */
export function fieldLabel(sheet: TSheetKey, field: string, lang: TLang): string {
  const columnKey = FIELD_COLUMNS[field] ?? field;
  const column = SHEETS[sheet].columns.find((c) => c.key === columnKey);
  return column ? column[lang] : field;
}

function formatPercent(share: number): string {
  return `${Math.round(share * 10_000) / 100}%`;
}

/**
 * A stored value as its column shows it: enum keys as labels, 0/1 as 是/否, lists joined, a rate goal's
 * target as a percentage (`key` is the row's natural key, for the goal's metric).
 */
export function formatFieldValue(
  sheet: TSheetKey,
  field: string,
  value: unknown,
  lang: TLang,
  key: Record<string, unknown> = {},
): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  const column = SHEETS[sheet].columns.find((c) => c.key === field);
  if (sheet === 'goals' && field === 'target' && typeof value === 'number') {
    return RATE_METRICS.includes(key.metric as TMetricKey) ? formatPercent(value) : String(value);
  }
  if (!column) return Array.isArray(value) ? joinList(value.map(String), lang) : String(value);
  const label = (item: unknown) => {
    const entry = column.vocabulary?.byKey[String(item)];
    return entry ? entry[lang] : String(item);
  };
  switch (column.type) {
    case 'yesno':
      return value === 1 || value === true ? YES_NO[lang][0] : YES_NO[lang][1];
    case 'enum':
      return label(value);
    case 'list':
      if (!Array.isArray(value)) return String(value);
      return value.length === 0 ? EMPTY_VALUE : joinList(value.map(label), lang);
    default:
      return String(value);
  }
}
