/**
 * The import API (server/http/import-route.ts) for the data page: an upload answers a preview, nothing is
 * written until it is confirmed; committed imports are listed in the history and can be undone.
 */
import type { TSheetKey } from '../import-format';

/** POST (the file as the body): checks the file and answers a preview (TImportPreviewResult); writes nothing. */
export const IMPORT_UPLOAD_PATH = '/api/import';
/** POST `{ previewId }`: applies exactly that preview (TImportCommitResult), refused if the data changed. */
export const IMPORT_COMMIT_PATH = '/api/import/commit';
/** POST `{ importId }`: undoes a committed import (TImportUndoResult), refused if later changes touched its rows. */
export const IMPORT_UNDO_PATH = '/api/import/undo';
/** GET `?limit=&offset=`: the committed imports, newest first (TImportHistoryResult). */
export const IMPORT_HISTORY_PATH = '/api/import/history';
export const IMPORT_TEMPLATE_PATH = '/api/import/template.xlsx';
/** GET: the import running now, if any (admins), for the upload's progress display. */
export const IMPORT_PROGRESS_PATH = '/api/import/progress';

/** The stages of a running import, in order. */
export const IMPORT_STAGES = ['reading', 'checking', 'writing', 'refreshing'] as const;
export type TImportStageKey = (typeof IMPORT_STAGES)[number];

/** What the import worker is doing: checking an upload (preview), writing it (commit), undoing one. */
export type TImportJobKind = 'preview' | 'commit' | 'undo';

/** What GET /api/import/progress answers. */
export interface TImportProgressResult {
  running: {
    kind: TImportJobKind;
    fileName: string;
    stage: TImportStageKey;
    startedAt: string;
    isOwn: boolean;
  } | null;
}

export interface TUploadCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** One problem, already in the caller's language. */
export interface TUploadProblem {
  /** The sheet's label (组织生活 / Activities), or null for a problem with the whole file. */
  sheet: string | null;
  /** The row number as Excel shows it. */
  row: number | null;
  /** The column header. */
  column: string | null;
  value: string | null;
  /** What is wrong (不是整数). */
  reason: string;
  /** The whole line as the CLI prints it (组织生活 第12行 「实到人数」 值 "二十" 不是整数). */
  message: string;
}

export interface TImportUploadResult {
  ok: boolean;
  fileName: string;
  /** Per sheet; all zero when nothing was imported. */
  counts: Record<TSheetKey, TUploadCounts>;
  errors: TUploadProblem[];
  warnings: TUploadProblem[];
}

/**
 * One row of a preview: its natural key as the audit trail writes it (`{ code }`, `{ branch, code }`,
 * `{ branch, held_on, type, title }` …) and, for an update, the fields that change (before → after); for
 * an insert `before` is null and `after` holds the new row's main fields. Values are as stored (enum keys,
 * 0/1, sorted lists); shared/import-rows.ts shows them in a language.
 */
export interface TPreviewRow {
  key: Record<string, string | number>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** The rows of one sheet a preview lists (at most `listLimit` of each; the counts give the totals). */
export interface TPreviewSheet {
  inserts: TPreviewRow[];
  updates: TPreviewRow[];
}

/** What POST /api/import answers: what the file would change, and every problem; nothing is written. */
export interface TImportPreviewResult extends TImportUploadResult {
  /** To confirm with (POST /api/import/commit); null when the file has errors or would change nothing. */
  previewId: string | null;
  /** Per sheet; all zero when the file has errors. */
  sheets: Record<TSheetKey, TPreviewSheet>;
  /** The most inserts and updates listed per sheet. */
  listLimit: number;
  /** Example rows of the template (codes starting with 示例) that were skipped. */
  examplesSkipped: number;
  /** When the preview can no longer be confirmed (ISO time), or null. */
  expiresAt: string | null;
}

/** What POST /api/import/commit answers: the import done, as previewed. */
export interface TImportCommitResult {
  ok: true;
  /** The history entry (undo with it); null when nothing changed. */
  importId: number | null;
  fileName: string;
  counts: Record<TSheetKey, TUploadCounts>;
}

/** What POST /api/import/undo answers: rows of the import deleted (its inserts) and restored (its updates). */
export interface TImportUndoResult {
  ok: true;
  importId: number;
  fileName: string;
  deleted: Record<TSheetKey, number>;
  restored: Record<TSheetKey, number>;
}

/** One committed import of the history. */
export interface TImportHistoryEntry {
  id: number;
  /** ISO time of the commit. */
  at: string;
  /** The account, or `system` for the command line. */
  username: string;
  isSystem: boolean;
  procedure: string;
  fileName: string;
  counts: Record<TSheetKey, TUploadCounts>;
  undoneAt: string | null;
  undoneBy: string | null;
}

export interface TImportHistoryResult {
  rows: TImportHistoryEntry[];
  total: number;
}
