/**
 * A period's computed results (college ranges, ranks, reports, the overview, the trend) are kept per the
 * versions of what they read (versions.ts: the setup, the member index, each year's roll-ups), across
 * writes that do not touch them: an import of this year's sessions keeps last year's. Every change of a
 * value they read moves one of those versions: after each, the kept results equal a fresh computation.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { loadDemo } from '../../../server/demo';
import { getOverview } from '../../../server/metrics/api';
import { collegeRanges } from '../../../server/metrics/evaluate';
import { clearMetricsMemo } from '../../../server/metrics/memo';
import { getOverviewTrend } from '../../../server/metrics/overview/trend';
import { reportOf } from '../../../server/metrics/report';
import { rebuildRollups, refreshRollups } from '../../../server/metrics/rollups';
import { openScope } from '../../../server/metrics/scope';
import { describeOnBothBackends } from '../../helpers/test-db';
import { addActivity } from './seed';

const TODAY = '2026-02-28';

/** What the pages of 2025, its last quarter and this year to date show (this year's deltas read 2025). */
async function results(db: Kysely<Database>) {
  const out: Record<string, unknown> = {};
  for (const period of ['2025', '2025-Q4', '2026']) {
    const scope = await openScope(db, { period, today: TODAY });
    const [range] = await collegeRanges(db, [scope]);
    out[period] = {
      index: range ? Array.from({ length: range.size }, (_, i) => range.indexAt(i)) : null,
      overview: await getOverview(db, { scope }),
      report: await reportOf(db, scope, {}),
      trend: await getOverviewTrend(db, { scope }),
    };
  }
  return out;
}

/** A results' period without its deltas (2026's rows compare with 2025). */
const only = (all: Record<string, unknown>, period: string) => all[period];

async function college(createDb: () => Promise<Kysely<Database>>) {
  const db = await createDb();
  await loadDemo(db, { branches: 8, years: 3, seed: 3, today: TODAY });
  await refreshRollups(db);
  const branch = await db
    .selectFrom('units')
    .select(['id', 'code'])
    .where('kind', '=', 'branch')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  return { db, branch };
}

describeOnBothBackends('period results kept per version', (createDb) => {
  it('keep last year after a write of this year, and read it again when a fresh computation would differ', async () => {
    const { db, branch } = await college(createDb);
    clearMetricsMemo(db);
    const kept = await results(db);
    // 2025's roll-up rows changed behind the engine's back (no trigger sees it): kept results do not
    // notice, so their staying put shows they were not computed again…
    await sql`update branch_slot_stats set sessions = sessions + 100, att_sum = att_sum + 50
      where slot_start >= '2025-01-01' and slot_start <= '2025-12-31'`.execute(db);
    // …after a write of this year (the metrics version moves, 2025's roll-up version does not).
    await addActivity(db, branch.id, '2026-02-10', 'theme_day', { expected: 5, attended: 5 });
    await refreshRollups(db);
    const after = await results(db);
    expect(only(after, '2025')).toEqual(only(kept, '2025'));
    expect(only(after, '2025-Q4')).toEqual(only(kept, '2025-Q4'));
    expect(only(after, '2026')).not.toEqual(only(kept, '2026'));
    // The change behind the engine's back is visible to a fresh computation (the check above can fail).
    clearMetricsMemo(db);
    expect(only(await results(db), '2025')).not.toEqual(only(kept, '2025'));
    await rebuildRollups(db);
    clearMetricsMemo(db);
    expect(only(await results(db), '2025')).toEqual(only(kept, '2025'));
  });

  it('follow every change of what they read: each time equal to a fresh computation', async () => {
    const { db, branch } = await college(createDb);
    const member = await db
      .selectFrom('members')
      .select(['id', 'code'])
      .where('branch_id', '=', branch.id)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const activity = await db
      .selectFrom('activities')
      .select('id')
      .where('branch_id', '=', branch.id)
      .where('held_on', '>=', '2025-01-01')
      .where('held_on', '<=', '2025-12-31')
      .orderBy('held_on')
      .executeTakeFirstOrThrow();
    let added = 0;
    const changes: [string, () => Promise<unknown>][] = [
      [
        'a 2025 session attended',
        () => db.updateTable('activities').set({ attended: 1 }).where('id', '=', activity.id).execute(),
      ],
      [
        'a 2025 session moved to 2024',
        () =>
          db.updateTable('activities').set({ held_on: '2024-11-03' }).where('id', '=', activity.id).execute(),
      ],
      [
        'a 2025 session added',
        async () => {
          added = await addActivity(db, branch.id, '2025-10-10', 'party_lecture', {
            formats: ['video'],
            modules: ['capability'],
          });
        },
      ],
      [
        'a format of a session',
        () =>
          db
            .deleteFrom('activity_formats')
            .where(
              'activity_id',
              'in',
              db
                .selectFrom('activities')
                .select('id')
                .where('branch_id', '=', branch.id)
                .where('held_on', '>=', '2025-01-01'),
            )
            .execute(),
      ],
      [
        'a sharer',
        () =>
          db
            .insertInto('activity_sharers')
            .values({ activity_id: added, member_code: member.code })
            .execute(),
      ],
      [
        'a member joined later',
        () =>
          db.updateTable('members').set({ joined_on: '2025-09-01' }).where('id', '=', member.id).execute(),
      ],
      [
        'an achievement',
        () =>
          db
            .insertInto('achievements')
            .values({
              branch_id: branch.id,
              achieved_on: '2025-06-01',
              kind: 'volunteer_service',
              title: 'x',
              level: null,
              hours: 40,
              participants: 8,
              notes: null,
            })
            .execute(),
      ],
      [
        'a branch renamed',
        () => db.updateTable('units').set({ name: '改名支部' }).where('id', '=', branch.id).execute(),
      ],
      [
        'a branch dissolved',
        () =>
          db.updateTable('units').set({ dissolved_on: '2025-06-30' }).where('id', '=', branch.id).execute(),
      ],
      [
        'weights of 2025',
        () =>
          db
            .insertInto('metric_weights')
            .values([
              { year: 2025, metric: 'complianceRate', weight: 1 },
              { year: 2025, metric: 'attendanceRate', weight: 60 },
              { year: 2025, metric: 'projectsApproved', weight: 39 },
            ])
            .execute(),
      ],
      [
        'the goals of 2025 replaced',
        async () => {
          await db.deleteFrom('goals').where('year', '=', 2025).execute();
          await db
            .insertInto('goals')
            .values({ year: 2025, scope_type: 'all', scope_ref: '', metric: 'complianceRate', target: 97 })
            .execute();
        },
      ],
    ];
    let previous = await results(db);
    for (const [what, change] of changes) {
      await change();
      await refreshRollups(db);
      const kept = await results(db);
      clearMetricsMemo(db);
      const fresh = await results(db);
      expect(kept, what).toEqual(fresh);
      // Each change shows in 2025 (so the comparison above is about something).
      expect(only(kept, '2025'), what).not.toEqual(only(previous, '2025'));
      previous = fresh;
    }
  });
});
