/** The college's monthly trend (sessions, slots due and met, compliance) against the `全部` compliance goal. */
import type { TMetricsScope } from '../../../shared/schemas/metrics';
import type { TOverviewTrend } from '../../../shared/schemas/overview';
import type { DBOrTrx } from '../../db/database';
import { monthlySeries } from '../api';
import { memoized } from '../memo';
import { loadGoalBook } from '../queries/goals';
import { anyReportedBranch } from '../queries/reported-branches';
import { rangeVersion } from '../versions';

export async function getOverviewTrend(
  db: DBOrTrx,
  { scope }: { scope: TMetricsScope },
): Promise<TOverviewTrend> {
  // The same for every viewer and every refresh of the big screen until what it reads changes (memo.ts):
  // the range's years, and the setup (the goal).
  const version = await rangeVersion(db, scope);
  return memoized(
    db,
    `trend|${scope.period}|${scope.start}|${scope.asOf}|${scope.goalYear}@${version}`,
    async () => {
      // Every branch reported in the range: filtered inside the SQL, not as a list of ids.
      const [monthly, book] = await Promise.all([
        anyReportedBranch(db, scope).then((any) => (any ? monthlySeries(db, scope) : [])),
        loadGoalBook(db, scope.goalYear),
      ]);
      return {
        scope,
        points: monthly,
        complianceTarget: book.all.complianceRate ?? null,
      };
    },
    (trend) => trend.points.length * 200,
  );
}
