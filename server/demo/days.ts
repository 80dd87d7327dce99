/**
 * Dates as day numbers (days since 1970-01-01, UTC): the generator compares and shifts dates
 * millions of times, which is cheap on integers and error-prone on strings or local-time Dates.
 */
const MS_PER_DAY = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function parseIsoDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(y, mo, d);
  // Rejects 2025-02-30 and the like, which Date.UTC silently rolls over.
  return toIsoDay(day) === iso ? day : undefined;
}

export function toIsoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** The number of days of a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 1) - dayOf(year, month, 1);
}
