import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoUsers } from '../../../server/auth/demo-users';
import { openDatabase } from '../../../server/db/connection';
import { importPath } from '../../../server/import';
import { ROOT } from './client-build';

interface TFixtureOptions {
  /** The demo accounts (admin / leader / secretary of XZ01) too. */
  withDemoUsers?: boolean;
}

/**
 * The mini fixture imported with the real import engine (the path a user takes) into the database of
 * `url` — a SQLite file or an empty PostgreSQL database — and optionally the demo accounts.
 */
export async function seedMiniFixture(url: string, opts: TFixtureOptions = {}): Promise<void> {
  const db = await openDatabase({ url });
  try {
    const report = await importPath(db, join(ROOT, 'tests/fixtures/mini'), { lang: 'zh' });
    if (!report.ok) throw new Error(`fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
    if (opts.withDemoUsers) await createDemoUsers(db);
  } finally {
    await db.destroy();
  }
}

/** A database file in a fresh temporary folder holding the mini fixture (seedMiniFixture). */
export async function createMiniFixtureDatabase(
  opts: TFixtureOptions & { prefix?: string } = {},
): Promise<string> {
  const databasePath = join(mkdtempSync(join(tmpdir(), opts.prefix ?? 'pbd-e2e-')), 'app.db');
  await seedMiniFixture(databasePath, opts);
  return databasePath;
}
