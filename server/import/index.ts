export { IMPORT_AUDIT_TABLE, SYSTEM_IMPORT_ACTOR } from './audit-import';
export { type ImportOptions, importPath, importSources } from './import-sources';
export { IMPORT_LIMITS } from './limits';
export { formatProblem, problemHeader, problemReason, type TProblemCode } from './problems';
export { type ReadOptions, readImportBuffer, readImportSources } from './read-sources';
export type {
  ImportProblem,
  ImportReport,
  ImportSource,
  RawRow,
  TCell,
  TSheetCounts,
} from './types';
