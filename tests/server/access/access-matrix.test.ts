/**
 * Every procedure × {anonymous, admin, leader, secretary of A, secretary of B}: allowed or refused as the
 * table below declares, and a refused call leaves the database exactly as it was. A procedure missing
 * from the table fails the test: declare who may call it here when you add one.
 */
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { TAccessLevel } from '../../../server/auth/roles';
import type { Database } from '../../../server/db/database';
import { appRouter } from '../../../server/routers/_app';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
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
/** Writes to branch A: admin and A's own secretary. */
const BRANCH_A_EDITORS = { ...BRANCH_A_READERS, leader: 'deny' } as const;

interface TCase {
  access: TAccessLevel;
  expect: Record<TActor, TOutcome>;
  /** The call's input; may first add the row an update or remove is about (before the "unchanged" snapshot). */
  input: (f: TAccessFixture, actor: TActor) => unknown;
}

/** A session, achievement and member of branch A to write (titles and codes per caller: no duplicates). */
const activityOf = (branchId: number, tag: string) => ({
  branchId,
  heldOn: '2026-04-10',
  type: 'theme_day',
  title: `矩阵主题党日 ${tag}`,
  formats: ['reading'],
  modules: ['spirit'],
  expected: 10,
  attended: 9,
  isIntegratedWithWork: false,
  isOathRenewed: false,
  isDuesCollected: false,
  isBySecretary: false,
  sharers: [],
  notes: null,
});
const achievementOf = (branchId: number, tag: string) => ({
  branchId,
  achievedOn: '2026-04-10',
  kind: 'award',
  title: `矩阵表彰 ${tag}`,
  level: 'school',
  hours: null,
  participants: null,
  notes: null,
});
const memberOf = (branchId: number, tag: string) => ({
  branchId,
  code: `MX-${tag}`,
  name: '矩阵党员',
  role: 'member',
  joinedOn: '2026-01-01',
  leftOn: null,
});

/** A row of branch A to update or remove, added straight in SQL (not through the procedure under test). */
async function addRowOfA(table: 'activities' | 'achievements' | 'members', tag: string): Promise<number> {
  const branchId = fixture.branchA;
  const values =
    table === 'activities'
      ? {
          branch_id: branchId,
          held_on: '2026-04-11',
          type: 'theme_day' as const,
          title: `待改 ${tag}`,
          expected: null,
          attended: null,
          integrated_with_work: 0,
          oath_renewed: 0,
          dues_collected: 0,
          by_secretary: 0,
          notes: null,
        }
      : table === 'achievements'
        ? {
            branch_id: branchId,
            achieved_on: '2026-04-11',
            kind: 'award' as const,
            title: `待改 ${tag}`,
            level: null,
            hours: null,
            participants: null,
            notes: null,
          }
        : {
            branch_id: branchId,
            code: `MY-${tag}`,
            name: '待改',
            role: 'member' as const,
            joined_on: '2026-01-01',
          };
  const { id } = await (db as Kysely<Record<string, Record<string, unknown>>>)
    .insertInto(table)
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

const PERIOD = { period: '2026', asOf: '2026-06-30' };

/** A general branch under the committee to change or remove, added straight in SQL. */
async function addUnit(tag: string): Promise<number> {
  const { id } = await db
    .insertInto('units')
    .values({
      code: `ZZ-${tag}`,
      name: `矩阵党总支 ${tag}`,
      kind: 'general_branch',
      parent_id: null,
      category: null,
      established_on: '2020-01-01',
      has_groups: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

const unitOf = (tag: string) => ({
  code: `ZN-${tag}`,
  name: `矩阵新支部 ${tag}`,
  kind: 'branch',
  parentCode: null,
  category: 'faculty',
  establishedOn: '2026-01-01',
  dissolvedOn: null,
  hasGroups: false,
});

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
  'users.update': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ username: 'victim', displayName: '改名的领导', role: 'leader', branchId: null }),
  },
  'users.setDisabled': {
    access: 'admin',
    expect: ADMIN,
    input: () => ({ username: 'victim', disabled: true }),
  },
  'metrics.branches': { access: 'signedIn', expect: SIGNED_IN, input: () => PERIOD },
  'metrics.years': { access: 'signedIn', expect: SIGNED_IN, input: () => undefined },
  'metrics.branch': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  // Index and ranks only, which every role sees of every branch in the comparison.
  'metrics.standing': {
    access: 'signedIn',
    expect: SIGNED_IN,
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
  'records.exportSheet': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: () => ({ ...PERIOD, code: 'XZ01', sheet: 'members', format: 'csv' }),
  },
  'records.profile': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  'records.members': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ branchId: f.branchA }),
  },
  'records.findMembers': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ branchId: f.branchA, search: 'JG01-M1' }),
  },
  'records.sameDay': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ branchId: f.branchA, heldOn: '2026-03-01', type: 'theme_day' }),
  },
  'records.agenda': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ branchId: f.branchA, today: '2026-06-15' }),
  },
  'records.createActivity': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: (f, actor) => activityOf(f.branchA, actor),
  },
  'records.updateActivity': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: async (f, actor) => ({
      id: await addRowOfA('activities', actor),
      ...activityOf(f.branchA, `${actor}-u`),
    }),
  },
  'records.removeActivity': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: async (_f, actor) => ({ id: await addRowOfA('activities', `${actor}-r`) }),
  },
  'records.createAchievement': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: (f, actor) => achievementOf(f.branchA, actor),
  },
  'records.updateAchievement': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: async (f, actor) => ({
      id: await addRowOfA('achievements', actor),
      ...achievementOf(f.branchA, `${actor}-u`),
    }),
  },
  'records.removeAchievement': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: async (_f, actor) => ({ id: await addRowOfA('achievements', `${actor}-r`) }),
  },
  'records.createMember': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: (f, actor) => memberOf(f.branchA, actor),
  },
  'records.updateMember': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: async (f, actor) => ({
      id: await addRowOfA('members', actor),
      ...memberOf(f.branchA, `${actor}-u`),
    }),
  },
  'records.removeMember': {
    access: 'branchEditor',
    expect: BRANCH_A_EDITORS,
    input: async (_f, actor) => ({ id: await addRowOfA('members', `${actor}-r`) }),
  },
  'members.roster': {
    access: 'signedIn',
    expect: BRANCH_A_READERS,
    input: (f) => ({ ...PERIOD, branchId: f.branchA }),
  },
  // A transfer writes both branches: only a writer of both (an admin) may.
  'members.transfer': {
    access: 'branchEditor',
    expect: ADMIN,
    input: async (f, actor) => ({
      id: await addRowOfA('members', `${actor}-t`),
      toBranchId: f.branchB,
      leftOn: '2026-05-31',
    }),
  },
  'units.list': { access: 'admin', expect: ADMIN, input: () => undefined },
  'units.create': { access: 'admin', expect: ADMIN, input: (_f, actor) => unitOf(actor) },
  'units.update': {
    access: 'admin',
    expect: ADMIN,
    input: async (_f, actor) => ({
      ...unitOf(actor),
      id: await addUnit(`${actor}-u`),
      code: `ZZ-${actor}-u`,
      kind: 'general_branch',
      category: null,
      name: '改名后的党总支',
    }),
  },
  'units.dissolve': {
    access: 'admin',
    expect: ADMIN,
    input: async (_f, actor) => ({ id: await addUnit(`${actor}-d`), dissolvedOn: '2026-06-30' }),
  },
  'units.remove': {
    access: 'admin',
    expect: ADMIN,
    input: async (_f, actor) => ({ id: await addUnit(`${actor}-r`) }),
  },
};

type TProcedureMap = Record<string, { _def: { meta?: { access?: string }; type: string } }>;
const PROCEDURES = appRouter._def.procedures as unknown as TProcedureMap;

/** The database and its fixture of the block running (describeOnBothBackends below). */
let db: Kysely<Database>;
let fixture: TAccessFixture;

describeOnBothBackends('access matrix', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
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
        const input = await c.input(fixture, actor);
        const before = await dumpDatabase(db);
        const outcome = await call(path, actor, input).then(
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
