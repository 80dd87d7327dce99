/**
 * What a viewer may see of the metrics responses (roles.ts): admin and leader see every branch in
 * full; a secretary sees its own branch in full and every other branch only as identity + index +
 * rank + category rank — never their metric values, backlog or goals, which are figures about their
 * members' records. Roll-ups (sums over a set of branches) reach a secretary only for the fixed sets
 * of `secretaryRollups`, chosen so that no sum or difference of them is a small set's figures. The
 * metrics engine is not touched: these functions narrow its results before they leave the API.
 */
import { CATEGORIES } from '../../shared/domain';
import type {
  TBranchIdentity,
  TBranchMetrics,
  TBranchMetricsRow,
  TRollupMetrics,
} from '../../shared/schemas/metrics';
import type { TBranchMetricsResult, TOverview } from '../metrics/api';
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
 * The fewest branches a roll-up shown to a secretary may hold: a roll-up of two branches minus one's
 * own is the other one.
 */
export const MIN_ROLLUP_BRANCHES = 5;

/** What the roll-up rule needs to know of each branch reported in the range. */
export type TRollupBranch = Pick<TBranchIdentity, 'id' | 'category' | 'parentId'>;

/** The roll-ups a secretary may see in one counted range: `allows(ids)` for the set of branches summed. */
export interface TSecretaryRollups {
  allows(ids: readonly number[]): boolean;
}

const keyOf = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b).join(',');

const isSafeRemainder = (n: number) => n === 0 || n >= MIN_ROLLUP_BRANCHES;

/** A released set in the tree: its size, the smallest released set around it, its remainder. */
interface TReleasedSet {
  size: number;
  parent: TReleasedSet | null;
  /** Its branches outside every released set inside it. */
  rest: number;
}

/**
 * Which roll-ups a secretary may see, from the structure of the branches reported in a range (the same
 * for every request of that range, whatever its filters). Only fixed sets qualify — the college, a
 * category, the branches under one unit (a general branch) — and each only with ≥ MIN_ROLLUP_BRANCHES
 * branches. That alone would not hold under subtraction: the college minus the categories shown is
 * the categories withheld, a category minus a general branch inside it is the rest of that category.
 * So the sets released form a tree (any two are nested or disjoint) in which every set's branches
 * outside the released sets inside it (its remainder) number 0 or ≥ MIN_ROLLUP_BRANCHES. Any sum or
 * difference of released roll-ups is then a union of remainders: never a set of 1–4 branches.
 * Candidates are taken in a fixed order (college, categories, general branches); one that would break
 * the tree or leave a small remainder (its own, or that of the set around it) is withheld.
 */
export function secretaryRollups(branches: readonly TRollupBranch[]): TSecretaryRollups {
  const candidates: number[][] = [branches.map((b) => b.id)];
  for (const category of CATEGORIES.keys) {
    candidates.push(branches.filter((b) => b.category === category).map((b) => b.id));
  }
  const underUnit = new Map<number, number[]>();
  for (const b of branches) {
    if (b.parentId === null) continue;
    const ids = underUnit.get(b.parentId);
    if (ids) ids.push(b.id);
    else underUnit.set(b.parentId, [b.id]);
  }
  for (const [, ids] of [...underUnit].sort(([a], [b]) => a - b)) candidates.push(ids);

  /** The smallest released set holding each branch (none: in no released set yet). */
  const owner = new Map<number, TReleasedSet>();
  const keys = new Set<string>();
  for (const ids of candidates) {
    const key = keyOf(ids);
    if (ids.length < MIN_ROLLUP_BRANCHES || keys.has(key)) continue;
    // How many of the candidate's branches each released set holds (walking up from each branch).
    const shared = new Map<TReleasedSet, number>();
    let remainder = 0;
    for (const id of ids) {
      const tightest = owner.get(id);
      if (!tightest || tightest.size > ids.length) remainder++;
      for (let s: TReleasedSet | null | undefined = tightest; s; s = s.parent) {
        shared.set(s, (shared.get(s) ?? 0) + 1);
      }
    }
    // Nested or disjoint: a released set it meets lies wholly inside it or holds all of it.
    let around: TReleasedSet | null = null;
    let isTree = true;
    for (const [set, count] of shared) {
      if (set.size < ids.length && count === set.size) continue;
      if (set.size > ids.length && count === ids.length) {
        if (!around || set.size < around.size) around = set;
        continue;
      }
      isTree = false;
    }
    if (!isTree || !isSafeRemainder(remainder)) continue;
    if (around && !isSafeRemainder(around.rest - remainder)) continue;

    const released: TReleasedSet = { size: ids.length, parent: around, rest: remainder };
    if (around) around.rest -= remainder;
    for (const [set] of shared) if (set.size < ids.length && set.parent === around) set.parent = released;
    for (const id of ids) {
      const tightest = owner.get(id);
      if (!tightest || tightest === around) owner.set(id, released);
    }
    keys.add(key);
  }
  return { allows: (ids) => keys.has(keyOf(ids)) };
}

/**
 * A comparison table for a viewer: full rows of readable branches in `rows`, every other branch
 * reduced in `restricted` (empty for admin and leader). For a secretary, `total` (the filtered set's
 * roll-up) is given only when the rows are one of the sets `secretaryRollups` releases: filters that
 * differ by a few branches (a category with and without a general branch, the college and a large
 * category) would otherwise give those few branches' figures by subtraction.
 */
export function visibleComparison(
  user: TPolicyUser,
  result: TBranchMetricsResult,
): Omit<TBranchMetricsResult, 'total' | 'reported'> & {
  total: TRollupMetrics | null;
  restricted: TRestrictedBranchRow[];
} {
  const { reported, ...rest } = result;
  const rows: TBranchMetricsRow[] = [];
  const restricted: TRestrictedBranchRow[] = [];
  for (const row of result.rows) {
    const visible = toVisibleRow(user, row);
    if (visible.isRestricted) restricted.push(visible);
    else rows.push(row);
  }
  const isAll = readableBranchIds(user) === 'all';
  const isReleased = () => secretaryRollups(reported).allows(result.rows.map((r) => r.branch.id));
  const total = isAll || isReleased() ? result.total : null;
  return { ...rest, rows, restricted, total };
}

/**
 * The overview for a viewer: top and bottom reduced for other branches, alerts (unmet slots) only of
 * readable branches, category roll-ups only of the categories `secretaryRollups` releases.
 */
export function visibleOverview(
  user: TPolicyUser,
  overview: TOverview,
): Omit<TOverview, 'top' | 'bottom' | 'reported'> & {
  top: TVisibleBranchRow[];
  bottom: TVisibleBranchRow[];
} {
  const { reported, ...rest } = overview;
  const isAll = readableBranchIds(user) === 'all';
  let byCategory = overview.byCategory;
  if (!isAll) {
    const rollups = secretaryRollups(reported);
    const idsOf = (category: string) => reported.filter((b) => b.category === category).map((b) => b.id);
    byCategory = Object.fromEntries(
      Object.entries(overview.byCategory).filter(([category]) => rollups.allows(idsOf(category))),
    );
  }
  return {
    ...rest,
    byCategory,
    top: overview.top.map((r) => toVisibleRow(user, r)),
    bottom: overview.bottom.map((r) => toVisibleRow(user, r)),
    alerts: {
      month: overview.alerts.month,
      items: overview.alerts.items.filter((i) => canSeeBranchMetrics(user, i.branchId)),
    },
  };
}
