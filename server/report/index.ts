/**
 * The review report (issue 12): for a period and one branch, one general branch or the whole college, a
 * PDF, a Word file or a slide deck. `buildReviewReport` (model.ts) gathers and words the engine's numbers;
 * one writer per format draws them. Used by the CLI (`npm run cli -- report`) and GET /api/report.
 */
import type { Writable } from 'node:stream';
import type { TReportFormatKey } from '../../shared/schemas/report';
import type { DBOrTrx } from '../db/database';
import { renderReportDocx } from './docx';
import { buildReviewReport, type TReportRequest } from './model';
import { writeReportPdf } from './pdf';
import { renderReportPptx } from './pptx';

export { REPORT_FORMAT_KEYS as REPORT_FORMATS } from '../../shared/schemas/report';
export type TReportFormat = TReportFormatKey;

export const REPORT_CONTENT_TYPES: Record<TReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export type { TReportTarget } from './model';

/**
 * Builds the report and writes it in one format; resolves with the document's title. `openOut` is called
 * only once the request has passed every check (unknown code, no access: AppError before any byte), so a
 * refusal leaves no file behind and an HTTP answer can still be an error.
 */
export async function writeReviewReport(
  db: DBOrTrx,
  request: TReportRequest & { format: TReportFormat },
  openOut: (title: string) => Writable,
  onSection?: (done: number, total: number) => void,
): Promise<{ title: string }> {
  const report = await buildReviewReport(db, request);
  const out = openOut(report.title);
  if (request.format === 'pdf') await writeReportPdf(report, out, onSection);
  else {
    const bytes =
      request.format === 'docx'
        ? await renderReportDocx(report, onSection)
        : await renderReportPptx(report, onSection);
    await new Promise<void>((resolve, reject) => {
      out.on('error', reject);
      out.end(bytes, resolve);
    });
  }
  return { title: report.title };
}
