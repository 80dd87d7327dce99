import type { TSheetKey } from '../../shared/import-format';
import type { TProblemCode } from './problems';

/** One cell as a reader hands it over: CSV gives text, XLSX also numbers, booleans and dates. */
export type TCell = string | number | boolean | Date | null;

/** One spreadsheet row with its row number as Excel shows it (the header is usually row 1). */
export interface RawRow {
  row: number;
  cells: TCell[];
}

/**
 * One sheet to import. `rows` is read once and may stream (a CSV on disk is parsed while it is
 * read); a reader that meets a broken file throws `ImportFileError` from the iteration.
 * A file that could not be read at all is a source with `sheet: null` and its `errors`;
 * `importSources` reports them, so readers never throw for bad input.
 */
export interface ImportSource {
  sheet: TSheetKey | null;
  /** Where it came from, for messages: a file name, or `book.xlsx#组织`. */
  origin: string;
  rows: () => AsyncIterable<RawRow> | Iterable<RawRow>;
  errors?: ImportProblem[];
  warnings?: ImportProblem[];
}

export interface ImportProblem {
  code: TProblemCode;
  sheet?: TSheetKey;
  /** File name, for problems with a whole file. */
  file?: string;
  row?: number;
  /** Column key of shared/import-format.ts (rendered as its header in the chosen language). */
  column?: string;
  /** A header as written in the file (unknown or duplicate columns). */
  header?: string;
  value?: string;
  /** Extra facts the message needs (a limit, the first row of a duplicate, a code). */
  params?: Record<string, string | number>;
}

export interface TSheetCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Where a running import is: reading the file, checking every row, writing, refreshing the roll-ups. */
export type { TImportStageKey as TImportStage } from '../../shared/schemas/import-upload';

export interface ImportReport {
  ok: boolean;
  errors: ImportProblem[];
  warnings: ImportProblem[];
  counts: Record<TSheetKey, TSheetCounts>;
  /** Example rows of the template (codes starting with 示例) that were skipped. */
  examplesSkipped: number;
  /** The import's history entry (import_runs, for an undo); null when it wrote nothing. */
  importId: number | null;
}

/** A file that cannot be read as a spreadsheet at all; carries the problem to report. */
export class ImportFileError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.code);
    this.name = 'ImportFileError';
  }
}
