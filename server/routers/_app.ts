import { createCallerFactory, router } from '../trpc';
import { branchesRouter } from './branches';

/** The root router: one sub-router per domain. */
export const appRouter = router({
  branches: branchesRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, e.g. `createCaller(createContextInner({ db, user }))` in tests. */
export const createCaller = createCallerFactory(appRouter);
