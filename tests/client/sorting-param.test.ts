import { describe, expect, it } from 'vitest';
import { formatSorting, parseSorting } from '../../client/src/lib/sorting-param';

describe('sorting in the address', () => {
  it('round-trips multi-column sorting', () => {
    const sorting = [
      { id: 'activitiesTotal', desc: true },
      { id: 'code', desc: false },
    ];
    expect(formatSorting(sorting)).toBe('activitiesTotal.desc,code');
    expect(parseSorting('activitiesTotal.desc,code')).toEqual(sorting);
  });

  it('treats missing or junk values as no sorting', () => {
    expect(parseSorting(null)).toEqual([]);
    expect(parseSorting(',,.desc')).toEqual([]);
    expect(formatSorting([])).toBeNull();
  });
});
