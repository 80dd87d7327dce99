import type { DBOrTrx } from '../database';

export const DEMO_COLLEGE_KEY = 'demo_college';

export async function readAppMeta(db: DBOrTrx, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeAppMeta(db: DBOrTrx, key: string, value: string): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
