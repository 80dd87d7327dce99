import type { TAuthUser } from '../../server/auth/types';
import { createContextInner } from '../../server/context';
import type { DB } from '../../server/db/database';
import { createCaller } from '../../server/routers/_app';
import type { TLang } from '../../shared/lang';

/** A tRPC caller over a test database, as `user` (anonymous when omitted). */
export function callerFor(db: DB, user: TAuthUser | null = null, lang: TLang = 'zh') {
  return createCaller(createContextInner({ db, user, lang }));
}

/** A signed-in user for in-process calls (no row in `users`: the caller trusts the context). */
export function viewer(role: TAuthUser['role'], branchId: number | null = null, id = 1): TAuthUser {
  return { id, username: `${role}${id}`, displayName: `${role} ${id}`, role, branchId, branchName: null };
}
