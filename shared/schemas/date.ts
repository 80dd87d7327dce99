import { z } from 'zod';

/** A calendar day as ISO `YYYY-MM-DD` that exists (2025-02-30 is rejected). */
export const ZIsoDateSchema = z.iso.date();
export type TIsoDate = z.infer<typeof ZIsoDateSchema>;

/**
 * The calendar the metrics engine knows: the years of `calendar_slots` (migration 0300, 1990–2100).
 * Periods, asOf and "today" outside it are refused at the API's edge, so no date walk can run away
 * (a year 9999 month walk once stepped to `+010000-01`, which sorts before `9999-12-31` as text).
 * A test checks that these bounds equal the migrated calendar.
 */
export const CALENDAR_FIRST_YEAR = 1990;
export const CALENDAR_LAST_YEAR = 2100;
export const CALENDAR_FIRST_DAY = `${CALENDAR_FIRST_YEAR}-01-01`;
export const CALENDAR_LAST_DAY = `${CALENDAR_LAST_YEAR}-12-31`;

/** A message in both languages; the error formatter answers in the caller's (server/errors.ts). */
export interface TBilingual {
  zh: string;
  en: string;
}

/**
 * zod refinement options carrying both languages: `message` is the combined text (logs, CLI), the
 * formatter picks `params[lang]` for an API caller. `isStandalone`: the message says what it is about,
 * so the formatter shows it without the field name.
 */
export function bilingualIssue(
  message: TBilingual,
  { isStandalone = false }: { isStandalone?: boolean } = {},
): { message: string; params: TBilingual & { isStandalone?: true } } {
  return {
    message: `${message.zh} / ${message.en}`,
    params: isStandalone ? { ...message, isStandalone: true } : message,
  };
}

/** Whether an ISO day lies inside the engine's calendar (text order is date order for 4-digit years). */
export function isCalendarDay(iso: string): boolean {
  return ZIsoDateSchema.safeParse(iso).success && iso >= CALENDAR_FIRST_DAY && iso <= CALENDAR_LAST_DAY;
}

export const CALENDAR_RANGE_MESSAGE: TBilingual = {
  zh: `日期须为 ${CALENDAR_FIRST_DAY} 至 ${CALENDAR_LAST_DAY} 之间的有效日期（YYYY-MM-DD）`,
  en: `dates must be valid days (YYYY-MM-DD) from ${CALENDAR_FIRST_DAY} to ${CALENDAR_LAST_DAY}`,
};

/** A valid ISO day inside the engine's calendar, for every date a request may carry (asOf, today). */
export const ZCalendarDaySchema = z
  .string()
  .refine(isCalendarDay, bilingualIssue(CALENDAR_RANGE_MESSAGE, { isStandalone: true }));

/**
 * The college's time zone (metrics.md: "today" and "yesterday" are calendar days there, never the
 * server's or the browser's zone). The server takes `COLLEGE_TIME_ZONE` (default Asia/Shanghai); the
 * client takes the server's, from auth.me (setCollegeTimeZone).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
let timeZoneSetting: string | undefined;

/** Whether `zone` is an IANA time zone this runtime knows (Asia/Shanghai, UTC, America/New_York …). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** Sets the college's time zone for this runtime (the client, from the server; tests). */
export function setCollegeTimeZone(zone: string | undefined): void {
  timeZoneSetting = zone;
}

export function collegeTimeZone(): string {
  if (timeZoneSetting) return timeZoneSetting;
  // Worker threads and the CLI read the same environment variable as the server.
  const fromEnv = typeof process === 'undefined' ? undefined : process.env?.COLLEGE_TIME_ZONE;
  if (!fromEnv) return DEFAULT_TIME_ZONE;
  // Checked once per value (isTimeZone builds a formatter), not on every call.
  if (checkedEnvZone?.zone !== fromEnv) checkedEnvZone = { zone: fromEnv, isValid: isTimeZone(fromEnv) };
  return checkedEnvZone.isValid ? fromEnv : DEFAULT_TIME_ZONE;
}

let checkedEnvZone: { zone: string; isValid: boolean } | null = null;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The last answer of dayInZone, by zone and minute: the server asks for "today" several times per
 * request (sharing keys, scopes, warm keys), and formatToParts costs microseconds each. Every zone's
 * offset is a whole number of minutes, so a day never changes inside a minute.
 */
let lastDay: { timeZone: string; minute: number; day: TIsoDate } | null = null;

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function dayInZone(now: Date, timeZone: string): TIsoDate {
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastDay && lastDay.minute === minute && lastDay.timeZone === timeZone) return lastDay.day;
  const day = formatDay(now, timeZone);
  lastDay = { timeZone, minute, day };
  return day;
}

function formatDay(now: Date, timeZone: string): TIsoDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Today: the college's calendar day (its time zone), whatever the zone of the process or browser. */
export function todayIso(now: Date = new Date(), timeZone: string = collegeTimeZone()): TIsoDate {
  return dayInZone(now, timeZone);
}
