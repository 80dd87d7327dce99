/**
 * What an import changed in rows that already existed, for the audit trail. Inserted rows are not
 * listed one by one (a first import is 400k rows): the import's summary row counts them per sheet.
 */
export type TChangedTable = 'units' | 'members' | 'activities' | 'achievements' | 'goals';

export interface TRowChange {
  table: TChangedTable;
  /** The row's natural key (import-format.md), e.g. `{ branch: 'XZ01', code: 'M001' }`. */
  key: Record<string, string | number>;
  /** The stored fields before and after; the audit keeps only those that differ. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}
