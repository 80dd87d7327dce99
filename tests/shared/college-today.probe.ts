/** Run by college-today.test.ts in a child process with another TZ: prints what "today" resolves to. */
import { defaultPeriod } from '../../client/src/lib/period-state';
import { resolveScope } from '../../server/metrics/scope';
import { todayIso } from '../../shared/schemas/date';

const evening = new Date('2026-12-06T20:00:00Z');
const newYear = new Date('2026-12-31T16:30:00Z');
const today = todayIso(evening);
console.log(
  JSON.stringify({
    today,
    newYearToday: todayIso(newYear),
    period: defaultPeriod(newYear),
    asOf: resolveScope('2026', undefined, today).asOf,
  }),
);
