/** The audit trail, for the organization department only. */
import { listAudit, ZAuditFilterSchema } from '../audit/audit';
import { adminProcedure, router } from '../trpc';

export const auditRouter = router({
  list: adminProcedure
    .input(ZAuditFilterSchema.optional())
    .query(({ ctx, input }) => listAudit(ctx.db, input ?? {})),
});
