import type { Kysely } from 'kysely';

// Frozen in time: never import app code here.
//
// Active members of a range inside one calendar year are the year's roll-up count minus the members who
// joined after the range and those who left before it, within that year (server/metrics/queries/
// member-stats.ts). These indexes find those few membership rows by date instead of scanning all.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('members_joined_idx')
    .on('members')
    .columns(['joined_on', 'branch_id'])
    .execute();
  await db.schema.createIndex('members_left_idx').on('members').columns(['left_on', 'branch_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('members_left_idx').execute();
  await db.schema.dropIndex('members_joined_idx').execute();
}
