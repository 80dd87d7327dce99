import { describe, expect, it } from 'vitest';
import {
  columnValue,
  drillUrl,
  formatDeltaValue,
  formatValue,
  toCompareRow,
} from '../../client/src/features/compare/compare-metrics';
import {
  formatFilters,
  formatHidden,
  MAX_SELECTED,
  parseFilters,
  parseHidden,
  readCompareState,
  toggleSelected,
} from '../../client/src/features/compare/compare-url-state';

describe('compare view in the address', () => {
  it('round-trips range and text filters', () => {
    const filters = [
      { id: 'complianceRate', value: [0.9, null] },
      { id: 'sessions', value: [null, 12] },
      { id: 'name', value: '行政' },
    ];
    const text = formatFilters(filters);
    expect(text).toBe('complianceRate:0.9..;sessions:..12;name:行政');
    expect(parseFilters(text)).toEqual(filters);
    expect(
      formatFilters([
        { id: 'x', value: [null, null] },
        { id: 'y', value: '  ' },
      ]),
    ).toBeNull();
    expect(parseFilters('bad;x:..;y:abc..')).toEqual([]);
  });

  it('round-trips hidden columns and reads defaults', () => {
    expect(formatHidden(parseHidden('code,parent'))).toBe('code,parent');
    expect(formatHidden({ code: true })).toBeNull();
    const state = readCompareState(
      new URLSearchParams('sel=A,B,A&rank=category&delta=1&by=nope&bars=sessions,zzz'),
    );
    expect(state.selected).toEqual(['A', 'B']);
    expect(state.rankMode).toBe('category');
    expect(state.showDelta).toBe(true);
    expect(state.rankingMetric).toBe('index');
    expect(state.barMetrics).toEqual(['sessions']);
    expect(readCompareState(new URLSearchParams('')).rankMode).toBe('all');
  });

  it('selects at most six branches', () => {
    let selected: string[] = [];
    for (const code of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) selected = toggleSelected(selected, code);
    expect(selected).toHaveLength(MAX_SELECTED);
    expect(selected).not.toContain('g');
    expect(toggleSelected(selected, 'c')).toEqual(['a', 'b', 'd', 'e', 'f']);
  });
});

describe('compare cells', () => {
  const branch = {
    id: 1,
    code: 'XZ01',
    name: '行政第一党支部',
    category: 'admin' as const,
    parentId: null,
    parentCode: null,
    parentName: null,
    establishedOn: '2020-01-01',
    dissolvedOn: null,
  };

  it('reads rank overall or within category, and goal summaries', () => {
    const row = toCompareRow({
      branch,
      metrics: {
        complianceRate: 0.9428571428571428,
        rank: 3,
        categoryRank: 1,
        moduleShare: { spirit: 0.5, capability: null, development: 0.5 },
        goals: {
          complianceRate: { target: 0.95, attainment: 0.99, status: 'near' },
          sessions: { target: 30, attainment: 1, status: 'met' },
        },
      },
    });
    expect(row.isRestricted).toBe(false);
    expect(columnValue(row, 'rank', 'all')).toBe(3);
    expect(columnValue(row, 'rank', 'category')).toBe(1);
    expect(columnValue(row, 'goalsMet')).toBe(1);
    expect(columnValue(row, 'meanAttainment')).toBeCloseTo(0.995);
    expect(columnValue(row, 'share_capability')).toBeNull();
    expect(formatValue('complianceRate', columnValue(row, 'complianceRate'))).toBe('94.3%');
  });

  it('shows a dash for what a restricted row does not carry', () => {
    const row = toCompareRow({ branch, index: 71.5, rank: 4 });
    expect(row.isRestricted).toBe(true);
    expect(formatValue('index', columnValue(row, 'index'))).toBe('71.5');
    expect(formatValue('rank', columnValue(row, 'rank'))).toBe('4');
    expect(formatValue('complianceRate', columnValue(row, 'complianceRate'))).toBe('—');
    expect(columnValue(row, 'goalsMet')).toBeNull();
  });

  it('formats year-over-year changes by kind', () => {
    expect(formatDeltaValue('complianceRate', 0.0321)).toBe('+3.2pp');
    expect(formatDeltaValue('sessions', -3)).toBe('−3');
    expect(formatDeltaValue('formatEvenness', 0.05)).toBe('+0.05');
    expect(formatDeltaValue('index', null)).toBe('—');
  });

  it('drills each number through to the records behind it', () => {
    const scope = { period: '2025' };
    expect(drillUrl('XZ01', 'complianceRate', scope)).toBe('/branch/XZ01?period=2025&drill=slots');
    expect(drillUrl('XZ01', 'ritualRate', { period: '2025-Q2', asOf: '2025-05-31' })).toBe(
      '/branch/XZ01?period=2025-Q2&asOf=2025-05-31&drill=sessions&type=theme_day',
    );
    expect(drillUrl('XZ01', 'volunteerHours', scope)).toBe(
      '/branch/XZ01?period=2025&drill=achievements&kind=volunteer_service',
    );
    expect(drillUrl('XZ01', 'awards', scope)).toContain('kind=award');
    expect(drillUrl('XZ01', 'sessions', scope)).toBe('/branch/XZ01?period=2025&drill=sessions');
    expect(drillUrl('XZ01', null, scope)).toBe('/branch/XZ01?period=2025');
  });
});
