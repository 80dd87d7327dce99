export {
  type ImportOptions,
  type ImportPreview,
  importPath,
  importSources,
  previewPath,
} from './import-sources';
export { IMPORT_LIMITS } from './limits';
export { formatProblem, problemHeader, problemReason, type TProblemCode } from './problems';
export { type ReadOptions, readImportBuffer } from './read-sources';
export type {
  ImportProblem,
  ImportReport,
  ImportSource,
  RawRow,
  TCell,
  TSheetCounts,
} from './types';
export { undoImport } from './undo-import';
