/**
 * Input of records.exportSheet (issue 12): one of a branch's record lists, in the import layout, over the
 * counted range of a period, as an .xlsx workbook or a .csv file — all of it, or what a drill-through
 * shows (activities of one requirement or some ids, achievements of one kind). Members may leave out the
 * branch: then the 党员名册's rows — the memberships on the roll in the period, of every branch the
 * caller may read (a secretary her own).
 */
import { z } from 'zod';
import { ACHIEVEMENT_KINDS, REQUIREMENTS } from '../domain';
import { ZPeriodInputSchema } from './period';

export const RECORD_EXPORT_SHEETS = ['activities', 'achievements', 'members'] as const;
export type TRecordExportSheet = (typeof RECORD_EXPORT_SHEETS)[number];

export const ZRecordExportInputSchema = ZPeriodInputSchema.extend({
  /** The branch; only the members sheet may go without one (the roster's export). */
  code: z.string().trim().min(1).max(64).optional(),
  sheet: z.enum(RECORD_EXPORT_SHEETS),
  format: z.enum(['xlsx', 'csv']),
  /** A drill-through's narrowing, as records.activities / records.achievements take it. */
  type: z.enum(REQUIREMENTS.keys).optional(),
  ids: z.array(z.number().int().positive()).max(1000).optional(),
  kind: z.enum(ACHIEVEMENT_KINDS.keys).optional(),
}).refine((input) => input.code !== undefined || input.sheet === 'members', {
  path: ['code'],
  message: 'A branch code is required for activities and achievements',
});
export type TRecordExportInput = z.infer<typeof ZRecordExportInputSchema>;
