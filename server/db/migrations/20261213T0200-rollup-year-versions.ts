import type { Kysely } from 'kysely';

// Frozen in time: never import app code here.
//
// `rollup_year_versions`: per calendar year, a number moved by refreshRollups whenever it rewrites
// roll-up rows of that year (a dirty month's day, month, quarter, year and ytd rows all lie in the
// month's year; rebuildRollups moves every year). The college sums' parts (one slot's or a few days'
// roll-up rows of the whole college, server/metrics/queries/college-sums.ts) are kept per part and
// its year's version across metrics versions, so an import of this year's sessions no longer drops
// the parts of earlier years. A year without a row has never been rewritten since (version 0).
// Anything that writes roll-up rows outside refreshRollups must move their years too.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rollup_year_versions')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup_year_versions').execute();
}
