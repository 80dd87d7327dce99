import type { DBOrTrx } from '../database';

/** Number of organisational units of any kind; 0 means a fresh database. */
export async function countUnits(db: DBOrTrx): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
