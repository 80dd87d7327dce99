/** The pure logic of the 党员名册 and the units form: the roster's search, a transfer's first day, a unit's possible parents. */
import { describe, expect, it } from 'vitest';
import {
  parentOptionsFor,
  type TUnitRow,
  unitInputOf,
} from '../../client/src/features/org-admin/unit-form-model';
import {
  filterRoster,
  type TRosterRow,
  transferJoinDay,
} from '../../client/src/features/roster/roster-model';

const member = (code: string, name: string, branchCode: string): TRosterRow => ({
  id: code.length,
  code,
  name,
  role: 'member',
  joinedOn: '2024-01-01',
  leftOn: null,
  branchId: 1,
  branchCode,
  branchName: `${branchCode} 支部`,
  shares: 0,
});

const unit = (id: number, code: string, kind: TUnitRow['kind'], parentId: number | null): TUnitRow => ({
  id,
  code,
  name: code,
  kind,
  parentId,
  parentCode: null,
  parentName: null,
  category: kind === 'branch' ? 'admin' : null,
  establishedOn: '2020-01-01',
  dissolvedOn: null,
  hasGroups: false,
  childCount: 0,
  recordCount: 0,
});

describe('filterRoster', () => {
  const rows = [member('M001', '王娟', 'XZ01'), member('m002', '李强', 'JG01')];
  it('matches name, code (any case) and branch; a blank search keeps every row', () => {
    expect(filterRoster(rows, '王').map((r) => r.code)).toEqual(['M001']);
    expect(filterRoster(rows, 'M002').map((r) => r.code)).toEqual(['m002']);
    expect(filterRoster(rows, 'jg01').map((r) => r.code)).toEqual(['m002']);
    expect(filterRoster(rows, '  ')).toBe(rows);
    expect(filterRoster(rows, '赵')).toEqual([]);
  });
});

describe('transferJoinDay', () => {
  it('is the day after the last day in the old branch, across month and leap-year ends', () => {
    expect(transferJoinDay('2025-06-30')).toBe('2025-07-01');
    expect(transferJoinDay('2024-02-28')).toBe('2024-02-29');
    expect(transferJoinDay('2025-12-31')).toBe('2026-01-01');
  });
});

describe('parentOptionsFor', () => {
  const units = [
    unit(1, 'DW', 'committee', null),
    unit(2, 'ZZ01', 'general_branch', 1),
    unit(3, 'ZZ02', 'general_branch', 2),
    unit(4, 'XZ01', 'branch', 2),
  ];
  it('offers no branch, and for an existing unit neither itself nor anything below it', () => {
    expect(parentOptionsFor(units, null).map((u) => u.code)).toEqual(['DW', 'ZZ01', 'ZZ02']);
    expect(parentOptionsFor(units, 2).map((u) => u.code)).toEqual(['DW']);
    expect(parentOptionsFor(units, 4).map((u) => u.code)).toEqual(['DW', 'ZZ01', 'ZZ02']);
  });
});

describe('unitInputOf', () => {
  it('sends blanks as the schema reads them (null, false, empty text)', () => {
    expect(unitInputOf({ code: 'X1' })).toEqual({
      code: 'X1',
      name: '',
      kind: '',
      parentCode: null,
      category: null,
      establishedOn: '',
      dissolvedOn: null,
      hasGroups: false,
    });
  });
});
