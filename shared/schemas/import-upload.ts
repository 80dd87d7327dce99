/** What POST /api/import answers (server/http/import-route.ts), for the data page's import tab. */
import type { TSheetKey } from '../import-format';

export const IMPORT_UPLOAD_PATH = '/api/import';
export const IMPORT_TEMPLATE_PATH = '/api/import/template.xlsx';
/** GET: the import running now, if any (admins), for the upload's progress display. */
export const IMPORT_PROGRESS_PATH = '/api/import/progress';

/** The stages of a running import, in order. */
export const IMPORT_STAGES = ['reading', 'checking', 'writing', 'refreshing'] as const;
export type TImportStageKey = (typeof IMPORT_STAGES)[number];

/** What GET /api/import/progress answers. */
export interface TImportProgressResult {
  running: { fileName: string; stage: TImportStageKey; startedAt: string; isOwn: boolean } | null;
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
