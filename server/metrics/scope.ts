/**
 * A request's scope: its period and asOf resolved into the counted range (metrics.md "Periods, asOf and
 * the counted range"), opened once per request so every read of the request sees the same data.
 */

import { todayIso } from '../../shared/schemas/date';
import type { TMetricsScope } from '../../shared/schemas/metrics';
import { goalYearOf, resolveCountedRange } from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import { refreshRollups } from './rollups';

/** The period of a request. */
export interface TPeriodRequest {
  period: string;
  asOf?: string;
  /** "Today" for the asOf default (yesterday while the period runs); injectable for tests. */
  today?: string;
}

/** Resolves period/asOf into the scope; throws AppError (BAD_REQUEST) on bad input. */
export function resolveScope(
  period: string,
  asOf: string | undefined,
  today: string = todayIso(),
): TMetricsScope {
  const range = resolveCountedRange(period, asOf, today);
  return {
    period: range.period.label,
    start: range.start,
    asOf: range.asOf,
    goalYear: goalYearOf(range.start),
  };
}

/**
 * Opens a request's scope (the API's period procedures, the CLI): the period resolved, and the roll-ups
 * brought up to date. The functions taking a scope read the roll-ups as they are.
 */
export async function openScope(
  db: DBOrTrx,
  { period, asOf, today }: TPeriodRequest,
): Promise<TMetricsScope> {
  const scope = resolveScope(period, asOf, today);
  await refreshRollups(db);
  return scope;
}
