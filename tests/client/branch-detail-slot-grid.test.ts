import { describe, expect, it } from 'vitest';
import { indexStatus } from '../../client/src/features/branch-detail/branch-header';
import { drillHref, drillParams, readDrill } from '../../client/src/features/branch-detail/drill-state';
import {
  buildSlotGrid,
  slotHeading,
  type TSlotInput,
} from '../../client/src/features/branch-detail/slot-grid';

const slot = (
  type: TSlotInput['type'],
  label: string,
  length: TSlotInput['length'],
  status: TSlotInput['status'],
  ids: number[] = [],
): TSlotInput => ({
  type,
  slot: label,
  length,
  status,
  sessionIds: ids,
});

describe('buildSlotGrid', () => {
  const slots = [
    slot('theme_day', '2025-02', 'month', 'met', [7]),
    slot('committee_meeting', '2025-01', 'month', 'missed'),
    slot('theme_day', '2025-01', 'month', 'met', [1, 2]),
    slot('committee_meeting', '2025-02', 'month', 'pending'),
    slot('general_meeting', '2025-Q1', 'quarter', 'met', [3]),
    slot('org_life_meeting', '2025', 'year', 'pending'),
  ];

  it('makes one block per length with owed types as rows in REQUIREMENTS order and slots in calendar order', () => {
    const grid = buildSlotGrid(slots);
    expect(grid.blocks.map((b) => b.length)).toEqual(['month', 'quarter', 'year']);
    const months = grid.blocks[0]!;
    expect(months.slots).toEqual(['2025-01', '2025-02']);
    expect(months.rows.map((r) => r.type)).toEqual(['committee_meeting', 'theme_day']);
    expect(months.rows[0]!.cells).toEqual([
      { slot: '2025-01', status: 'missed', sessions: 0 },
      { slot: '2025-02', status: 'pending', sessions: 0 },
    ]);
    expect(months.rows[1]!.cells.map((c) => c?.sessions)).toEqual([2, 1]);
    expect(grid.totals).toEqual({ met: 3, missed: 1, pending: 2, outside: 0 });
  });

  it('counts slots outside the branch’s existence apart, never as pending', () => {
    const grid = buildSlotGrid([
      slot('theme_day', '2025-03', 'month', 'outside'),
      slot('theme_day', '2025-04', 'month', 'outside', [4]),
      slot('theme_day', '2025-05', 'month', 'pending'),
    ]);
    expect(grid.totals).toEqual({ met: 0, missed: 0, pending: 1, outside: 2 });
    expect(grid.blocks[0]!.rows[0]!.cells.map((c) => c?.status)).toEqual(['outside', 'outside', 'pending']);
  });

  it('leaves a cell empty (null) when the slot is not in the data, and omits empty lengths', () => {
    const grid = buildSlotGrid([
      slot('theme_day', '2025-01', 'month', 'met', [1]),
      slot('committee_meeting', '2025-02', 'month', 'missed'),
    ]);
    expect(grid.blocks).toHaveLength(1);
    expect(grid.blocks[0]!.rows[0]!.cells).toEqual([
      null,
      { slot: '2025-02', status: 'missed', sessions: 0 },
    ]);
  });

  it('labels slots briefly in both languages', () => {
    expect(slotHeading('2025-03', 'zh')).toBe('3月');
    expect(slotHeading('2025-03', 'en')).toBe('Mar');
    expect(slotHeading('2025-Q2', 'zh')).toBe('Q2');
    expect(slotHeading('2025', 'en')).toBe('2025');
  });
});

describe('drill state in the address', () => {
  it('reads the documented links and drops unknown values', () => {
    expect(readDrill(new URLSearchParams('drill=slots&type=theme_day'))).toEqual({
      drill: 'slots',
      type: 'theme_day',
    });
    expect(readDrill(new URLSearchParams('drill=sessions&slot=2025-03&type=theme_day'))).toEqual({
      drill: 'sessions',
      slot: '2025-03',
      type: 'theme_day',
    });
    expect(readDrill(new URLSearchParams('drill=achievements&kind=volunteer_service'))).toEqual({
      drill: 'achievements',
      kind: 'volunteer_service',
    });
    expect(readDrill(new URLSearchParams('drill=sessions&slot=2025-13&type=nope'))).toEqual({
      drill: 'sessions',
    });
    expect(readDrill(new URLSearchParams('drill=everything'))).toBeNull();
    expect(readDrill(new URLSearchParams('period=2025'))).toBeNull();
  });

  it('round-trips through parameters and links, and closing clears every drill parameter', () => {
    const drill = { drill: 'sessions' as const, slot: '2025-Q1', type: 'general_meeting' as const };
    const href = drillHref('XZ01', drill, '2025');
    expect(href).toBe('/branch/XZ01?period=2025&drill=sessions&type=general_meeting&slot=2025-Q1');
    expect(readDrill(new URL(href, 'http://x').searchParams)).toEqual(drill);
    expect(drillParams(null)).toEqual({ drill: null, type: null, slot: null, kind: null });
  });
});

describe('indexStatus', () => {
  it('uses the goal thresholds of metrics.md', () => {
    expect([indexStatus(100), indexStatus(84), indexStatus(79.9), indexStatus(null)]).toEqual([
      'met',
      'near',
      'behind',
      'none',
    ]);
  });
});
