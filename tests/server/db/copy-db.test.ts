/**
 * `npm run cli -- copy-db --from <file> --to postgres://…`: a college's SQLite file (the mini fixture, an
 * account with a session, the year's weights, the audit trail) lands on PostgreSQL row for row, verified
 * by row counts and the year's metrics; new rows get fresh ids; a target holding data is refused
 * untouched; and the verification does see a difference.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../server/auth/sessions';
import { openDatabase } from '../../../server/db/connection';
import { copyDatabase, type TCopyVerification, verifyCopy } from '../../../server/db/copy-db';
import type { Database } from '../../../server/db/database';
import { callerFor } from '../../helpers/caller';
import { CLI_COMMAND, cliArgs, cliOnMiniFixture } from '../../helpers/cli';
import { setUpTestPostgres } from '../../helpers/postgres';
import { createTestUser } from '../../helpers/users';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The CLI in a process of its own, as an operator runs it. */
function copyDb(...args: string[]) {
  return spawnSync(CLI_COMMAND, cliArgs('copy-db', ...args), {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
}

const pg = setUpTestPostgres();
let mini: Awaited<ReturnType<typeof cliOnMiniFixture>>;
let file: string;

beforeAll(async () => {
  mini = await cliOnMiniFixture('copy-db-');
  file = join(mini.dir, 'cli.db');
  const db = await openDatabase({ url: file });
  const { user } = await createTestUser(db, { username: 'mover', role: 'admin' });
  await createSession(db, user.id);
  await callerFor(db, user).goals.setWeights({ year: 2025, weights: { ritualRate: 2 } });
  await db.destroy();
});

afterAll(() => mini?.remove());

describe('npm run cli -- copy-db', { timeout: 180_000 }, () => {
  let url: string;
  let target: Kysely<Database>;
  let source: Kysely<Database>;

  beforeAll(async () => {
    url = await pg.createDatabaseUrl();
  });

  afterAll(async () => {
    await source?.destroy();
    await target?.destroy();
  });

  it('copies every table and verifies counts and the year’s metrics', async () => {
    const result = copyDb('--from', file, '--to', url, '--today', '2025-12-31', '--json');
    expect(result.stderr).toContain('units');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as TCopyVerification;
    expect(report.isVerified).toBe(true);
    expect(report.metricDifferences).toEqual([]);
    // As of the last complete day before --today.
    expect(report).toMatchObject({ period: '2025', asOf: '2025-12-30' });
    expect(report.branches).toBe(5);
    const count = (table: string) => report.tables.find((t) => t.table === table);
    expect(count('units')).toEqual({ table: 'units', source: 14, target: 14 });
    expect(count('activities')).toEqual({ table: 'activities', source: 143, target: 143 });
    for (const table of ['users', 'sessions', 'audit_log', 'goals', 'metric_weights', 'import_runs']) {
      expect(count(table)?.target, table).toBeGreaterThan(0);
      expect(count(table)?.target, table).toBe(count(table)?.source);
    }
  });

  it('leaves a database that assigns new ids after the copied ones', async () => {
    target = await openDatabase({ url });
    source = await openDatabase({ url: file });
    const { user } = await createTestUser(target, { username: 'after-copy', role: 'admin' });
    const largest = await source
      .selectFrom('users')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    expect(user.id).toBe(Number(largest.id) + 1);
    const mover = await target
      .selectFrom('users')
      .select('username')
      .where('username', '=', 'mover')
      .execute();
    expect(mover).toHaveLength(1);
  });

  it('refuses a target that holds data, and writes nothing', async () => {
    const before = await target.selectFrom('users').select('id').execute();
    const result = copyDb('--from', file, '--to', url, '--lang', 'en');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('already holds data');
    expect(await target.selectFrom('users').select('id').execute()).toEqual(before);
  });

  it('reports a difference in the metrics and the counts', async () => {
    const copy = await pg.createDb();
    await copyDatabase(source, copy);
    expect((await verifyCopy(source, copy, '2025-12-31')).isVerified).toBe(true);
    await copy.deleteFrom('activities').where('held_on', '=', '2025-05-04').execute();
    const changed = await verifyCopy(source, copy, '2025-12-31');
    expect(changed.isVerified).toBe(false);
    expect(changed.metricDifferences.length).toBeGreaterThan(0);
    expect(changed.tables.find((t) => t.table === 'activities')?.target).toBeLessThan(143);
  });

  it('keeps nothing computed on the target before the copy, even where the version numbers agree', async () => {
    // A source migrated after its records were loaded has the versions a fresh database has (1, no
    // year rows); a server that had the empty target open computed its periods under those numbers.
    const sameFile = join(mini.dir, 'same-versions.db');
    await sql`vacuum into ${sameFile}`.execute(source);
    const same = await openDatabase({ url: sameFile });
    try {
      await sql`update setup_version set n = 1`.execute(same);
      await sql`update member_index_version set n = 1`.execute(same);
      await sql`delete from rollup_year_versions`.execute(same);
      const copy = await pg.createDb();
      expect((await verifyCopy(same, copy, '2025-12-31')).isVerified).toBe(false); // computed while empty
      await copyDatabase(same, copy);
      expect((await verifyCopy(same, copy, '2025-12-31')).metricDifferences).toEqual([]);
    } finally {
      await same.destroy();
    }
  });

  it('copies a source whose roll-ups are stale and leaves the target refreshed', async () => {
    // The target's triggers are off during the copy (its roll-ups come from the source): months the
    // source had marked stale must still be recomputed on the target.
    const staleFile = join(mini.dir, 'stale.db');
    await sql`vacuum into ${staleFile}`.execute(source);
    const stale = await openDatabase({ url: staleFile });
    try {
      await stale.deleteFrom('activities').where('held_on', '=', '2025-05-04').execute();
      const marks = (db: Kysely<Database>) =>
        db
          .selectFrom('rollup_dirty')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
      expect(Number((await marks(stale)).n)).toBeGreaterThan(0);
      const copy = await pg.createDb();
      await copyDatabase(stale, copy);
      expect(Number((await marks(copy)).n)).toBe(0);
      expect((await verifyCopy(stale, copy, '2025-12-31')).isVerified).toBe(true);
      // And it holds the stale source's numbers, not the original's.
      expect((await verifyCopy(source, copy, '2025-12-31')).metricDifferences.length).toBeGreaterThan(0);
    } finally {
      await stale.destroy();
    }
  });
});
