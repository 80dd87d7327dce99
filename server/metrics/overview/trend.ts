/** The college's monthly trend (sessions, slots due and met, compliance) against the `全部` compliance goal. */
import type { TOverviewTrend } from '../../../shared/schemas/overview';
import type { DBOrTrx } from '../../db/database';
import { monthlySeries } from '../api';
import { resolveScope } from '../engine';
import { memoizedSmall } from '../memo';
import { loadGoalBook } from '../queries/goals';
import { anyReportedBranch } from '../queries/reported-branches';
import { refreshRollups } from '../rollups';
import type { TOverviewRequest } from './kpis';

export async function getOverviewTrend(db: DBOrTrx, request: TOverviewRequest): Promise<TOverviewTrend> {
  const scope = resolveScope(request.period, request.asOf, request.today);
  await refreshRollups(db);
  // The same for every viewer and every refresh of the big screen until the data changes (memo.ts).
  return memoizedSmall(db, `trend|${scope.start}|${scope.asOf}`, async () => {
    // Every branch reported in the range: filtered inside the SQL, not as a list of ids.
    const [monthly, book] = await Promise.all([
      anyReportedBranch(db, scope).then((any) => (any ? monthlySeries(db, scope) : [])),
      loadGoalBook(db, scope.goalYear),
    ]);
    return {
      scope,
      points: monthly.map((p) => ({ ...p, complianceRate: p.dueSlots > 0 ? p.metSlots / p.dueSlots : null })),
      complianceTarget: book.all.complianceRate ?? null,
    };
  });
}
