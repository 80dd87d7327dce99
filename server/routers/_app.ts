import { createCallerFactory, router } from '../trpc';
import { auditRouter } from './audit';
import { authRouter } from './auth';
import { branchesRouter } from './branches';
import { goalsRouter } from './goals';
import { membersRouter } from './members';
import { metricsRouter } from './metrics';
import { overviewRouter } from './overview';
import { recordsRouter } from './records/router';
import { unitsRouter } from './units';
import { usersRouter } from './users';

/** The root router: one sub-router per domain. */
export const appRouter = router({
  auth: authRouter,
  audit: auditRouter,
  branches: branchesRouter,
  goals: goalsRouter,
  metrics: metricsRouter,
  overview: overviewRouter,
  members: membersRouter,
  records: recordsRouter,
  units: unitsRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, e.g. `createCaller(createContextInner({ db, user }))` in tests. */
export const createCaller = createCallerFactory(appRouter);
