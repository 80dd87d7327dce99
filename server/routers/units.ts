/**
 * units.* (admin): the college's units (党委 / 党总支 / 党支部) — list, create, change (rename, move),
 * dissolve on a day, delete one nothing refers to. Rules and audit in server/units/unit-writes.ts.
 */
import {
  ZRecordRemoveSchema,
  ZUnitDissolveSchema,
  ZUnitInputSchema,
  ZUnitUpdateSchema,
} from '../../shared/schemas/record-inputs';
import { listUnits } from '../db/queries/units';
import { adminProcedure, router } from '../trpc';
import { changeUnit, createUnit, dissolveUnit, removeUnit } from '../units/unit-writes';

export const unitsRouter = router({
  list: adminProcedure.query(({ ctx }) => listUnits(ctx.db)),
  create: adminProcedure
    .input(ZUnitInputSchema)
    .mutation(({ ctx, input }) => createUnit(ctx.db, input, ctx.actor)),
  update: adminProcedure
    .input(ZUnitUpdateSchema)
    .mutation(({ ctx, input }) => changeUnit(ctx.db, input, ctx.actor)),
  dissolve: adminProcedure
    .input(ZUnitDissolveSchema)
    .mutation(({ ctx, input }) => dissolveUnit(ctx.db, input, ctx.actor)),
  remove: adminProcedure
    .input(ZRecordRemoveSchema)
    .mutation(({ ctx, input }) => removeUnit(ctx.db, input.id, ctx.actor)),
});
