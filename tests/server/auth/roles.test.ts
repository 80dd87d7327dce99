import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canEditBranch,
  canManageOrganisation,
  canReadMemberData,
  isAllowed,
  readableBranchIds,
  type TPolicyUser,
  whereEditableBranch,
  whereReadableBranch,
} from '../../../server/auth/roles';
import type { Database } from '../../../server/db/database';
import { USER_ROLES } from '../../../shared/roles';
import { ZUserRoleSchema } from '../../../shared/schemas/roles';
import { describeOnBothBackends } from '../../helpers/test-db';
import { seedTwoBranches } from './auth-fixtures';

let db: Kysely<Database>;
let A: number;
let B: number;
let users: Record<'admin' | 'leader' | 'secA' | 'secB' | 'secNone', TPolicyUser>;

describeOnBothBackends('roles', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    ({ branchA: A, branchB: B } = await seedTwoBranches(db));
    users = {
      admin: { role: 'admin', branchId: null },
      leader: { role: 'leader', branchId: null },
      secA: { role: 'secretary', branchId: A },
      secB: { role: 'secretary', branchId: B },
      secNone: { role: 'secretary', branchId: null },
    };
  });

  describe('role vocabulary', () => {
    it('has three roles with labels, parsed from keys and Chinese labels', () => {
      expect(USER_ROLES.keys).toEqual(['admin', 'leader', 'secretary']);
      expect(USER_ROLES.parse('校领导')).toBe('leader');
      expect(USER_ROLES.parse(' Secretary ')).toBe('secretary');
      expect(USER_ROLES.parse('root')).toBeUndefined();
      expect(ZUserRoleSchema.safeParse('root').success).toBe(false);
    });
  });

  describe('policy', () => {
    it('matches the role table of domain.md', () => {
      const table = Object.entries(users).map(([name, u]) => [
        name,
        canReadMemberData(u, A),
        canReadMemberData(u, B),
        canEditBranch(u, A),
        canEditBranch(u, B),
        canManageOrganisation(u),
      ]);
      expect(table).toEqual([
        ['admin', true, true, true, true, true],
        ['leader', true, true, false, false, false],
        ['secA', true, false, true, false, false],
        ['secB', false, true, false, true, false],
        ['secNone', false, false, false, false, false],
      ]);
    });

    it('gates access levels, anonymous only through public', () => {
      const levels = ['public', 'signedIn', 'readAll', 'branchEditor', 'admin'] as const;
      const row = (u: TPolicyUser | null) => levels.map((l) => isAllowed(l, u));
      expect(row(null)).toEqual([true, false, false, false, false]);
      expect(row(users.admin)).toEqual([true, true, true, true, true]);
      expect(row(users.leader)).toEqual([true, true, true, false, false]);
      expect(row(users.secA)).toEqual([true, true, false, true, false]);
    });
  });

  describe('row scoping', () => {
    const memberNames = (u: TPolicyUser) =>
      whereReadableBranch(
        db.selectFrom('members').select('members.name').orderBy('members.name'),
        u,
        'members.branch_id',
      )
        .execute()
        .then((rows) => rows.map((r) => r.name));

    it('narrows reads to the branches whose member data the user may see', async () => {
      expect(await memberNames(users.admin)).toEqual(['教工第一党支部党员', '行政第一党支部党员']);
      expect(await memberNames(users.leader)).toHaveLength(2);
      expect(await memberNames(users.secA)).toEqual(['行政第一党支部党员']);
      expect(await memberNames(users.secB)).toEqual(['教工第一党支部党员']);
      expect(await memberNames(users.secNone)).toEqual([]);
      expect(readableBranchIds(users.secA)).toEqual([A]);
    });

    it('works on joined queries', async () => {
      const rows = await whereReadableBranch(
        db
          .selectFrom('activities')
          .innerJoin('units', 'units.id', 'activities.branch_id')
          .select(['units.code', 'activities.title']),
        users.secB,
        'activities.branch_id',
      ).execute();
      expect(rows.map((r) => r.code)).toEqual(['JG01']);
    });

    it('narrows writes: a secretary cannot update or delete another branch, a leader nothing', async () => {
      const rename = (u: TPolicyUser) =>
        whereEditableBranch(
          db.updateTable('activities').set({ notes: 'edited' }),
          u,
          'branch_id',
        ).executeTakeFirst();
      expect(Number((await rename(users.leader)).numUpdatedRows)).toBe(0);
      expect(Number((await rename(users.secA)).numUpdatedRows)).toBe(1);
      const notes = await db
        .selectFrom('activities')
        .select(['branch_id', 'notes'])
        .orderBy('branch_id')
        .execute();
      expect(notes).toEqual([
        { branch_id: A, notes: 'edited' },
        { branch_id: B, notes: null },
      ]);
      const removed = await whereEditableBranch(
        db.deleteFrom('members').where('branch_id', '=', B),
        users.secA,
        'branch_id',
      ).executeTakeFirst();
      expect(Number(removed.numDeletedRows)).toBe(0);
      expect(await memberNames(users.secB)).toEqual(['教工第一党支部党员']);
    });
  });
});
