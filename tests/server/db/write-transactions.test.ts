/**
 * Transactions take the write lock when they begin (connection.ts): a read-then-write transaction (an
 * import, a roll-up refresh) can no longer fail with SQLITE_BUSY_SNAPSHOT because another connection — an
 * API worker touching a session, a sign-in — committed between its first read and its first write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import { isBusyError } from '../../../server/db/write-window';

const dir = mkdtempSync(join(tmpdir(), 'pbd-write-tx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('write transactions', () => {
  it('hold the write lock from their first statement, so a commit in between cannot break them', async () => {
    const url = join(dir, 'app.db');
    const importer = await openDatabase({ url });
    // Another thread's connection; it does not wait (this test runs both on one thread).
    const other = await openDatabase({ url, migrate: false, busyTimeoutMs: 0 });
    const meta = (value: string) => ({ key: 'probe', value });
    await importer.insertInto('app_meta').values(meta('0')).execute();

    let otherError: unknown = null;
    await importer.transaction().execute(async (trx) => {
      await trx.selectFrom('app_meta').selectAll().execute(); // the import's first read
      try {
        await other.updateTable('app_meta').set({ value: 'other' }).where('key', '=', 'probe').execute();
      } catch (error) {
        otherError = error;
      }
      await trx.updateTable('app_meta').set({ value: 'import' }).where('key', '=', 'probe').execute();
    });

    // The other write waited for (here: was refused during) the transaction, which committed whole.
    expect(isBusyError(otherError)).toBe(true);
    const row = await other
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', 'probe')
      .executeTakeFirst();
    expect(row?.value).toBe('import');
    await other.updateTable('app_meta').set({ value: 'after' }).where('key', '=', 'probe').execute();
    await importer.destroy();
    await other.destroy();
  });
});
