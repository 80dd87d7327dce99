/**
 * Warming: the college-wide results of the periods every page opens on, computed before anyone asks.
 * The memo (memo.ts) keeps a period's results while what they read stays (versions.ts), so after a
 * start, or an import or any other write touching a period's years, the first visitors of each default
 * period would all pay for the cold evaluation at once — and, with many users arriving together, wait
 * behind each other's. Periods the write did not touch are found kept and cost next to nothing. The API workers run this when they are idle
 * (http/api-pool.ts), one period at a time, each on the worker its requests go to.
 */
import type { DBOrTrx } from '../db/database';
import { getOverview } from './api';
import { memberIndexOf } from './member-index';
import { getOverviewKpis } from './overview/kpis';
import { getOverviewTrend } from './overview/trend';
import { queryReportedBranches } from './queries/reported-branches';
import { queryWholeSlots } from './range-plan';
import { reportOf } from './report';
import { openScope } from './scope';

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The periods to warm, most visited first: this year to date (what every page opens on), last year,
 * this quarter and month so far, and the previous quarter and month (the picker's next choices).
 */
export function periodsToWarm(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarter = Math.ceil(month / 3);
  const previousQuarter = quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
  const previousMonth = month === 1 ? `${year - 1}-12` : `${year}-${pad2(month - 1)}`;
  // On the first day of a year, quarter or month nothing of it is counted yet (asOf = yesterday).
  const isFirstDayOf = (unit: 'year' | 'quarter' | 'month') =>
    today.slice(8) === '01' && (unit === 'month' || (month - 1) % (unit === 'year' ? 12 : 3) === 0);
  return [
    ...(isFirstDayOf('year') ? [] : [String(year)]),
    String(year - 1),
    ...(isFirstDayOf('quarter') ? [] : [`${year}-Q${quarter}`]),
    ...(isFirstDayOf('month') ? [] : [`${year}-${pad2(month)}`]),
    previousQuarter,
    previousMonth,
  ];
}

/**
 * Computes what the overview, compare and branch pages share for `period` (default asOf): the college's
 * range and its year-earlier range, the comparison report and ranks, the monthly trend. Each is memoized,
 * so a warm period costs next to nothing and a request arriving meanwhile waits for the same work.
 */
export async function warmPeriod(db: DBOrTrx, period: string): Promise<void> {
  const scope = await openScope(db, { period });
  await warmCollegeData(db);
  await reportOf(db, scope, { withBacklog: false });
  await getOverviewKpis(db, { scope });
  await getOverviewTrend(db, { scope });
  // The overview and every secretary's home ask for its summary (top and bottom branches, alerts).
  await getOverview(db, { scope });
}

/**
 * Builds what every evaluation on this connection reads, each once per its own version (memo.ts,
 * versions.ts): the member index (≈ 0.3 s at 2,000 branches), the branch list and the calendar. Each
 * API worker runs it when it starts and when an import ends, so no visitor's call waits for it.
 */
export async function warmCollegeData(db: DBOrTrx): Promise<void> {
  await memberIndexOf(db);
  // Any range builds the whole list and the whole calendar; the answers themselves are not needed.
  await queryReportedBranches(db, { start: '0001-01-01', asOf: '9999-12-31' });
  await queryWholeSlots(db, '0001-01-01', '0001-01-01');
}
