/**
 * The month and year string maths of shared/schemas/period.ts, which the engine's range plans, member
 * counts and alerts use instead of slicing dates themselves.
 */
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  monthEndOf,
  monthStartOf,
  sameYear,
  yearEndOf,
  yearStartOf,
} from '../../shared/schemas/period';

describe('month and year boundaries of an ISO day', () => {
  it('finds the first and last day of a month, leap Februaries included', () => {
    expect(monthStartOf('2025-03-17')).toBe('2025-03-01');
    expect(monthEndOf('2025-03-17')).toBe('2025-03-31');
    expect(monthEndOf('2024-02-01')).toBe('2024-02-29');
    expect(monthEndOf('2025-02-28')).toBe('2025-02-28');
    expect(monthEndOf('2100-02-10')).toBe('2100-02-28');
    expect(monthEndOf('2000-02-10')).toBe('2000-02-29');
    expect(monthEndOf('2025-04-30')).toBe('2025-04-30');
  });

  it('steps whole months across year ends in both directions', () => {
    expect(addMonths('2025-01-31', -1)).toBe('2024-12-01');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-01');
    expect(addMonths('2025-10-01', 2)).toBe('2025-12-01');
    expect(addMonths('2025-01-01', 11)).toBe('2025-12-01');
    expect(addMonths('2025-06-01', -18)).toBe('2023-12-01');
    expect(addMonths('2025-06-01', 0)).toBe('2025-06-01');
  });

  it('finds the year of a day', () => {
    expect(yearStartOf('2025-07-04')).toBe('2025-01-01');
    expect(yearEndOf('2025-07-04')).toBe('2025-12-31');
    expect(sameYear('2025-01-01', '2025-12-31')).toBe(true);
    expect(sameYear('2024-12-31', '2025-01-01')).toBe(false);
  });
});
