import type { Kysely } from 'kysely';
import { describe } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import type { Database } from '../../server/db/database';
import { setUpTestPostgres } from './postgres';

/** A fresh in-memory database migrated to latest: one per test (file), never shared. */
export function createTestDb(): Promise<Kysely<Database>> {
  return openDatabase({ url: ':memory:' });
}

export type TTestBackend = 'sqlite' | 'postgres';

/**
 * The same tests on both backends: `body` runs inside `describe('<title> (sqlite)')` and
 * `describe('<title> (postgres)')`, and its `createDb` opens a fresh migrated database on that backend
 * (PostgreSQL: a private cluster for the block, tests/helpers/postgres.ts).
 */
export function describeOnBothBackends(
  title: string,
  body: (createDb: () => Promise<Kysely<Database>>, backend: TTestBackend) => void,
): void {
  describe(`${title} (sqlite)`, () => body(createTestDb, 'sqlite'));
  // A generous timeout: PostgreSQL runs on the same busy 2-core machine as every other test.
  describe(`${title} (postgres)`, { timeout: 120_000 }, () => {
    const postgres = setUpTestPostgres();
    body(() => postgres.createDb(), 'postgres');
  });
}
