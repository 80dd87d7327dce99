/**
 * Pure helpers of the import preview and history: totals, the notice of a file that changes nothing,
 * updated rows as before → after lines and new rows as one line each, in the interface language.
 */
import { SHEET_KEYS, SHEETS, type TSheetKey } from '../../../../shared/import-format';
import { describeRowKey, fieldLabel, formatFieldValue } from '../../../../shared/import-rows';
import type { TLang } from '../../../../shared/lang';
import type {
  TImportPreviewResult,
  TPreviewRow,
  TUploadCounts,
} from '../../../../shared/schemas/import-upload';

export function totalCounts(counts: Record<TSheetKey, TUploadCounts>): TUploadCounts {
  const total = { inserted: 0, updated: 0, unchanged: 0 };
  for (const k of SHEET_KEYS) {
    total.inserted += counts[k].inserted;
    total.updated += counts[k].updated;
    total.unchanged += counts[k].unchanged;
  }
  return total;
}

/**
 * Why a clean file has nothing to confirm: only the template's example rows (`template`), or rows that
 * are all in the database already (`unchanged`); null when it changes something or has errors.
 */
export function noChangeReason(p: TImportPreviewResult): 'template' | 'unchanged' | null {
  if (!p.ok) return null;
  const total = totalCounts(p.counts);
  if (total.inserted + total.updated > 0) return null;
  return p.examplesSkipped > 0 && total.unchanged === 0 ? 'template' : 'unchanged';
}

/** The sheets a preview has rows of (the others stay out of the tabs). */
export function sheetsWithRows(p: TImportPreviewResult): TSheetKey[] {
  return SHEET_KEYS.filter((k) => {
    const c = p.counts[k];
    return c.inserted + c.updated + c.unchanged > 0;
  });
}

export interface TDiffLine {
  /** One row per changed field; `key` repeats for the row's first field only (`isFirst`). */
  id: string;
  key: string;
  isFirst: boolean;
  field: string;
  before: string;
  after: string;
}

/** Updated rows as one line per changed field: key, column, before → after. */
export function diffLinesOf(sheet: TSheetKey, rows: readonly TPreviewRow[], lang: TLang): TDiffLine[] {
  return rows.flatMap((row, i) => {
    const key = describeRowKey(sheet, row.key, lang);
    return Object.keys(row.after).map((field, j) => ({
      id: `${i}:${field}`,
      key,
      isFirst: j === 0,
      field: fieldLabel(sheet, field, lang),
      before: formatFieldValue(sheet, field, row.before?.[field], lang, row.key),
      after: formatFieldValue(sheet, field, row.after[field], lang, row.key),
    }));
  });
}

/** A new row: its key, and its main fields as `列名：值` pairs. */
export function insertLinesOf(
  sheet: TSheetKey,
  rows: readonly TPreviewRow[],
  lang: TLang,
): { id: string; key: string; fields: string }[] {
  const colon = lang === 'zh' ? '：' : ': ';
  return rows.map((row, i) => ({
    id: String(i),
    key: describeRowKey(sheet, row.key, lang),
    fields: Object.entries(row.after)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([f, v]) => `${fieldLabel(sheet, f, lang)}${colon}${formatFieldValue(sheet, f, v, lang, row.key)}`)
      .join(lang === 'zh' ? '；' : '; '),
  }));
}

/** `组织 新增 1 · 党员 更新 3` — the sheets an import changed, for the history list. */
export function countsSummary(
  counts: Record<TSheetKey, TUploadCounts>,
  lang: TLang,
  words: { inserted: string; updated: string },
): string {
  const parts = SHEET_KEYS.flatMap((k) => {
    const c = counts[k];
    const bits = [
      c.inserted > 0 ? `${words.inserted} ${c.inserted}` : '',
      c.updated > 0 ? `${words.updated} ${c.updated}` : '',
    ].filter(Boolean);
    return bits.length > 0 ? [`${SHEETS[k][lang]} ${bits.join(lang === 'zh' ? '，' : ', ')}`] : [];
  });
  return parts.join(' · ');
}
