/**
 * The API's types as the client sees them: inferred from the router, never imported from the server's
 * modules (tests/client/no-server-imports.test.ts keeps it so). `AppRouter` is the one server type the
 * client names; every other type is what a procedure takes or answers.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/routers/_app';

export type TRouterInputs = inferRouterInputs<AppRouter>;
export type TRouterOutputs = inferRouterOutputs<AppRouter>;

/** The signed-in user (`auth.me`). */
export type TAuthUser = TRouterOutputs['auth']['me'];

/** The audit trail's filter (`audit.list` input) and one entry of its answer. */
export type TAuditFilter = NonNullable<TRouterInputs['audit']['list']>;
export type TAuditEntry = TRouterOutputs['audit']['list']['rows'][number];

/** A branch by its code, with whether the caller may read its records (`records.branch`). */
export type TBranchCard = TRouterOutputs['records']['branch'];
/** One owed slot of a branch (`records.slots`). */
export type TBranchSlot = TRouterOutputs['records']['slots']['slots'][number];
/** One activity / achievement behind a number (`records.activities`, `records.achievements`). */
export type TActivityRecord = TRouterOutputs['records']['activities'][number];
export type TAchievementRecord = TRouterOutputs['records']['achievements'][number];

/** The college overview as the caller may see it (`overview.summary`). */
export type TOverviewSummary = TRouterOutputs['overview']['summary'];
