import { createCallerFactory, router } from '../trpc';
import { branchesRouter } from './branches';
import { metricsRouter } from './metrics';

/** The root router: one sub-router per domain. */
export const appRouter = router({
  branches: branchesRouter,
  metrics: metricsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, e.g. `createCaller(createContextInner({ db, user }))` in tests. */
export const createCaller = createCallerFactory(appRouter);
