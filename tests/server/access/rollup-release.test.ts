/**
 * The roll-ups a secretary may see (issue 9.7): only fixed sets (college, category, general branch) of
 * ≥ 5 branches, and only so many of them that no sum or difference of the answers is the figures of a
 * set of 1–4 branches. Checked on hand-made structures and, exhaustively, on random ones.
 */
import { describe, expect, it } from 'vitest';
import {
  MIN_ROLLUP_BRANCHES,
  secretaryRollups,
  type TRollupBranch,
} from '../../../server/auth/metrics-visibility';
import { CATEGORIES, type TCategory } from '../../../shared/domain';

/** Branches numbered from 1: `count` of a category under a unit (null: no parent). */
function structure(...groups: [count: number, category: TCategory | null, parentId: number | null][]) {
  const branches: TRollupBranch[] = [];
  for (const [count, category, parentId] of groups) {
    for (let i = 0; i < count; i++) branches.push({ id: branches.length + 1, category, parentId });
  }
  return branches;
}

/** The fixed sets a request can name: the college, each category, the branches under each unit. */
function fixedSets(branches: readonly TRollupBranch[]): Record<string, number[]> {
  const sets: Record<string, number[]> = { college: branches.map((b) => b.id) };
  for (const c of CATEGORIES.keys) sets[c] = branches.filter((b) => b.category === c).map((b) => b.id);
  for (const b of branches) {
    if (b.parentId === null) continue;
    const key = `unit${b.parentId}`;
    sets[key] = [...(sets[key] ?? []), b.id];
  }
  return sets;
}

function released(branches: readonly TRollupBranch[]): string[] {
  const rollups = secretaryRollups(branches);
  return Object.entries(fixedSets(branches))
    .filter(([, ids]) => rollups.allows(ids))
    .map(([name]) => name)
    .sort();
}

/** Rank of 0/1 row vectors (Gaussian elimination; the values stay small integers and fractions). */
function rank(rows: readonly number[][]): number {
  const m = rows.map((row) => [...row]);
  const at = (i: number, j: number) => m[i]?.[j] ?? 0;
  const width = m[0]?.length ?? 0;
  let r = 0;
  for (let col = 0; col < width && r < m.length; col++) {
    let pivot = r;
    while (pivot < m.length && Math.abs(at(pivot, col)) < 1e-9) pivot++;
    if (pivot === m.length) continue;
    const pivotRow = m[pivot] ?? [];
    m[pivot] = m[r] ?? [];
    m[r] = pivotRow;
    for (let i = 0; i < m.length; i++) {
      const f = i === r ? 0 : at(i, col) / at(r, col);
      if (f !== 0) m[i] = (m[i] ?? []).map((v, j) => v - f * at(r, j));
    }
    r++;
  }
  return r;
}

/** Every set of 1–4 branches whose sums follow from the released roll-ups by adding and subtracting. */
function derivableSmallSets(
  branches: readonly TRollupBranch[],
  allows = secretaryRollups(branches).allows,
): number[][] {
  const ids = branches.map((b) => b.id);
  const vector = (set: readonly number[]) => ids.map((id) => (set.includes(id) ? 1 : 0));
  const known = Object.values(fixedSets(branches))
    .filter((set) => allows(set))
    .map(vector);
  const base = rank(known);
  const found: number[][] = [];
  const visit = (start: number, picked: number[]) => {
    if (picked.length > 0 && rank([...known, vector(picked)]) === base) found.push([...picked]);
    if (picked.length === MIN_ROLLUP_BRANCHES - 1) return;
    for (const [i, id] of ids.entries()) if (i >= start) visit(i + 1, [...picked, id]);
  };
  visit(0, []);
  return found;
}

describe('roll-ups a secretary may see', () => {
  it('the check below finds what the plain "≥ 5 branches" rule gives away', () => {
    const branches = structure([6, 'faculty', 100], [2, 'faculty', null], [6, 'student', null]);
    const plain = (ids: readonly number[]) => ids.length >= MIN_ROLLUP_BRANCHES;
    // Faculty − general branch 100 = the two faculty branches outside it.
    expect(derivableSmallSets(branches, plain)).toEqual([[7, 8]]);
  });

  it('a category minus a general branch inside it: the smaller is withheld', () => {
    // Faculty 8 = 6 under unit 100 + 2 directly under the committee (unit 1).
    const branches = structure([6, 'faculty', 100], [2, 'faculty', 1], [6, 'student', 1]);
    expect(released(branches)).toEqual(['college', 'faculty', 'student']);
    // With 5 faculty branches outside the general branch, both answer.
    const wider = structure([6, 'faculty', 100], [5, 'faculty', 1], [6, 'student', 1]);
    expect(released(wider)).toEqual(['college', 'faculty', 'student', 'unit100']);
    expect(derivableSmallSets(branches)).toEqual([]);
    expect(derivableSmallSets(wider)).toEqual([]);
  });

  it('the college minus a large category: withheld when the rest is 1–4 branches', () => {
    // College 30 − faculty 28 would be the two admin branches.
    expect(released(structure([28, 'faculty', null], [2, 'admin', null]))).toEqual(['college']);
    // College − faculty − student would be the two admin branches: one of the two is withheld.
    expect(released(structure([8, 'faculty', null], [6, 'student', null], [2, 'admin', null]))).toEqual([
      'college',
      'faculty',
    ]);
    // Five branches outside the categories shown are a set large enough to sum.
    expect(
      released(
        structure([8, 'faculty', null], [6, 'student', null], [2, 'admin', null], [3, 'retired', null]),
      ),
    ).toEqual(['college', 'faculty', 'student']);
  });

  it('a general branch across categories is withheld where the categories are shown', () => {
    // Unit 100 holds 5 faculty and 5 student branches: it cuts both categories.
    const branches = structure(
      [5, 'faculty', 100],
      [5, 'student', 100],
      [5, 'faculty', 200],
      [5, 'student', 200],
    );
    expect(released(branches)).toEqual(['college', 'faculty', 'student']);
    expect(derivableSmallSets(branches)).toEqual([]);
  });

  it('the same set named two ways answers both ways; fewer than 5 branches never answer', () => {
    const branches = structure([6, 'student', 300], [9, 'faculty', null]);
    expect(released(branches)).toEqual(['college', 'faculty', 'student', 'unit300']);
    expect(released(structure([4, 'faculty', 1]))).toEqual([]);
  });

  it('no set of 1–4 branches follows from what is released, on 150 random structures', () => {
    let seed = 9_7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const categories: (TCategory | null)[] = [...CATEGORIES.keys, null];
    let releasedBeyondCollege = 0;
    for (let round = 0; round < 150; round++) {
      const size = 6 + random(9);
      const units = 1 + random(4);
      // Skewed: one category and one unit take most branches, as in a real college.
      const branches: TRollupBranch[] = Array.from({ length: size }, (_, i) => ({
        id: i + 1,
        category: categories[random(3) === 0 ? random(categories.length) : 1] ?? null,
        parentId: random(3) === 0 ? 100 + random(units) : 100,
      }));
      expect(derivableSmallSets(branches), JSON.stringify(branches)).toEqual([]);
      expect(released(branches)).toContain('college');
      releasedBeyondCollege += released(branches).length - 1;
    }
    // The rule is not "the college only": categories and general branches do answer.
    expect(releasedBeyondCollege).toBeGreaterThan(50);
  });
});
