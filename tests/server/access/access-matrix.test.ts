/**
 * Every procedure × {anonymous, admin, leader, secretary of A, secretary of B}: allowed or refused as the
 * table below declares, and a refused call leaves the database exactly as it was. A procedure missing
 * from the table fails the test: declare who may call it here when you add one.
 */
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAccessLevel } from '../../../server/auth/roles';
import type { Database } from '../../../server/db/database';
import { appRouter } from '../../../server/routers/_app';
import { callerFor } from '../../helpers/caller';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { ACTORS, dumpDatabase, seedAccessFixture, type TAccessFixture, type TActor } from './access-fixture';

type TOutcome = 'allow' | 'deny';
const ALL: Record<TActor, TOutcome> = {
  anonymous: 'allow',
  admin: 'allow',
  leader: 'allow',
  secretaryA: 'allow',
  secretaryB: 'allow',
};
const SIGNED_IN = { ...ALL, anonymous: 'deny' } as const;
const READ_ALL = { ...SIGNED_IN, secretaryA: 'deny', secretaryB: 'deny' } as const;
const ADMIN = { ...READ_ALL, leader: 'deny' } as const;
/** Branch A's records: admin, leader and A's own secretary. */
const BRANCH_A_READERS = { ...SIGNED_IN, secretaryB: 'deny' } as const;

interface TCase {
  access: TAccessLevel;
  expect: Record<TActor, TOutcome>;
  input: (f: TAccessFixture, actor: TActor) => unknown;
}

const PERIOD = { period: '2026', asOf: '2026-06-30' };

const CASES: Record<string, TCase> = {
  'auth.loginOptions': { access: 'public', expect: ALL, input: () => undefined },
  'auth.login': {
    access: 'public',
    expect: ALL,
    input: () => ({ username: 'matrix', password: 'matrix-password' }),
  },
  'auth.logout': { access: 'public', expect: ALL, input: () => undefined },
  'auth.me': { access: 'signedIn', expect: SIGNED_IN, input: () => undefined },
  'auth.changePassword': {
    access: 'signedIn',
    expect: SIGNED_IN,
    // The same password again: allowed callers really change it (and it stays usable).
    input: (f, actor) => {
      const password = actor === 'anonymous' ? 'x'.repeat(8) : f.passwords[actor];
      return { currentPassword: password, newPassword: password };
    },
  },
  'audit.list': { access: 'admin', expect: ADMIN, input: () => ({ limit: 5 }) },
  'branches.list': { access: 'signedIn', expect: SIGNED_IN, input: () => ({ today: '2026-06-30' }) },
  'goals.list': { access: 'signedIn', expect: SIGNED_IN, input: () => ({ year: 2026 }) },
  'goals.weights': { access: 'signedIn', expect: SIGNED_IN, input: () => ({ year: 2026 }) },
  'goals.actuals': { access: 'signedIn', expect: SIGNED_IN, input: () => ({ year: 2026 }) },
  'goals.previewWeights': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ year: 2026, weights: { complianceRate: 10, awards: 10 } }),
  },
  'goals.copyYear': { access: 'admin', expect: ADMIN, input: () => ({ from: 2026, to: 2027 }) },
  'goals.set': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ year: 2026, scope: { type: 'all' }, metric: 'awards', target: 3 }),
  },
  'goals.setWeights': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ year: 2026, weights: { awards: 10 } }),
  },
  'users.list': { access: 'admin', expect: ADMIN, input: () => undefined },
  'users.create': {
    access: 'admin',
    expect: ADMIN,
    input: (_f, actor) => ({
      username: `new-${actor}`,
      displayName: '新用户',
      role: 'leader',
      password: 'new-password',
    }),
  },
  'users.resetPassword': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ username: 'victim', newPassword: 'reset-password' }),
  },
  'users.setDisabled': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ username: 'victim', disabled: true }),
  },
  'metrics.branches': { access: 'signedIn', expect: SIGNED_IN, input: () => PERIOD },
  'metrics.branch': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  'overview.summary': { access: 'signedIn', expect: SIGNED_IN, input: () => PERIOD },
  'overview.kpis': { access: 'signedIn', expect: SIGNED_IN, input: () => PERIOD },
  'overview.trend': { access: 'signedIn', expect: SIGNED_IN, input: () => PERIOD },
  'overview.dueSoon': { access: 'signedIn', expect: SIGNED_IN, input: () => ({ today: '2026-06-15' }) },
  'records.branch': { access: 'signedIn', expect: SIGNED_IN, input: () => ({ code: 'XZ01' }) },
  'records.slots': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  'records.activities': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  'records.achievements': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  'records.profile': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
};

type TProcedureMap = Record<string, { _def: { meta?: { access?: string }; type: string } }>;
const PROCEDURES = appRouter._def.procedures as unknown as TProcedureMap;

let db: Kysely<Database>;
let fixture: TAccessFixture;

beforeAll(async () => {
  db = await createTestDb();
  fixture = await seedAccessFixture(db);
  await createTestUser(db, { username: 'matrix', role: 'leader', password: 'matrix-password' });
  await createTestUser(db, { username: 'victim', role: 'leader' });
});

/** Calls a procedure by its dotted path, as the given actor. */
async function call(path: string, actor: TActor, input: unknown): Promise<unknown> {
  let target: unknown = callerFor(db, fixture.users[actor]);
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

describe('access matrix', () => {
  it('has an expectation for every procedure of the router, and only for those', () => {
    expect(Object.keys(PROCEDURES).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('declares on each procedure the access level the table expects', () => {
    for (const [path, { access }] of Object.entries(CASES)) {
      if (PROCEDURES[path]) expect(PROCEDURES[path]._def.meta?.access, path).toBe(access);
    }
  });

  for (const [path, c] of Object.entries(CASES)) {
    for (const actor of ACTORS) {
      it(`${path} × ${actor}: ${c.expect[actor]}`, async () => {
        if (!PROCEDURES[path]) return; // reported by the first test
        const before = await dumpDatabase(db);
        const outcome = await call(path, actor, c.input(fixture, actor)).then(
          () => null,
          (error: unknown) => error,
        );
        if (c.expect[actor] === 'allow') {
          expect(outcome, `${path} as ${actor}: ${String(outcome)}`).toBeNull();
          return;
        }
        expect(outcome).toBeInstanceOf(TRPCError);
        expect((outcome as TRPCError).code).toBe(actor === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN');
        expect(await dumpDatabase(db)).toEqual(before);
      });
    }
  }
});
