/**
 * The review report over HTTP (server/http/report-route.ts; the "生成报告" menu): the request, one job's
 * progress, and the paths. A report of many branches takes seconds, so it runs as a job the page polls;
 * the finished file is downloaded once ready.
 */
import { z } from 'zod';
import { ZPeriodInputSchema } from './period';

export const REPORT_FORMAT_KEYS = ['pdf', 'docx', 'pptx'] as const;
export type TReportFormatKey = (typeof REPORT_FORMAT_KEYS)[number];

export const REPORT_START_PATH = '/api/report';
export const REPORT_PROGRESS_PATH = '/api/report/progress';
export const REPORT_FILE_PATH = '/api/report/file';

const ZUnitCodeSchema = z.string().trim().min(1).max(64);

/** One branch (`branch`), the branches under one unit (`unit`), or the college (neither). */
export const ZReportRequestSchema = ZPeriodInputSchema.extend({
  format: z.enum(REPORT_FORMAT_KEYS),
  branch: ZUnitCodeSchema.optional(),
  unit: ZUnitCodeSchema.optional(),
}).refine((r) => !(r.branch && r.unit), {
  message: '只能选择一个支部或一个党总支 / a branch or a unit, not both',
});
export type TReportRequest = z.infer<typeof ZReportRequestSchema>;

export interface TReportJobProgress {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** Branch sections written / to write (0 / 0 while the figures are gathered). */
  done: number;
  total: number;
  /** The file's name once done; the refusal in the caller's language when failed. */
  fileName: string | null;
  message: string | null;
}
