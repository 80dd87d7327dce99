import type { TAuthUser } from '../../server/auth/types';
import { createContextInner } from '../../server/context';
import type { DB } from '../../server/db/database';
import { createCaller } from '../../server/routers/_app';

/** A tRPC caller over a test database, as `user` (anonymous when omitted). */
export function callerFor(db: DB, user: TAuthUser | null = null, lang: 'zh' | 'en' = 'zh') {
  return createCaller(createContextInner({ db, user, lang }));
}
