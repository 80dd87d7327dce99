/**
 * One calendar day, the college's (metrics.md "Periods"): today, yesterday's default asOf and the default
 * period come from the college's time zone (COLLEGE_TIME_ZONE, default Asia/Shanghai), never from the
 * process's or the browser's. Checked at fixed instants, in this process and in processes running in
 * TZ=UTC and TZ=America/Los_Angeles.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPeriod } from '../../client/src/lib/period-state';
import { readEnv } from '../../server/env';
import { resolveScope } from '../../server/metrics/scope';
import { collegeTimeZone, dayInZone, isTimeZone, todayIso } from '../../shared/schemas/date';

// 2026-12-06 20:00 UTC: already 7 December in Beijing, still 6 December in UTC and Los Angeles.
const EVENING_UTC = new Date('2026-12-06T20:00:00Z');
// 2026-12-31 16:30 UTC: 1 January 2027 in Beijing.
const NEW_YEAR_BEIJING = new Date('2026-12-31T16:30:00Z');

describe('the college’s calendar day', () => {
  it('is the day in the college’s zone at a fixed instant', () => {
    expect(todayIso(EVENING_UTC, 'Asia/Shanghai')).toBe('2026-12-07');
    expect(todayIso(EVENING_UTC, 'UTC')).toBe('2026-12-06');
    expect(dayInZone(EVENING_UTC, 'America/Los_Angeles')).toBe('2026-12-06');
    expect(collegeTimeZone()).toBe(process.env.COLLEGE_TIME_ZONE || 'Asia/Shanghai');
  });

  it('answers each zone and minute for itself (the last day is kept per zone and minute)', () => {
    // The same minute in two zones, in turn: each its own day.
    for (let i = 0; i < 2; i++) {
      expect(dayInZone(EVENING_UTC, 'Asia/Shanghai')).toBe('2026-12-07');
      expect(dayInZone(EVENING_UTC, 'UTC')).toBe('2026-12-06');
    }
    // One minute either side of midnight in Beijing (16:00 UTC), asked one after the other.
    expect(dayInZone(new Date('2026-12-06T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-12-06');
    expect(dayInZone(new Date('2026-12-06T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-07');
    expect(dayInZone(new Date('2026-12-06T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-12-06');
    // Kathmandu is UTC+5:45: its midnight falls on a whole minute too.
    expect(dayInZone(new Date('2026-12-06T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-12-06');
    expect(dayInZone(new Date('2026-12-06T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-12-07');
  });

  it('gives the default asOf (yesterday while the period runs) and the default period from it', () => {
    const today = todayIso(EVENING_UTC, 'Asia/Shanghai');
    expect(resolveScope('2026', undefined, today).asOf).toBe('2026-12-06');
    // 1 January in Beijing (nothing of 2027 counted yet), 31 December elsewhere: 2026 either way.
    expect(defaultPeriod(NEW_YEAR_BEIJING)).toBe('2026');
  });

  it('takes COLLEGE_TIME_ZONE from the environment and refuses a zone that does not exist', () => {
    expect(readEnv({}).timeZone).toBe('Asia/Shanghai');
    expect(readEnv({ COLLEGE_TIME_ZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
    expect(() => readEnv({ COLLEGE_TIME_ZONE: 'Mars/Olympus' })).toThrow(/COLLEGE_TIME_ZONE/);
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('')).toBe(false);
  });

  it('is the same day whatever the zone the process runs in', { timeout: 120_000 }, () => {
    const script = fileURLToPath(new URL('./college-today.probe.ts', import.meta.url));
    for (const tz of ['UTC', 'America/Los_Angeles']) {
      const [byDefault, inLosAngeles] = JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', script, 'America/Los_Angeles'], {
          env: { ...process.env, TZ: tz, COLLEGE_TIME_ZONE: '' },
          encoding: 'utf8',
        }),
      );
      expect(byDefault).toEqual({
        today: '2026-12-07',
        newYearToday: '2027-01-01',
        // On 1 January nothing of the new year is counted yet: the default period is the year before.
        period: '2026',
        asOf: '2026-12-06',
      });
      expect(inLosAngeles).toEqual({
        today: '2026-12-06',
        newYearToday: '2026-12-31',
        period: '2026',
        asOf: '2026-12-05',
      });
    }
  });
});
