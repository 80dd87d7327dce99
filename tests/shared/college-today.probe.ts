/**
 * Run by college-today.test.ts in a child process with another TZ: prints what "today" resolves to for
 * the college's zone as the environment sets it and for each zone named on the command line.
 */
import { defaultPeriod } from '../../client/src/lib/period-state';
import { resolveScope } from '../../server/metrics/scope';
import { setCollegeTimeZone, todayIso } from '../../shared/schemas/date';

const evening = new Date('2026-12-06T20:00:00Z');
const newYear = new Date('2026-12-31T16:30:00Z');
const zones = ['', ...process.argv.slice(2)];
const answers = zones.map((zone) => {
  // '' leaves the zone to the environment (COLLEGE_TIME_ZONE, else the default).
  setCollegeTimeZone(zone || undefined);
  const today = todayIso(evening);
  return {
    today,
    newYearToday: todayIso(newYear),
    period: defaultPeriod(newYear),
    asOf: resolveScope('2026', undefined, today).asOf,
  };
});
console.log(JSON.stringify(answers));
