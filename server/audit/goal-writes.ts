/**
 * Goal and weight changes (goals.set / goals.setWeights): checked, then written inside a transaction
 * between a read of the rows before and after, so the audit trail holds exactly what changed. The SQL
 * is server/db/queries/goals.ts.
 */
import { AppError } from '../../shared/app-error';
import type { TMetricKey } from '../../shared/metric-keys';
import {
  GOAL_INPUT_MESSAGES,
  goalTargetProblem,
  hasPositiveWeightSum,
  type TCopyGoalYearInput,
  type TCopyGoalYearResult,
  type TSetGoalInput,
  type TSetWeightsInput,
} from '../../shared/schemas/goals';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import {
  goalKeyOf,
  isBranchCode,
  readGoal,
  readGoalsOfYear,
  readOwnWeights,
  weightsOfYear,
  writeGoal,
  writeWeights,
} from '../db/queries/goals';
import { recordAudit } from './audit';
import { withTransaction } from './transaction';

/** Sets (or with target null removes) one yearly goal. */
export async function setGoal(db: DBOrTrx, input: TSetGoalInput, actor: TAuditActor): Promise<void> {
  // The API's schema refuses these already; the same rule for any other caller.
  const problem = input.target === null ? null : goalTargetProblem(input.metric, input.target);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const key = goalKeyOf(input.year, input.scope, input.metric);
  if (input.scope.type === 'branch' && !(await isBranchCode(db, key.scope_ref))) {
    throw new AppError('BAD_REQUEST', {
      zh: `支部编号不存在：${key.scope_ref}`,
      en: `no branch with code ${key.scope_ref}`,
    });
  }
  await withTransaction(db, async (trx) => {
    const before = await readGoal(trx, key);
    await writeGoal(trx, key, input.target);
    const after = await readGoal(trx, key);
    if (!before && !after) return;
    await recordAudit(trx, {
      ...actor,
      table: 'goals',
      rowKey: key,
      action: !before ? 'insert' : !after ? 'delete' : 'update',
      before: before ?? null,
      after: after ?? null,
    });
  });
}

/**
 * Sets index weights of a goal year (0 removes a metric from the index). A year without weights of its
 * own first takes the set it used (metrics.md: the latest earlier year's, else the defaults), so a change
 * of one weight never changes another year's index. The set it leaves must still sum above 0: with every
 * weight 0 no metric would count and no branch would have an index.
 */
export async function setWeights(db: DBOrTrx, input: TSetWeightsInput, actor: TAuditActor): Promise<void> {
  const metrics = Object.keys(input.weights) as TMetricKey[];
  if (metrics.length === 0) return;
  await withTransaction(db, async (trx) => {
    const { source, weights: used } = await weightsOfYear(trx, input.year);
    if (!hasPositiveWeightSum({ ...used, ...input.weights })) {
      throw new AppError('BAD_REQUEST', GOAL_INPUT_MESSAGES.weightSum);
    }
    const before = source.type === 'own' ? used : {};
    await writeWeights(trx, input.year, { ...(source.type === 'own' ? {} : used), ...input.weights });
    const after = await readOwnWeights(trx, input.year);
    for (const [metric, weight] of after) {
      const was = before[metric];
      if (was === weight) continue;
      await recordAudit(trx, {
        ...actor,
        table: 'metric_weights',
        rowKey: { year: input.year, metric },
        action: was === undefined ? 'insert' : 'update',
        before: was === undefined ? null : { year: input.year, metric, weight: was },
        after: { year: input.year, metric, weight },
      });
    }
  });
}

/**
 * Copies the goals and the weights of one year into another (a new year's start): every goal of `from`
 * the target year does not have yet, and `from`'s weights unless the target year has its own. Audited
 * row by row.
 */
export async function copyGoalYear(
  db: DBOrTrx,
  { from, to }: TCopyGoalYearInput,
  actor: TAuditActor,
): Promise<TCopyGoalYearResult> {
  return withTransaction(db, async (trx) => {
    const existing = new Set(
      (await readGoalsOfYear(trx, to)).map((g) => `${g.scope_type}|${g.scope_ref}|${g.metric}`),
    );
    let goalsCopied = 0;
    let goalsKept = 0;
    for (const goal of await readGoalsOfYear(trx, from)) {
      if (existing.has(`${goal.scope_type}|${goal.scope_ref}|${goal.metric}`)) {
        goalsKept += 1;
        continue;
      }
      const key = { year: to, scope_type: goal.scope_type, scope_ref: goal.scope_ref, metric: goal.metric };
      await writeGoal(trx, key, goal.target);
      await recordAudit(trx, {
        ...actor,
        table: 'goals',
        rowKey: key,
        action: 'insert',
        before: null,
        after: { ...key, target: goal.target },
      });
      goalsCopied += 1;
    }
    const target = await weightsOfYear(trx, to);
    const weightsCopied = target.source.type !== 'own';
    if (weightsCopied) {
      const { weights } = await weightsOfYear(trx, from);
      await writeWeights(trx, to, weights);
      for (const [metric, weight] of Object.entries(weights) as [TMetricKey, number][])
        await recordAudit(trx, {
          ...actor,
          table: 'metric_weights',
          rowKey: { year: to, metric },
          action: 'insert',
          before: null,
          after: { year: to, metric, weight },
        });
    }
    return { goalsCopied, goalsKept, weightsCopied };
  });
}
