import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../server/db/database';
import { listBranches } from '../../server/db/queries/branches';
import { callerFor, viewer } from '../helpers/caller';
import { describeOnBothBackends } from '../helpers/test-db';

let db: DB;
const TODAY = '2025-06-15';

async function unit(
  code: string,
  kind: 'committee' | 'general_branch' | 'branch',
  parentId: number | null,
  extra = {},
) {
  const row = await db
    .insertInto('units')
    .values({
      code,
      name: `${code}名称`,
      kind,
      parent_id: parentId,
      category: kind === 'branch' ? 'faculty' : null,
      established_on: '2020-01-01',
      has_groups: 0,
      ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describeOnBothBackends('branches list', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    const committee = await unit('DW', 'committee', null);
    const general = await unit('ZZ01', 'general_branch', committee);
    const a = await unit('A01', 'branch', general, { has_groups: 1 });
    const b = await unit('B01', 'branch', committee, { category: 'student', dissolved_on: '2024-12-31' });
    await unit('C01', 'branch', general);

    await db
      .insertInto('members')
      .values([
        { code: 'M1', name: '甲', branch_id: a, role: 'secretary', joined_on: '2020-01-01' },
        { code: 'M2', name: '乙', branch_id: a, role: 'member', joined_on: '2025-06-15' }, // joins today: counts
        { code: 'M3', name: '丙', branch_id: a, role: 'member', joined_on: '2025-06-16' }, // joins tomorrow: not yet
        {
          code: 'M4',
          name: '丁',
          branch_id: a,
          role: 'member',
          joined_on: '2020-01-01',
          left_on: '2025-06-14',
        }, // gone
        {
          code: 'M5',
          name: '戊',
          branch_id: a,
          role: 'member',
          joined_on: '2020-01-01',
          left_on: '2025-06-15',
        }, // last day today
        { code: 'M6', name: '己', branch_id: b, role: 'member', joined_on: '2020-01-01' },
      ])
      .execute();

    const activity = (branch_id: number, held_on: string, title: string) => ({
      branch_id,
      held_on,
      type: 'theme_day' as const,
      title,
      integrated_with_work: 0,
      oath_renewed: 0,
      dues_collected: 0,
      by_secretary: 0,
    });
    await db
      .insertInto('activities')
      .values([
        activity(a, '2024-12-31', 'last year'),
        activity(a, '2025-01-01', 'new year'),
        activity(a, '2025-06-15', 'today'),
        activity(a, '2025-06-20', 'planned later this year'),
        activity(b, '2023-03-01', 'old'),
      ])
      .execute();
  });

  describe('branches.list', () => {
    it('lists every branch, and only branches, with parent and SQL counts', async () => {
      const rows = await callerFor(db, viewer('leader')).branches.list({ today: TODAY });
      expect(rows.map((r) => r.code)).toEqual(['A01', 'B01', 'C01']);

      const [a, b, c] = rows;
      expect(a).toMatchObject({
        name: 'A01名称',
        category: 'faculty',
        hasGroups: true,
        parentCode: 'ZZ01',
        parentName: 'ZZ01名称',
        dissolvedOn: null,
        memberCount: 3, // M1, M2 (joined today), M5 (leaves today)
        activitiesThisYear: 2, // 2025-01-01 and today; not tomorrow's plan, not last year
        activitiesTotal: 4,
      });
      expect(b).toMatchObject({
        category: 'student',
        parentCode: 'DW',
        dissolvedOn: '2024-12-31',
        memberCount: 1,
      });
      expect(b?.activitiesThisYear).toBe(0);
      expect(b?.activitiesTotal).toBe(1);
      // A branch with no members and no activities is listed with zeros, not dropped by the joins.
      expect(c).toMatchObject({ memberCount: 0, activitiesThisYear: 0, activitiesTotal: 0 });
    });

    it('takes the counts on the requested day', async () => {
      const rows = await listBranches(db, { today: '2025-06-14' });
      const a = rows.find((r) => r.code === 'A01');
      expect(a?.memberCount).toBe(3); // M1, M4 (last day), M5
      expect(a?.activitiesThisYear).toBe(1);
    });

    it('rejects an impossible date with zod issues and no internals', async () => {
      const error = await callerFor(db, viewer('leader'))
        .branches.list({ today: '2025-02-30' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
    });
  });
});
