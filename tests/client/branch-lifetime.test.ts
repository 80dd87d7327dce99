/** A branch page outside the branch's life (issue 14.4): founded after / dissolved before the period, and the period to open instead. */
import { describe, expect, it } from 'vitest';
import { branchLifetimeNotice } from '../../client/src/features/branch-detail/branch-lifetime';

const year = (y: number) => ({ start: `${y}-01-01`, end: `${y}-12-31` });
const today = '2026-12-07';

describe('branchLifetimeNotice', () => {
  const founded = { establishedOn: '2025-04-14', dissolvedOn: null };
  const dissolved = { establishedOn: '2012-01-01', dissolvedOn: '2024-06-30' };

  it('a branch founded after the period: when, and its first year', () => {
    expect(branchLifetimeNotice(founded, { period: year(2024), today })).toEqual({
      kind: 'notFounded',
      day: '2025-04-14',
      period: '2025',
    });
    // Founded on a day of the period: it exists, nothing to say.
    expect(branchLifetimeNotice(founded, { period: year(2025), today })).toBeNull();
    // An asOf before the founding day counts nothing of it.
    expect(branchLifetimeNotice(founded, { period: year(2025), asOf: '2025-03-31', today })?.kind).toBe(
      'notFounded',
    );
  });

  it('founded today: the running period counts through yesterday, so not yet', () => {
    expect(
      branchLifetimeNotice({ establishedOn: today, dissolvedOn: null }, { period: year(2026), today })?.kind,
    ).toBe('notFounded');
  });

  it('a branch dissolved before the period: when, and its last year', () => {
    expect(branchLifetimeNotice(dissolved, { period: year(2025), today })).toEqual({
      kind: 'dissolved',
      day: '2024-06-30',
      period: '2024',
    });
    expect(branchLifetimeNotice(dissolved, { period: year(2024), today })).toBeNull();
  });
});
