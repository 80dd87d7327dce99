/** The 党员名册's pure logic: the search over the rows the server sent, and the day a transfer starts. */
import { addDays } from '../../../../shared/schemas/period';
import type { TRouterOutputs } from '../../lib/api-types';

export type TRosterRow = TRouterOutputs['members']['roster'][number];

/** Rows whose name, code or branch contains the search (case-insensitive); all rows for a blank search. */
export function filterRoster(rows: readonly TRosterRow[], search: string): readonly TRosterRow[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((r) =>
    [r.name, r.code, r.branchCode, r.branchName].some((text) => text.toLowerCase().includes(needle)),
  );
}

/** A transfer's new membership starts the day after the last day in the old branch (import-format.md). */
export function transferJoinDay(leftOn: string): string {
  return addDays(leftOn, 1);
}
