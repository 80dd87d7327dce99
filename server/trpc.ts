/**
 * The one place tRPC is initialised. Procedures are declared only through the named base procedures
 * exported here (never the raw `t`). Each base procedure is one access level of server/auth/roles.ts
 * (`ACCESS`), carried as `meta.access`, so there is one description of who may do what and a test
 * can walk the router and fail on a procedure that declares nothing.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { AppError } from '../shared/app-error';
import { ZPeriodInputSchema } from '../shared/schemas/period';
import { forbidden, unauthorized } from './access-errors';
import { isAllowed, type TAccessLevel } from './auth/roles';
import type { TAuditActor } from './auth/types';
import type { Context } from './context';
import { isBusyError } from './db/write-window';
import { formatError } from './errors';
import { openScope } from './metrics/scope';

export interface TProcedureMeta {
  access: TAccessLevel;
  /**
   * The answer depends only on the input, the data, the day and the caller's role and branch — not on
   * who the caller is otherwise — so the HTTP layer may serve one computed answer to every such caller
   * (server/http/response-cache.ts). Only queries of aggregates declare it.
   */
  sharedByRole?: boolean;
}

const t = initTRPC.context<Context>().meta<TProcedureMeta>().create({
  // Plain JSON on the wire (no transformer): dates travel as ISO strings, numbers as numbers.
  isDev: false,
  errorFormatter: formatError,
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const BUSY_MESSAGE = {
  zh: '数据库正忙（可能正在导入数据），请稍后重试',
  en: 'The database is busy (an import may be running); please try again shortly',
};

/**
 * Every procedure, the one place expected failures become API errors: an `AppError` thrown anywhere
 * below (access checks, input rules of server functions, unknown rows) answers its code with the
 * message in the caller's language only; a write that found the database locked past its wait (a
 * long import holds the lock) answers 503 saying so, not a 500.
 */
const base = t.procedure.use(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  const expected =
    cause instanceof AppError
      ? cause
      : isBusyError(cause)
        ? new AppError('SERVICE_UNAVAILABLE', BUSY_MESSAGE)
        : null;
  if (!expected) return result;
  throw new TRPCError({ code: expected.code, message: expected.messageIn(ctx.lang), cause });
});

/** Anyone, signed in or not: only sign-in and what the login page needs. */
export const publicProcedure = base.meta({ access: 'public' });

/**
 * A signed-in user of one of the level's roles; 401 without a session, 403 with the wrong role.
 * After it `ctx.user` is non-null by type and `ctx.actor` names the user and the procedure for the audit trail.
 */
function levelProcedure(level: Exclude<TAccessLevel, 'public'>) {
  return base.meta({ access: level }).use(({ ctx, next, path }) => {
    const { user } = ctx;
    if (!user) throw unauthorized();
    if (!isAllowed(level, user)) throw forbidden();
    const actor: TAuditActor = { user: { id: user.id, username: user.username }, procedure: path };
    return next({ ctx: { ...ctx, user, actor } });
  });
}

/** Every role (reads of aggregates, own account). */
export const authedProcedure = levelProcedure('signedIn');
/** Every role; a query whose answer is shared by every caller of the same role and branch (`sharedByRole`). */
export const sharedReadProcedure = authedProcedure.meta({ access: 'signedIn', sharedByRole: true });
/**
 * A read over one counted range (metrics.md): the input's `{ period, asOf }` is resolved and the
 * roll-ups are brought up to date once per call, as `ctx.scope`, which the server functions take.
 * Procedures add their own fields with a further `.input(…)`.
 */
export const periodReadProcedure = sharedReadProcedure
  .input(ZPeriodInputSchema)
  .use(async ({ ctx, input, next }) => next({ ctx: { ...ctx, scope: await openScope(ctx.db, input) } }));
/**
 * Writes to a branch's records (admin: any branch; secretary: its own). The level lets the roles in;
 * each procedure still checks the rows' branches (`canEditBranch`, server/records/branch-access.ts).
 */
export const branchEditorProcedure = levelProcedure('branchEditor');
/** The organization department: organisation, goals, weights, imports, users, audit trail. */
export const adminProcedure = levelProcedure('admin');
