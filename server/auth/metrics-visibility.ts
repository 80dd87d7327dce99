/**
 * What a viewer may see of the metrics responses (roles.ts): admin and leader see every branch in
 * full; a secretary sees its own branch in full and every other branch only as identity + index +
 * rank + category rank — never their metric values, backlog or goals, which are figures about their
 * members' records. The metrics engine is not touched: these functions narrow its results before they
 * leave the API.
 */
import type { TBranchIdentity, TBranchMetrics, TBranchMetricsRow } from '../../shared/schemas/metrics';
import type { TOverview } from '../metrics/api';
import { readableBranchIds, type TPolicyUser } from './roles';

/** Another branch as a secretary sees it in a comparison. */
export interface TRestrictedBranchRow {
  branch: TBranchIdentity;
  metrics: Pick<TBranchMetrics, 'index' | 'rank' | 'categoryRank'>;
  isRestricted: true;
}

export type TVisibleBranchRow = (TBranchMetricsRow & { isRestricted: false }) | TRestrictedBranchRow;

/** True when the viewer may see this branch's metric values (not only its index and rank). */
export function canSeeBranchMetrics(user: TPolicyUser, branchId: number): boolean {
  const ids = readableBranchIds(user);
  return ids === 'all' || ids.includes(branchId);
}

export function toVisibleRow(user: TPolicyUser, row: TBranchMetricsRow): TVisibleBranchRow {
  if (canSeeBranchMetrics(user, row.branch.id)) return { ...row, isRestricted: false };
  const { index, rank, categoryRank } = row.metrics;
  return { branch: row.branch, metrics: { index, rank, categoryRank }, isRestricted: true };
}

/**
 * Category roll-ups in the overview are shown to a secretary only for categories of at least this many
 * branches: a roll-up of two branches minus one's own is the other one.
 */
export const MIN_ROLLUP_BRANCHES = 5;

/**
 * A comparison table for a viewer: full rows of readable branches in `rows`, every other branch
 * reduced in `restricted` (empty for admin and leader). For a secretary, `total` (the filtered set's
 * roll-up) is withheld when the set has fewer than MIN_ROLLUP_BRANCHES branches: filtered down to two
 * branches, the total minus her own would be the other branch's figures.
 */
export function visibleComparison<T extends { rows: TBranchMetricsRow[]; total: { branches: number } }>(
  user: TPolicyUser,
  result: T,
): Omit<T, 'total'> & { total: T['total'] | null; restricted: TRestrictedBranchRow[] } {
  const rows: TBranchMetricsRow[] = [];
  const restricted: TRestrictedBranchRow[] = [];
  for (const row of result.rows) {
    const visible = toVisibleRow(user, row);
    if (visible.isRestricted) restricted.push(visible);
    else rows.push(row);
  }
  const isAll = readableBranchIds(user) === 'all';
  const total = isAll || result.total.branches >= MIN_ROLLUP_BRANCHES ? result.total : null;
  return { ...result, rows, restricted, total };
}

/**
 * The overview for a viewer: top and bottom reduced for other branches, alerts (unmet slots) only of
 * readable branches, category roll-ups only of categories with enough branches.
 */
export function visibleOverview(
  user: TPolicyUser,
  overview: TOverview,
): Omit<TOverview, 'top' | 'bottom'> & { top: TVisibleBranchRow[]; bottom: TVisibleBranchRow[] } {
  const isAll = readableBranchIds(user) === 'all';
  const byCategory = isAll
    ? overview.byCategory
    : Object.fromEntries(
        Object.entries(overview.byCategory).filter(([, r]) => (r?.branches ?? 0) >= MIN_ROLLUP_BRANCHES),
      );
  return {
    ...overview,
    byCategory,
    top: overview.top.map((r) => toVisibleRow(user, r)),
    bottom: overview.bottom.map((r) => toVisibleRow(user, r)),
    alerts: {
      month: overview.alerts.month,
      items: overview.alerts.items.filter((i) => canSeeBranchMetrics(user, i.branchId)),
    },
  };
}
