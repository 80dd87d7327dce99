import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { isPostgres } from '../metrics/dialect';
import type { Database } from './database';
import { migrations } from './migrations';
import { DateAsTextPlugin } from './postgres/date-as-text';
import { postgresMigrations } from './postgres/migrations';

const provider: MigrationProvider = { getMigrations: async () => migrations };
const postgresProvider: MigrationProvider = { getMigrations: async () => postgresMigrations };

/** Brings the schema to the latest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = isPostgres(db)
    ? new Migrator({ db: db.withPlugin(new DateAsTextPlugin()), provider: postgresProvider })
    : new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(
      `数据库迁移失败 / migration failed${failed ? ` (${failed.migrationName})` : ''}: ${String(error)}`,
    );
  }
}
