/**
 * metrics.years (issue 14.4): the period picker offers the first year with a session or an achievement up
 * to this year (the college's), never a future year; without records, this year alone.
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { importPath } from '../../../server/import';
import { todayIso } from '../../../shared/schemas/date';
import { callerFor, viewer } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const thisYear = Number(todayIso().slice(0, 4));

describeOnBothBackends('metrics.years', (createDb) => {
  it('is this year alone without records', async () => {
    const db = await createDb();
    await expect(callerFor(db, viewer('leader')).metrics.years()).resolves.toEqual({
      first: thisYear,
      last: thisYear,
      firstDay: null,
    });
  });

  it('starts at the first year with records and ends this year, for every role', async () => {
    const db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    for (const role of ['admin', 'leader', 'secretary'] as const) {
      await expect(
        callerFor(db, viewer(role, role === 'secretary' ? 1 : null)).metrics.years(),
      ).resolves.toEqual({
        first: 2025,
        last: thisYear,
        firstDay: '2025-01-05',
      });
    }
    // A session dated earlier moves the first year; an achievement too.
    const branch = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'XZ01')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('achievements')
      .values({
        branch_id: branch.id,
        achieved_on: '2023-05-04',
        kind: 'award',
        title: '早年的表彰',
      } as never)
      .execute();
    await expect(callerFor(db, viewer('admin')).metrics.years()).resolves.toMatchObject({
      first: 2023,
      firstDay: '2023-05-04',
    });
  });
});
