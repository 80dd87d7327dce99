/**
 * PostgreSQL cancels one of two transactions that wait on each other (a deadlock: two app processes'
 * writes of several statements each, both ending on the version rows). Nothing of the cancelled one was
 * written, so it counts as "busy": the API answers 503 "try again" instead of 500, and retryWhileBusy
 * runs it again — and then it goes through.
 */
import type { Kysely, Transaction } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { isBusyError, retryWhileBusy } from '../../../server/db/write-window';
import { setUpTestPostgres } from '../../helpers/postgres';

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const setValue = (trx: Transaction<Database> | Kysely<Database>, key: string, value: string) =>
  trx.updateTable('app_meta').set({ value }).where('key', '=', key).execute();

describe('PostgreSQL: a transaction cancelled by a deadlock', { timeout: 120_000 }, () => {
  const pg = setUpTestPostgres();

  it('is a busy error, and succeeds when tried again', async () => {
    const db = await pg.createDb();
    await db
      .insertInto('app_meta')
      .values([
        { key: 'probe-a', value: '0' },
        { key: 'probe-b', value: '0' },
      ])
      .execute();
    const firstHasA = deferred();
    const secondHasB = deferred();
    // Each takes one row, then wants the other's: PostgreSQL cancels one after deadlock_timeout (1 s).
    const first = () =>
      db.transaction().execute(async (trx) => {
        await setValue(trx, 'probe-a', 'first');
        firstHasA.resolve();
        await secondHasB.promise;
        await setValue(trx, 'probe-b', 'first');
      });
    const second = () =>
      db.transaction().execute(async (trx) => {
        await firstHasA.promise;
        await setValue(trx, 'probe-b', 'second');
        secondHasB.resolve();
        await setValue(trx, 'probe-a', 'second');
      });
    const outcomes = await Promise.allSettled([first(), second()]);
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ i, reason: o.reason }] : []));
    expect(failed).toHaveLength(1);
    const cancelled = failed[0] as { i: number; reason: { code?: string } };
    expect(cancelled.reason.code).toBe('40P01');
    expect(isBusyError(cancelled.reason)).toBe(true);

    // Nothing of the cancelled one was written: both rows hold the winner's value.
    const winner = cancelled.i === 0 ? 'second' : 'first';
    const values = await db.selectFrom('app_meta').select('value').where('key', 'like', 'probe-%').execute();
    expect(values.map((v) => v.value)).toEqual([winner, winner]);

    // Tried again (alone now), it goes through.
    const loser = winner === 'first' ? 'second' : 'first';
    await retryWhileBusy(() =>
      db.transaction().execute(async (trx) => {
        await setValue(trx, 'probe-a', loser);
        await setValue(trx, 'probe-b', loser);
      }),
    );
    const after = await db.selectFrom('app_meta').select('value').where('key', 'like', 'probe-%').execute();
    expect(after.map((v) => v.value)).toEqual([loser, loser]);
  });

  it('is not confused with other errors', () => {
    expect(isBusyError({ code: '23505' })).toBe(false); // unique_violation
    expect(isBusyError({ code: 'SQLITE_CONSTRAINT' })).toBe(false);
    expect(isBusyError(new Error('x'))).toBe(false);
  });
});
