/**
 * 操作日志 to Excel / CSV (issue 12): every entry the filters select (not only the page in view), newest
 * first as listed, one row per entry with the same words the table shows (lib/table-export.ts's sheet;
 * the file is written by components/table-export-button.tsx).
 */
import type { TAuditEntry, TAuditFilter } from '../../lib/api-types';
import { formatCollegeTime } from '../../lib/format';
import type { TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { collectPages, type TGridSheet } from '../../lib/table-export';
import { auditChangeText, auditTableLabel, describeAuditEntry, type TAuditFilterState } from './audit-model';
import { DATA_MESSAGES } from './messages';

/** Entries per request while collecting an export (the API's largest page). */
export const AUDIT_EXPORT_PAGE = 500;

const ACTION_KEYS = {
  insert: 'actionInsert',
  update: 'actionUpdate',
  delete: 'actionDelete',
  import: 'actionImport',
} as const;

export function auditSheet(entries: readonly TAuditEntry[], lang: TLang): TGridSheet {
  const m = (key: keyof (typeof DATA_MESSAGES)['zh'] & string, params?: Record<string, string | number>) =>
    translateFrom(DATA_MESSAGES, lang, key, params);
  return {
    columns: [
      { header: m('auditAt'), format: 'text', width: 20 },
      { header: m('auditUser'), format: 'text', width: 14 },
      { header: m('auditProcedure'), format: 'text', width: 18 },
      { header: m('auditAction'), format: 'text', width: 8 },
      { header: m('auditTable'), format: 'text', width: 10 },
      { header: m('auditRow'), format: 'text', width: 30 },
      { header: m('auditChanges'), format: 'text', width: 60 },
    ],
    rows: entries.map((entry) => {
      const view = describeAuditEntry(entry, lang);
      return [
        formatCollegeTime(entry.at, lang),
        entry.userId === null ? m('auditSystemUser', { name: entry.username }) : entry.username,
        view.operation,
        m(ACTION_KEYS[entry.action]),
        view.table,
        view.record,
        view.changes.map((change) => auditChangeText(change, lang)).join('\n'),
      ];
    }),
    filters: [],
  };
}

/** The list's filters in words, for the export's header block. */
export function auditFilterWords(filter: TAuditFilterState, lang: TLang): string[] {
  const m = (key: 'auditUser' | 'auditTable' | 'auditAt') => translateFrom(DATA_MESSAGES, lang, key);
  return [
    ...(filter.username ? [`${m('auditUser')} ${filter.username}`] : []),
    ...(filter.table ? [`${m('auditTable')} ${auditTableLabel(filter.table, lang)}`] : []),
    ...(filter.from || filter.to ? [`${m('auditAt')} ${filter.from ?? '…'}–${filter.to ?? '…'}`] : []),
  ];
}

/** Every entry the filter selects, page after page of the API's largest size. */
export function collectAuditEntries(
  input: TAuditFilter,
  list: (input: TAuditFilter) => Promise<{ rows: TAuditEntry[]; total: number }>,
): Promise<TAuditEntry[]> {
  return collectPages((page) => list({ ...input, ...page }), AUDIT_EXPORT_PAGE);
}
