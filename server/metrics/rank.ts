import type { RangeTable } from './range-table';

/**
 * rank / categoryRank (metrics.md): branches that exist on asOf and have an index, by index (rounded)
 * descending, then complianceRate descending (null last); equal on both share a rank (1, 2, 2, 4).
 */
export interface TRankable {
  id: number;
  group: string;
  index: number;
  complianceRate: number | null;
}

function compare(a: TRankable, b: TRankable): number {
  if (a.index !== b.index) return b.index - a.index;
  if (a.complianceRate === b.complianceRate) return 0;
  if (a.complianceRate === null) return 1;
  if (b.complianceRate === null) return -1;
  return b.complianceRate - a.complianceRate;
}

/** Competition ranking of the entries; returns id → rank. */
export function competitionRanks(entries: readonly TRankable[]): Map<number, number> {
  const sorted = [...entries].sort(compare);
  const ranks = new Map<number, number>();
  sorted.forEach((entry, i) => {
    const prev = sorted[i - 1];
    const tied = prev && compare(prev, entry) === 0 ? ranks.get(prev.id) : undefined;
    ranks.set(entry.id, tied ?? i + 1);
  });
  return ranks;
}

/** Overall ranks and ranks within each entry's group (category). */
export function rankBranches(entries: readonly TRankable[]): {
  rank: Map<number, number>;
  groupRank: Map<number, number>;
} {
  const byGroup = new Map<string, TRankable[]>();
  for (const e of entries) {
    const members = byGroup.get(e.group);
    if (members) members.push(e);
    else byGroup.set(e.group, [e]);
  }
  const groupRank = new Map<number, number>();
  for (const members of byGroup.values())
    for (const [id, r] of competitionRanks(members)) groupRank.set(id, r);
  return { rank: competitionRanks(entries), groupRank };
}

export type TRanks = ReturnType<typeof rankBranches>;

/** Ranks among every branch of an evaluated range that exists on asOf and has an index (whatever subset is shown). */
export function ranksOf(table: RangeTable): TRanks {
  const entries: TRankable[] = [];
  for (let i = 0; i < table.size; i++) {
    const index = table.indexAt(i);
    if (index === null || !table.existsOnAsOfAt(i)) continue;
    const branch = table.branchAt(i);
    entries.push({
      id: branch.id,
      group: branch.category ?? '',
      index,
      complianceRate: table.complianceRateAt(i),
    });
  }
  return rankBranches(entries);
}
