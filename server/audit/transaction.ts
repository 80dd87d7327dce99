import type { Transaction } from 'kysely';
import type { Database, DBOrTrx } from '../db/database';

/**
 * Runs `fn` in a transaction, joining the caller's if `db` already is one (Kysely refuses
 * nested transaction()). A write and its audit row must commit or fail together.
 */
export function withTransaction<T>(db: DBOrTrx, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}
