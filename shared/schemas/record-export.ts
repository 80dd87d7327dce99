/**
 * Input of records.exportSheet (issue 12): one of a branch's record lists, in the import layout, over the
 * counted range of a period, as an .xlsx workbook or a .csv file.
 */
import { z } from 'zod';
import { ZPeriodInputSchema } from './period';

export const RECORD_EXPORT_SHEETS = ['activities', 'achievements', 'members'] as const;
export type TRecordExportSheet = (typeof RECORD_EXPORT_SHEETS)[number];

export const ZRecordExportInputSchema = ZPeriodInputSchema.extend({
  code: z.string().trim().min(1).max(64),
  sheet: z.enum(RECORD_EXPORT_SHEETS),
  format: z.enum(['xlsx', 'csv']),
});
export type TRecordExportInput = z.infer<typeof ZRecordExportInputSchema>;
