/**
 * records.exportSheet (issue 12): a branch's activities, achievements or members as a file in the import
 * layout (server/export/record-export.ts), so that it imports back unchanged. Read like the lists on the
 * branch page: admin and leader any branch, a secretary her own (403 here, and the queries' row scoping).
 * The file travels base64 in the JSON answer: one branch's records are small, and the call keeps the
 * API's session, access check and error format.
 */
import { ZRecordExportInputSchema } from '../../../shared/schemas/record-export';
import { buildRecordExport } from '../../export/record-export';
import { periodReadProcedure } from '../../trpc';
import { assertCanReadRecords, branchByCode } from './reads';

export const recordExports = {
  exportSheet: periodReadProcedure.input(ZRecordExportInputSchema).query(async ({ ctx, input }) => {
    const branch = await branchByCode(ctx.db, input.code);
    assertCanReadRecords(ctx.user, branch.id);
    const file = await buildRecordExport(ctx.db, {
      sheet: input.sheet,
      format: input.format,
      branch,
      start: ctx.scope.start,
      asOf: ctx.scope.asOf,
      periodLabel: ctx.scope.period,
      viewer: ctx.user,
      filter: { type: input.type, ids: input.ids, kind: input.kind },
    });
    return {
      fileName: file.fileName,
      mimeType: file.mimeType,
      base64: Buffer.from(file.bytes).toString('base64'),
    };
  }),
};
