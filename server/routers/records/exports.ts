/**
 * records.exportSheet (issue 12): a branch's activities, achievements or members as a file in the import
 * layout (server/export/record-export.ts), so that it imports back unchanged. Read like the lists on the
 * branch page: admin and leader any branch, a secretary her own (403 here, and the queries' row scoping).
 * Members without a branch are the 党员名册's export: every readable branch's memberships on the roll in
 * the period (a secretary's narrowed to her branch in SQL), named 全院 or after her branch.
 * The file travels base64 in the JSON answer: one branch's records are small, and the call keeps the
 * API's session, access check and error format.
 */
import { ZRecordExportInputSchema } from '../../../shared/schemas/record-export';
import type { TPolicyUser } from '../../auth/roles';
import type { DBOrTrx } from '../../db/database';
import { buildRecordExport } from '../../export/record-export';
import { periodReadProcedure } from '../../trpc';
import { assertCanReadRecords, branchByCode } from './reads';

/** Whose roster it is: a secretary's branch, or the whole college (the roster page's 全院). */
async function rosterSubject(db: DBOrTrx, user: TPolicyUser): Promise<string> {
  if (user.role !== 'secretary' || user.branchId === null) return '全院';
  const unit = await db.selectFrom('units').select('name').where('id', '=', user.branchId).executeTakeFirst();
  return unit?.name ?? '全院';
}

export const recordExports = {
  exportSheet: periodReadProcedure.input(ZRecordExportInputSchema).query(async ({ ctx, input }) => {
    const branch = input.code === undefined ? undefined : await branchByCode(ctx.db, input.code);
    if (branch) assertCanReadRecords(ctx.user, branch.id);
    const file = await buildRecordExport(ctx.db, {
      sheet: input.sheet,
      format: input.format,
      branch,
      subjectName: branch?.name ?? (await rosterSubject(ctx.db, ctx.user)),
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
