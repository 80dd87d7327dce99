/**
 * Flat sums (sums.ts): a TMetricSums written as a row of a Float64Array reads back equal, and the
 * column-wise sum of rows is exactly (same doubles) addSums over the same rows in the same order.
 */
import { describe, expect, it } from 'vitest';
import { PositionIndex } from '../../../server/metrics/range-table';
import {
  addFlatSums,
  readFlatSums,
  SUMS_WIDTH,
  type TMetricSums,
  writeFlatSums,
} from '../../../server/metrics/sums';

/** A sums object with every field set from a seeded generator (fractional volunteer hours). */
function randomSums(next: () => number): TMetricSums {
  const s = emptySums();
  const fill = (record: Record<string, number>) => {
    for (const key of Object.keys(record)) record[key] = Math.floor(next() * 50);
  };
  fill(s.dueByType);
  fill(s.metByType);
  fill(s.formats);
  fill(s.modules);
  fill(s.projectsByLevel);
  for (const key of Object.keys(s) as (keyof TMetricSums)[]) {
    if (typeof s[key] === 'number') (s as unknown as Record<string, number>)[key] = Math.floor(next() * 900);
  }
  s.volunteerHours = next() * 123.45;
  s.attendedSum = next() * 1000;
  return s;
}

/** Every field 0 (a zeroed flat row read back). */
const emptySums = (): TMetricSums => readFlatSums(new Float64Array(SUMS_WIDTH), 0);

/** The oracle: every field added object by object, in order. */
function addSums(parts: readonly TMetricSums[]): TMetricSums {
  const total = emptySums() as unknown as Record<string, number | Record<string, number>>;
  for (const part of parts)
    for (const [key, value] of Object.entries(part)) {
      const into = total[key];
      if (typeof value === 'number') total[key] = (into as number) + value;
      else for (const [k, v] of Object.entries(value)) (into as Record<string, number>)[k]! += v;
    }
  return total as unknown as TMetricSums;
}

function seeded(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('flat sums', () => {
  it('reads back every field of every row', () => {
    const next = seeded(3);
    const parts = Array.from({ length: 7 }, () => randomSums(next));
    const flat = new Float64Array(parts.length * SUMS_WIDTH);
    for (const [i, p] of parts.entries()) writeFlatSums(flat, i, p);
    parts.forEach((p, i) => {
      expect(readFlatSums(flat, i)).toEqual(p);
    });
    // Every field has its own slot: no two fields share a position.
    expect(SUMS_WIDTH).toBe(
      Object.values(parts[0]!).reduce<number>(
        (n, v) => n + (typeof v === 'number' ? 1 : Object.keys(v).length),
        0,
      ),
    );
  });

  it('adds rows (all, or some in a given order) exactly as addSums adds the objects', () => {
    const next = seeded(11);
    const parts = Array.from({ length: 40 }, () => randomSums(next));
    const flat = new Float64Array(parts.length * SUMS_WIDTH);
    for (const [i, p] of parts.entries()) writeFlatSums(flat, i, p);
    expect(addFlatSums(flat)).toEqual(addSums(parts));
    const some = [31, 2, 17, 5, 39, 0];
    const total = addFlatSums(flat, some);
    expect(total).toEqual(addSums(some.map((i) => parts[i]!)));
    expect(total.volunteerHours).toBe(some.reduce((a, i) => a + parts[i]!.volunteerHours, 0));
    expect(addFlatSums(flat, [])).toEqual(emptySums());
  });
});

describe('position index', () => {
  it('finds every branch by id, dense or sparse, and nothing else', () => {
    for (const ids of [
      [5, 1, 9, 2],
      [3, 2_000_000_000, 7],
    ]) {
      const index = new PositionIndex(ids.map((id) => ({ id })));
      ids.forEach((id, i) => {
        expect(index.of(id)).toBe(i);
      });
      for (const other of [0, 4, 8, 10, -1, 1_999_999_999]) expect(index.of(other)).toBeUndefined();
    }
  });
});
