/**
 * Turns a typed row of an import-format sheet into the cells an export writes: enums as their
 * Chinese labels, lists joined with 、, yes/no as 是/否, blanks for null. Exports written this
 * way import again unchanged (import-format.md).
 */
import { LIST_JOINER, SHEETS, type TColumnVocabulary, type TSheetKey } from '../../shared/import-format';
import type { TLang } from '../../shared/lang';
import type { TCsvValue } from './csv';

export function sheetHeader(sheet: TSheetKey, language: TLang = 'zh'): string[] {
  return SHEETS[sheet].columns.map((c) => (language === 'zh' ? c.zh : c.key));
}

function label(vocabulary: TColumnVocabulary | undefined, value: string, language: TLang): string {
  const entry = vocabulary?.byKey[value];
  if (!entry) return value;
  return language === 'zh' ? entry.zh : entry.key;
}

/** The cells of one row in the sheet's column order; columns missing from `row` stay blank. */
export function toSheetCells(
  sheet: TSheetKey,
  row: Record<string, unknown>,
  language: TLang = 'zh',
): TCsvValue[] {
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
      return value.map((v) => label(column.vocabulary, String(v), language)).join(LIST_JOINER);
    if (typeof value === 'number') return value;
    return label(column.vocabulary, String(value), language);
  });
}
