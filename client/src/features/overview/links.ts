/**
 * Drill-through addresses of the overview (dashboard convention): a branch's detail page with the
 * period and the records drawer to open, e.g. `/branch/XZ01?period=2025-08&drill=slots&type=theme_day`.
 */
import type { TRequirement } from '../../../../shared/domain';

export function branchLink(code: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  const text = query.toString();
  return `/branch/${encodeURIComponent(code)}${text ? `?${text}` : ''}`;
}

/** An overdue slot: the branch's slots of that type, in the slot's own period (a month or a quarter). */
export function slotLink(code: string, slot: string, type: TRequirement): string {
  return branchLink(code, { period: slot, drill: 'slots', type });
}

/** A branch of the ranking, in the period the overview shows. */
export function rankingLink(code: string, period: string, asOf?: string): string {
  return branchLink(code, { period, asOf });
}
