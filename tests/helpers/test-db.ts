import type { Kysely } from 'kysely';
import { openDatabase } from '../../server/db/connection';
import type { Database } from '../../server/db/database';

/** A fresh in-memory database migrated to latest: one per test (file), never shared. */
export function createTestDb(): Promise<Kysely<Database>> {
  return openDatabase({ url: ':memory:' });
}
