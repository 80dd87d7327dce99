/**
 * Limits that keep a bad upload from exhausting memory or time. The biggest real data set
 * (2,000 branches × 5 years ≈ 400k activity rows ≈ 80 MB of CSV) fits with room to spare.
 */
export const IMPORT_LIMITS = {
  /** XLSX is read into memory (zip); 50 MB compressed is several million cells. */
  maxXlsxBytes: 50 * 1024 * 1024,
  /**
   * What an .xlsx may unpack to. The declared sizes of the zip directory are checked before anything is
   * inflated, and the real bytes while inflating (a part that inflates past its declared size is refused
   * at once), so a small upload cannot unpack to gigabytes. Sizes that admit the biggest real workbooks:
   * the demo export of 345k activities is 169 MB of sheet XML (≈ 490 bytes a row with shared strings,
   * ≈ 580 inline) deflated 7.6× to 22 MB; a sheet holds at most Excel's 1,048,576 rows (≈ 600 MB), and
   * the 50 MB upload limit at that ratio admits ≈ 400 MB in all (≈ 1 GB if the data is very repetitive).
   * Twice that refuses only files no real export makes, and bounds the work of a crafted one (a 35 MB
   * upload that unpacked to 3.5 GB once ran the server out of memory).
   */
  maxXlsxUnpackedBytes: 2 * 1024 * 1024 * 1024,
  maxXlsxPartBytes: {
    /** One worksheet; sheets are parsed row by row as they inflate, never held whole. */
    sheet: 1024 * 1024 * 1024,
    /**
     * The shared string table is held in memory while the sheets are read. Distinct Chinese text deflates
     * 2–5× (the demo's table: 5.2 MB → 1 MB), so a 50 MB upload carries ≈ 150 MB of it at most.
     */
    sharedStrings: 256 * 1024 * 1024,
    /** Workbook, relationships, styles: a few kB, a few MB with thousands of cell formats. */
    other: 64 * 1024 * 1024,
  },
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
