/**
 * A kept result must never be older than its key. The overview and a report read a college range, then
 * its ranks: a refresh committed between the two (another connection: an import, a form, another API
 * worker's openScope) must not store the ranks of the old range under the new versions, where every
 * later reader would hit them (branch page, overview) until the year's roll-up version moved again. The
 * ranks of an evaluated range are kept under the versions that range was computed at.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it, vi } from 'vitest';
import type { Database } from '../../../server/db/database';
import { loadDemo } from '../../../server/demo';
import { getBranchDetail, getOverview } from '../../../server/metrics/api';
import { collegeRange, collegeRanks } from '../../../server/metrics/evaluate';
import { clearMetricsMemo } from '../../../server/metrics/memo';
import { refreshRollups } from '../../../server/metrics/rollups';
import { openScope } from '../../../server/metrics/scope';
import { createTestDb } from '../../helpers/test-db';

// Another connection's commit, modelled deterministically: run `hook` just before the Nth rangeVersion
// read after arming (the key reads of getOverview: 1 its own, 2 its college range's).
const race = vi.hoisted(() => ({ armedAt: 0, calls: 0, hook: null as null | (() => Promise<void>) }));
vi.mock('../../../server/metrics/versions', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../server/metrics/versions')>();
  return {
    ...real,
    rangeVersion: async (...args: Parameters<typeof real.rangeVersion>) => {
      if (race.hook) {
        race.calls += 1;
        if (race.calls === race.armedAt) {
          const hook = race.hook;
          race.hook = null;
          await hook();
        }
      }
      return real.rangeVersion(...args);
    },
  };
});

const TODAY = '2026-02-28';

async function college(): Promise<Kysely<Database>> {
  const db = await createTestDb();
  await loadDemo(db, { branches: 8, years: 3, seed: 3, today: TODAY });
  await refreshRollups(db);
  return db;
}

/** A 2025 write that changes the ranking: the top branch loses its 2025 sessions, refreshed. */
async function sinkTopBranch(db: Kysely<Database>, top: number) {
  await sql`delete from activities where branch_id = ${top} and held_on >= '2025-01-01' and held_on <= '2025-12-31'`.execute(
    db,
  );
  await refreshRollups(db);
}

const ranksAsObject = (r: { rank: Map<number, number>; groupRank: Map<number, number> }) => ({
  rank: Object.fromEntries(r.rank),
  groupRank: Object.fromEntries(r.groupRank),
});

it('ranks of a range computed before a refresh are not kept under the versions after it (direct sequence)', async () => {
  const db = await college();
  const scope = await openScope(db, { period: '2025', today: TODAY });
  // buildOverview: `const range = await collegeRange(db, scope);`
  const range = await collegeRange(db, scope);
  const before = await collegeRanks(db, scope); // rank-only path, just to find the top branch
  const top = [...before.rank].find(([, r]) => r === 1)?.[0] as number;
  clearMetricsMemo(db);
  const range2 = await collegeRange(db, scope);
  // …another connection commits a 2025 change and its refresh here…
  await sinkTopBranch(db, top);
  // buildOverview: `const ranks = await collegeRanks(db, scope, range);` (key read now: new versions)
  await collegeRanks(db, scope, range2);
  const kept = await collegeRanks(db, scope); // a branch page afterwards: a hit
  clearMetricsMemo(db);
  const fresh = await collegeRanks(db, scope);
  expect(ranksAsObject(kept)).toEqual(ranksAsObject(fresh));
  void range;
});

it('getOverview with a refresh landing while it runs leaves no stale ranks for the branch page or the next overview', async () => {
  const db = await college();
  const scope = await openScope(db, { period: '2025', today: TODAY });
  const top = [...(await collegeRanks(db, scope)).rank].find(([, r]) => r === 1)?.[0] as number;
  clearMetricsMemo(db);
  race.calls = 0;
  race.armedAt = 2;
  race.hook = () => sinkTopBranch(db, top);
  await getOverview(db, { scope });
  expect(race.hook).toBeNull(); // the write did land between the two reads
  // Later requests, after the write, each opening its scope (nothing left to refresh).
  const scope2 = await openScope(db, { period: '2025', today: TODAY });
  const keptDetail = await getBranchDetail(db, { scope: scope2, branchId: top });
  const keptOverview = await getOverview(db, { scope: scope2, limit: 3 });
  clearMetricsMemo(db);
  const freshDetail = await getBranchDetail(db, { scope: scope2, branchId: top });
  const freshOverview = await getOverview(db, { scope: scope2, limit: 3 });
  expect(keptDetail.row.metrics.rank).toEqual(freshDetail.row.metrics.rank);
  expect(keptOverview.top.map((r) => r.branch.code)).toEqual(freshOverview.top.map((r) => r.branch.code));
});
