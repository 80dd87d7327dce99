/**
 * The metrics memo keys on metrics_version, which moves only when a value the metrics read changes:
 * editing a title or a note (the common spreadsheet correction) keeps every computed period, while
 * data_version (the shared HTTP answers, which show titles and notes) still moves on every write.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { dataVersion, metricsVersion } from '../../../server/metrics/dialect';
import { clearMetricsMemo, metricsMemoSize } from '../../../server/metrics/memo';
import { getOverviewKpis } from '../../../server/metrics/overview/kpis';
import { refreshRollups } from '../../../server/metrics/rollups';
import { openScope } from '../../../server/metrics/scope';
import { describeOnBothBackends } from '../../helpers/test-db';
import { addActivity, addBranch, addMember } from './seed';

const TODAY = '2026-03-01';

async function college(createDb: () => Promise<Kysely<Database>>) {
  const db = await createDb();
  const id = await addBranch(db, 'A1');
  await addMember(db, id, 'A1-m1');
  await addActivity(db, id, '2025-03-10', 'theme_day', { expected: 10, attended: 6 });
  await refreshRollups(db);
  return { db, id };
}

async function attendedOf(db: Kysely<Database>) {
  const scope = await openScope(db, { period: '2025', today: TODAY });
  const kpis = await getOverviewKpis(db, { scope });
  return kpis;
}

const versions = async (db: Kysely<Database>) => ({
  data: await dataVersion(db),
  metrics: await metricsVersion(db),
});

describeOnBothBackends('metrics_version', (createDb) => {
  it('stays when only titles, notes, names or roles change, and the computed periods stay memoized', async () => {
    const { db, id } = await college(createDb);
    clearMetricsMemo(db);
    const before = await attendedOf(db);
    const entries = metricsMemoSize(db).entries;
    expect(entries).toBeGreaterThan(0);
    const v0 = await versions(db);
    await db.updateTable('activities').set({ title: '新标题', notes: '补记' }).execute();
    await db
      .updateTable('members')
      .set({ name: '改名', role: 'secretary' })
      .where('branch_id', '=', id)
      .execute();
    await db.updateTable('achievements').set({ notes: 'x' }).execute();
    // An update that writes a read column with its old value changes nothing either.
    await db.updateTable('activities').set({ attended: 6 }).execute();
    await refreshRollups(db);
    const v1 = await versions(db);
    expect(v1.data).not.toBe(v0.data);
    expect(v1.metrics).toBe(v0.metrics);
    expect(await sql`select count(*) as n from rollup_dirty`.execute(db).then((r) => r.rows[0])).toEqual({
      n: 0,
    });
    expect(metricsMemoSize(db).entries).toBe(entries);
    expect(await attendedOf(db)).toEqual(before);
  });

  it('moves when a value the metrics read changes, and the metrics follow', async () => {
    const { db, id } = await college(createDb);
    const before = await attendedOf(db);
    for (const change of [
      () => db.updateTable('activities').set({ attended: 9 }).execute(),
      () => db.updateTable('activities').set({ held_on: '2025-04-02' }).execute(),
      () => db.updateTable('members').set({ joined_on: '2025-06-01' }).where('branch_id', '=', id).execute(),
      () => db.insertInto('activity_sharers').values({ activity_id: 1, member_code: 'A1-m1' }).execute(),
      () => db.updateTable('units').set({ name: '新名称' }).where('id', '=', id).execute(),
    ]) {
      const v0 = await versions(db);
      await change();
      await refreshRollups(db);
      const v1 = await versions(db);
      expect(v1.metrics).not.toBe(v0.metrics);
      expect(v1.data).not.toBe(v0.data);
    }
    const after = await attendedOf(db);
    expect(after).not.toEqual(before);
    // The same numbers as a fresh computation.
    clearMetricsMemo(db);
    expect(await attendedOf(db)).toEqual(after);
  });
});
