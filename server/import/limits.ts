/**
 * Limits that keep a bad upload from exhausting memory or time. The biggest real data set
 * (2,000 branches × 5 years ≈ 400k activity rows ≈ 80 MB of CSV) fits with room to spare.
 */
export const IMPORT_LIMITS = {
  /** XLSX is read into memory (zip); 50 MB compressed is several million cells. */
  maxXlsxBytes: 50 * 1024 * 1024,
  /** CSV streams, so it may be larger. */
  maxCsvBytes: 300 * 1024 * 1024,
  /** Rows per sheet; beyond this the import stops with an error. */
  maxRowsPerSheet: 2_000_000,
  /** One CSV record (a runaway quote would otherwise swallow the whole file). */
  maxCsvRecordBytes: 1024 * 1024,
  /** Errors kept for the report; the rest are counted. */
  maxErrors: 1000,
  maxWarnings: 200,
} as const;
