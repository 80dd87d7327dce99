/**
 * The five callers of the access tests, as real accounts: anonymous, admin, leader, and the
 * secretaries of branch A (XZ01) and branch B (JG01), on the two-branch seed of the auth tests.
 */
import type { Kysely } from 'kysely';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import { createTestUser } from '../../helpers/users';
import { seedTwoBranches } from '../auth/auth-fixtures';

export const ACTORS = ['anonymous', 'admin', 'leader', 'secretaryA', 'secretaryB'] as const;
export type TActor = (typeof ACTORS)[number];

export interface TAccessFixture {
  branchA: number;
  branchB: number;
  users: Record<TActor, TAuthUser | null>;
  passwords: Record<Exclude<TActor, 'anonymous'>, string>;
}

export async function seedAccessFixture(db: Kysely<Database>): Promise<TAccessFixture> {
  const { branchA, branchB } = await seedTwoBranches(db);
  const admin = await createTestUser(db, { username: 'admin', role: 'admin' });
  const leader = await createTestUser(db, { username: 'leader', role: 'leader' });
  const secretaryA = await createTestUser(db, { username: 'sec-a', role: 'secretary', branchId: branchA });
  const secretaryB = await createTestUser(db, { username: 'sec-b', role: 'secretary', branchId: branchB });
  return {
    branchA,
    branchB,
    users: {
      anonymous: null,
      admin: admin.user,
      leader: leader.user,
      secretaryA: secretaryA.user,
      secretaryB: secretaryB.user,
    },
    passwords: {
      admin: admin.password,
      leader: leader.password,
      secretaryA: secretaryA.password,
      secretaryB: secretaryB.password,
    },
  };
}

/** Every row of every table, for "a refused call changed nothing". */
export async function dumpDatabase(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = await db.introspection.getTables();
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    dump[table.name] = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .selectFrom(table.name)
      .selectAll()
      .execute();
  }
  return dump;
}
