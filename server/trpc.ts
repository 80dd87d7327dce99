/**
 * The one place tRPC is initialised. Procedures are declared only through the named base procedures
 * exported here (never the raw `t`), so access rules can be added in one place.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { TUserRole } from '../shared/roles';
import type { Context } from './context';
import { formatError } from './errors';

/**
 * Who may call a procedure. Every procedure carries it (set by its base procedure), so a test can
 * walk the router and fail on a procedure that declares nothing.
 */
export interface TProcedureMeta {
  access: 'public' | 'authenticated' | readonly TUserRole[];
}

const t = initTRPC.context<Context>().meta<TProcedureMeta>().create({
  // Plain JSON on the wire (no transformer): dates travel as ISO strings, numbers as numbers.
  isDev: false,
  errorFormatter: formatError,
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.meta({ access: 'public' });

/** A signed-in user; after it `ctx.user` is non-null by type. */
export const authedProcedure = t.procedure.meta({ access: 'authenticated' }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A signed-in user with one of `roles` (the hook point for the access-control layer). */
export function roleProcedure(...roles: readonly [TUserRole, ...TUserRole[]]) {
  return authedProcedure.meta({ access: roles }).use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN' });
    return next();
  });
}
