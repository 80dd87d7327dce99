/** Facts about the database itself; `demo_college` marks a database loaded with the generated demo. */
export interface AppMetaTable {
  key: string;
  value: string;
}

/**
 * One row (id 1): `n` moves on every write to the data the metrics read (triggers, migration
 * 20261206T1000). `metrics_version` has the same shape and moves only when a value the metrics read
 * changes (migration 20261212T0100); `member_index_version` only when what the member index is built
 * from changes (migration 20261213T0100).
 */
export interface DataVersionTable {
  id: number;
  n: number;
}

/** Per calendar year, moved by refreshRollups when it rewrites that year's roll-up rows (migration 20261213T0200). */
export interface RollupYearVersionTable {
  year: number;
  n: number;
}
