/**
 * Turns a typed row of an import-format sheet into the cells an export writes: enums as their
 * Chinese labels, lists joined with 、, yes/no as 是/否, blanks for null. Exports written this
 * way import again unchanged (import-format.md).
 */
import {
  ACHIEVEMENT_KINDS,
  ACTIVITY_TYPES,
  CATEGORIES,
  type EnumEntry,
  FORMATS,
  LEVELS,
  MEMBER_ROLES,
  MODULES,
  UNIT_KINDS,
} from '../../shared/domain';
import { LIST_JOINER, SHEETS, type TSheetKey } from '../../shared/import-format';
import type { TCsvValue } from './csv';

type TEnum = { byKey: Record<string, EnumEntry> };

/** The vocabulary of each enum or list column, by sheet and column key. */
export const SHEET_COLUMN_ENUMS: Record<TSheetKey, Record<string, TEnum>> = {
  units: { kind: UNIT_KINDS, category: CATEGORIES },
  members: { role: MEMBER_ROLES },
  activities: { type: ACTIVITY_TYPES, formats: FORMATS, modules: MODULES },
  achievements: { kind: ACHIEVEMENT_KINDS, level: LEVELS },
  goals: {},
};

export type TLanguage = 'zh' | 'en';

export function sheetHeader(sheet: TSheetKey, language: TLanguage = 'zh'): string[] {
  return SHEETS[sheet].columns.map((c) => (language === 'zh' ? c.zh : c.key));
}

function label(vocabulary: TEnum | undefined, value: string, language: TLanguage): string {
  const entry = vocabulary?.byKey[value];
  if (!entry) return value;
  return language === 'zh' ? entry.zh : entry.key;
}

/** The cells of one row in the sheet's column order; columns missing from `row` stay blank. */
export function toSheetCells(
  sheet: TSheetKey,
  row: Record<string, unknown>,
  language: TLanguage = 'zh',
): TCsvValue[] {
  const enums = SHEET_COLUMN_ENUMS[sheet];
  return SHEETS[sheet].columns.map((column) => {
    const value = row[column.key];
    if (value === null || value === undefined)
      return column.type === 'yesno' ? (language === 'zh' ? '否' : 'N') : null;
    if (column.type === 'yesno')
      return value === true || value === 1
        ? language === 'zh'
          ? '是'
          : 'Y'
        : language === 'zh'
          ? '否'
          : 'N';
    if (Array.isArray(value))
      return value.map((v) => label(enums[column.key], String(v), language)).join(LIST_JOINER);
    if (typeof value === 'number') return value;
    return label(enums[column.key], String(value), language);
  });
}
