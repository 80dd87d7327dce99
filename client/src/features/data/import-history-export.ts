/**
 * 导入记录 to Excel / CSV (issue 12): every import the list holds for this user (an admin's every import, a
 * secretary's her own: the server narrows the list), newest first as listed, in the words the table
 * shows, with the rows added and changed as number cells beside the summary.
 */
import type { TImportHistoryEntry } from '../../../../shared/schemas/import-upload';
import { formatCollegeTime } from '../../lib/format';
import type { TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import type { TGridSheet } from '../../lib/table-export';
import { auditOperationLabel } from './audit-model';
import { DATA_MESSAGES } from './messages';
import { countsSummary, totalCounts } from './preview-model';

/** Entries per request while collecting an export (the history route's largest page). */
export const IMPORT_HISTORY_EXPORT_PAGE = 100;

type TDataKey = keyof (typeof DATA_MESSAGES)['zh'] & string;

function translator(lang: TLang) {
  return (key: TDataKey, params?: Record<string, string | number>) =>
    translateFrom(DATA_MESSAGES, lang, key, params);
}

/** Who imported: the account, or for the command line the operation it ran. */
export function importUserLabel(entry: TImportHistoryEntry, lang: TLang): string {
  return entry.isSystem
    ? translator(lang)('auditSystemUser', { name: auditOperationLabel(entry.procedure, lang) })
    : entry.username;
}

export function importHistorySheet(entries: readonly TImportHistoryEntry[], lang: TLang): TGridSheet {
  const m = translator(lang);
  const words = { inserted: m('colInserted'), updated: m('colUpdated') };
  return {
    columns: [
      { header: m('historyAt'), format: 'text', width: 20 },
      { header: m('historyUser'), format: 'text', width: 14 },
      { header: m('historyFile'), format: 'text', width: 30 },
      { header: m('historyCounts'), format: 'text', width: 40 },
      { header: m('colInserted'), format: 'int', width: 8 },
      { header: m('colUpdated'), format: 'int', width: 8 },
      { header: m('historyStatus'), format: 'text', width: 30 },
    ],
    rows: entries.map((entry) => {
      const totals = totalCounts(entry.counts);
      return [
        formatCollegeTime(entry.at, lang),
        importUserLabel(entry, lang),
        entry.fileName,
        countsSummary(entry.counts, lang, words),
        totals.inserted,
        totals.updated,
        entry.undoneAt
          ? m('historyUndone', { user: entry.undoneBy ?? '', time: formatCollegeTime(entry.undoneAt, lang) })
          : m('historyActive'),
      ];
    }),
    filters: [],
  };
}
