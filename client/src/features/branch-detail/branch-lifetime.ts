/**
 * A branch page for a period outside the branch's existence (issue 14.4): instead of an error card above a
 * grid of slots that never were, one sentence — founded on / dissolved on its date — and a link to the
 * period the branch does have (the year it was founded, or the last year it existed). The rule is the
 * server's (metrics.md "Which branches and members count"): reported when it exists on a day of the
 * counted range.
 */
import { addDays, type TParsedPeriod } from '../../../../shared/schemas/period';

export type TLifetimeNotice =
  | { kind: 'notFounded'; day: string; period: string }
  | { kind: 'dissolved'; day: string; period: string };

export function branchLifetimeNotice(
  branch: { establishedOn: string; dissolvedOn: string | null },
  { period, asOf, today }: { period: Pick<TParsedPeriod, 'start' | 'end'>; asOf?: string; today: string },
): TLifetimeNotice | null {
  // The counted range's last day: asOf, else the period's end or yesterday while it runs.
  const yesterday = addDays(today, -1);
  const lastCounted = asOf ?? (period.end < yesterday ? period.end : yesterday);
  if (branch.establishedOn > lastCounted) {
    return { kind: 'notFounded', day: branch.establishedOn, period: branch.establishedOn.slice(0, 4) };
  }
  if (branch.dissolvedOn !== null && branch.dissolvedOn < period.start) {
    return { kind: 'dissolved', day: branch.dissolvedOn, period: branch.dissolvedOn.slice(0, 4) };
  }
  return null;
}
