/**
 * PostgreSQL for the server tests: a private cluster per test file (or describe block), started in
 * beforeAll and stopped in afterAll even when a test failed, and a fresh database per createDb() call —
 * the PostgreSQL counterpart of createTestDb's in-memory file.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import type { Database } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { type PostgresCluster, startPostgresCluster } from '../../server/db/postgres/cluster';

export interface TestPostgres {
  /** A new, empty database on the cluster migrated to latest; closed before the cluster stops. */
  createDb(): Promise<Kysely<Database>>;
  /** A new database as CREATE DATABASE leaves it, by URL (for a CLI run to open and migrate). */
  createDatabaseUrl(): Promise<string>;
}

const POOL_CLOSE_WAIT_MS = 15_000;

/** Registers the cluster's start and stop on the enclosing describe (call it at collection time). */
export function setUpTestPostgres(): TestPostgres {
  let cluster: PostgresCluster | undefined;
  const opened: Kysely<Database>[] = [];
  let databases = 0;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 180_000);

  afterAll(async () => {
    // Pools first: the server's end of an idle connection closing would be an 'error' on its pool. A
    // pool waits for its checked-out connections, so a query still pending (a test that timed out) must
    // not hold the cluster up: after a while the cluster stops anyway, which ends that query.
    const closed = Promise.allSettled(opened.map((db) => db.destroy()));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, POOL_CLOSE_WAIT_MS))]);
    await cluster?.stop();
  }, 180_000);

  const createDatabaseUrl = async () => {
    if (!cluster)
      throw new Error('setUpTestPostgres: the cluster is not running (call it in a test or hook)');
    databases += 1;
    const name = `test_${databases}`;
    await cluster.admin(`create database ${name}`);
    return cluster.url(name);
  };

  return {
    createDatabaseUrl,
    async createDb() {
      // Tracked before migrating, so a pool whose migration failed is closed too.
      const db = await openDatabase({ url: await createDatabaseUrl(), migrate: false });
      opened.push(db);
      await migrateToLatest(db);
      return db;
    },
  };
}
