import type { Generated, Selectable } from 'kysely';

/**
 * One import that changed data (migration 20261210T0100), for the import history and its undo
 * (server/import/import-runs.ts, undo-import.ts). JSON columns are text; times ISO-8601 UTC.
 */
export interface ImportRunTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string;
  procedure: string;
  file_name: string;
  /** `Record<TSheetKey, { inserted, updated, unchanged }>` as JSON. */
  counts: string;
  /** `Record<TSheetKey, [firstId, lastId] | null>` as JSON: the ids the import's new rows got. */
  inserted_ids: string;
  /** audit_log ids: the import's summary row … its last before/after row. */
  audit_from: number;
  audit_to: number;
  undone_at: string | null;
  undone_by_id: number | null;
  undone_by: string | null;
  undo_audit_from: number | null;
  undo_audit_to: number | null;
}
export type ImportRunRow = Selectable<ImportRunTable>;
