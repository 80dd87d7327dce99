/**
 * The years the dashboard has records for: the period picker offers the first of them to this year
 * (metrics.years). Both dates are indexed, so each minimum is one index lookup.
 */
import type { DB } from '../database';

/** The earliest day a session or an achievement is dated, or null when there is none. */
export async function firstRecordDay(db: DB): Promise<string | null> {
  const activity = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.min('held_on').as('day'))
    .executeTakeFirst();
  const achievement = await db
    .selectFrom('achievements')
    .select((eb) => eb.fn.min('achieved_on').as('day'))
    .executeTakeFirst();
  const days = [activity?.day, achievement?.day].filter((day): day is string => typeof day === 'string');
  return days.length ? days.reduce((a, b) => (a < b ? a : b)) : null;
}
