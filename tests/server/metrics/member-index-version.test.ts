/**
 * The member index (member-index.ts) is kept across metrics versions and built again only when
 * member_index_version moves: on every change of what it is built from (memberships, sharers, an
 * activity's branch or day, an activity deleted) and on none of the others (session counts, notes,
 * achievements, a new session without sharers). After each change the counts equal a count from the rows.
 */
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { memberIndexVersion, metricsVersion } from '../../../server/metrics/dialect';
import { memberIndexOf } from '../../../server/metrics/member-index';
import { clearMetricsMemo } from '../../../server/metrics/memo';
import { queryMemberCounts } from '../../../server/metrics/queries/member-stats';
import { describeOnBothBackends } from '../../helpers/test-db';
import { nonZeroCounts, rawMemberCounts } from './raw-member-counts';
import { addActivity, addBranch, addMember } from './seed';

const FROM = '2025-01-01';
const TO = '2025-12-31';

async function college(createDb: () => Promise<Kysely<Database>>) {
  const db = await createDb();
  const a = await addBranch(db, 'A1');
  const b = await addBranch(db, 'B1');
  await addMember(db, a, 'A1-m1');
  await addMember(db, a, 'A1-m2', '2024-01-01', '2025-06-30');
  await addMember(db, b, 'B1-m1');
  const shared = await addActivity(db, a, '2025-03-10', 'theme_day', {
    sharers: ['A1-m1'],
    expected: 3,
    attended: 2,
  });
  await addActivity(db, b, '2025-04-10', 'party_lecture', { expected: 5, attended: 5 });
  return { db, a, b, shared };
}

async function countsMatchTheRows(db: Kysely<Database>) {
  const counts = await queryMemberCounts(db, { start: FROM, asOf: TO, branchIds: undefined });
  expect(nonZeroCounts(counts)).toEqual(nonZeroCounts(await rawMemberCounts(db, FROM, TO)));
}

describeOnBothBackends('member_index_version', (createDb) => {
  it('stays, and the index is kept, when only counts, notes, achievements or sessions without sharers change', async () => {
    const { db, a, b } = await college(createDb);
    clearMetricsMemo(db);
    const index = await memberIndexOf(db);
    const version = await memberIndexVersion(db);
    const metrics = await metricsVersion(db);
    await db
      .updateTable('activities')
      .set({ attended: 1, notes: '补记' })
      .where('branch_id', '=', a)
      .execute();
    await db.updateTable('members').set({ name: '改名', role: 'secretary' }).execute();
    await addActivity(db, b, '2025-05-10', 'general_meeting', { expected: 4, attended: 4 });
    await db
      .insertInto('achievements')
      .values({ branch_id: b, achieved_on: '2025-06-01', kind: 'award', title: '表彰', level: null })
      .execute();
    // The same values written again change nothing.
    await db.updateTable('members').set({ joined_on: '2020-01-01' }).where('code', '=', 'A1-m1').execute();
    expect(await metricsVersion(db)).not.toBe(metrics);
    expect(await memberIndexVersion(db)).toBe(version);
    expect(await memberIndexOf(db)).toBe(index);
    await countsMatchTheRows(db);
  });

  it('moves on every change the index is built from, and the counts follow', async () => {
    const { db, a, b, shared } = await college(createDb);
    const changes: [string, () => Promise<unknown>][] = [
      ['a member joins', () => addMember(db, b, 'B1-m2', '2025-02-01')],
      [
        'a member leaves earlier',
        () => db.updateTable('members').set({ left_on: '2024-12-31' }).where('code', '=', 'A1-m2').execute(),
      ],
      [
        'a member moves',
        () => db.updateTable('members').set({ branch_id: b }).where('code', '=', 'A1-m2').execute(),
      ],
      ['a member is removed', () => db.deleteFrom('members').where('code', '=', 'B1-m2').execute()],
      [
        'a sharer is added',
        () =>
          db.insertInto('activity_sharers').values({ activity_id: shared, member_code: 'A1-m2' }).execute(),
      ],
      [
        'a sharer is removed',
        () => db.deleteFrom('activity_sharers').where('member_code', '=', 'A1-m2').execute(),
      ],
      [
        'a session moves day',
        () => db.updateTable('activities').set({ held_on: '2026-01-05' }).where('id', '=', shared).execute(),
      ],
      [
        'a session moves branch',
        () => db.updateTable('activities').set({ branch_id: b }).where('id', '=', shared).execute(),
      ],
      [
        'a session with sharers is deleted',
        () => db.deleteFrom('activities').where('id', '=', shared).execute(),
      ],
    ];
    for (const [what, change] of changes) {
      const index = await memberIndexOf(db);
      const version = await memberIndexVersion(db);
      await change();
      expect(await memberIndexVersion(db), what).not.toBe(version);
      expect(await memberIndexOf(db), what).not.toBe(index);
      await countsMatchTheRows(db);
    }
    expect(a).toBeGreaterThan(0);
  });
});
