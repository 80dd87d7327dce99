import { describe, expect, it } from 'vitest';
import { planSums } from '../../../server/metrics/range-plan';
import { AppError } from '../../../shared/app-error';
import {
  parsePeriod,
  resolveCountedRange,
  shiftYearBack,
  ZPeriodSchema,
} from '../../../shared/schemas/period';

describe('periods', () => {
  it('parses the four forms and rejects others', () => {
    expect(parsePeriod('2025')).toEqual({
      label: '2025',
      kind: 'year',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    expect(parsePeriod('2024-Q1')).toMatchObject({ start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('2024-02')).toMatchObject({ start: '2024-02-01', end: '2024-02-29' });
    expect(parsePeriod('2025-03-01..2025-08-31')).toMatchObject({
      kind: 'range',
      start: '2025-03-01',
      end: '2025-08-31',
    });
    for (const bad of ['2025-Q5', '2025-13', '2025-08-31..2025-03-01', '2025-02-30..2025-03-01', 'x']) {
      expect(parsePeriod(bad)).toBeUndefined();
      expect(ZPeriodSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('defaults, clamps and validates asOf', () => {
    expect(resolveCountedRange('2025', undefined, '2026-02-01').asOf).toBe('2025-12-31');
    expect(resolveCountedRange('2025', undefined, '2025-07-15').asOf).toBe('2025-07-14');
    expect(resolveCountedRange('2025-Q2', '2025-12-31', '2026-01-01').asOf).toBe('2025-06-30');
    expect(() => resolveCountedRange('2025-Q2', '2025-03-31', '2026-01-01')).toThrow(AppError);
    expect(() => resolveCountedRange('2025', undefined, '2025-01-01')).toThrow(AppError);
  });

  it('shifts one year back with 29 February → 28 February', () => {
    expect(shiftYearBack('2024-02-29')).toBe('2023-02-28');
    expect(shiftYearBack('2025-03-01')).toBe('2024-03-01');
  });

  it('splits a range into the fewest whole slots and partial-month edges', () => {
    const slots = [
      { label: '2025-03', length: 'month', start: '2025-03-01', end: '2025-03-31' },
      { label: '2025-Q2', length: 'quarter', start: '2025-04-01', end: '2025-06-30' },
      { label: '2025-04', length: 'month', start: '2025-04-01', end: '2025-04-30' },
      { label: '2025-05', length: 'month', start: '2025-05-01', end: '2025-05-31' },
      { label: '2025-06', length: 'month', start: '2025-06-01', end: '2025-06-30' },
    ] as const;
    expect(planSums('2025-02-15', '2025-07-10', slots)).toEqual({
      slots: [
        { length: 'month', start: '2025-03-01' },
        { length: 'quarter', start: '2025-04-01' },
      ],
      edges: [
        { from: '2025-02-15', to: '2025-02-28' },
        { from: '2025-07-01', to: '2025-07-10' },
      ],
    });
    expect(planSums('2025-07-02', '2025-07-09', [])).toEqual({
      slots: [],
      edges: [{ from: '2025-07-02', to: '2025-07-09' }],
    });
  });
});
