import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoUsers } from '../../../server/auth/demo-users';
import { openDatabase } from '../../../server/db/connection';
import { importPath } from '../../../server/import';
import { ROOT } from './client-build';

/**
 * A database file holding the mini fixture, imported with the real import engine (the path a user
 * takes), and optionally the demo accounts (admin / leader / secretary of XZ01) on it.
 */
export async function createMiniFixtureDatabase(
  opts: { prefix?: string; withDemoUsers?: boolean } = {},
): Promise<string> {
  const databasePath = join(mkdtempSync(join(tmpdir(), opts.prefix ?? 'pbd-e2e-')), 'app.db');
  const db = await openDatabase({ url: databasePath });
  try {
    const report = await importPath(db, join(ROOT, 'tests/fixtures/mini'), { lang: 'zh' });
    if (!report.ok) throw new Error(`fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
    if (opts.withDemoUsers) await createDemoUsers(db);
  } finally {
    await db.destroy();
  }
  return databasePath;
}
