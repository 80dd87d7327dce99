import { z } from 'zod';

/** A calendar day as ISO `YYYY-MM-DD` that exists (2025-02-30 is rejected). */
export const ZIsoDateSchema = z.iso.date();
export type TIsoDate = z.infer<typeof ZIsoDateSchema>;

/** Today in local time as `YYYY-MM-DD` (the college's calendar day, not UTC's). */
export function todayIso(now: Date = new Date()): TIsoDate {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
