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
  type TSetGoalInput,
  type TSetWeightsInput,
} from '../../shared/schemas/goals';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import { goalKeyOf, isBranchCode, readGoal, readWeights, writeGoal, writeWeights } from '../db/queries/goals';
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
 * Sets index weights (0 removes a metric from the index). The set it leaves must still sum above 0:
 * with every weight 0 no metric would count and no branch would have an index.
 */
export async function setWeights(db: DBOrTrx, input: TSetWeightsInput, actor: TAuditActor): Promise<void> {
  const metrics = Object.keys(input.weights) as TMetricKey[];
  if (metrics.length === 0) return;
  await withTransaction(db, async (trx) => {
    const stored = await readWeights(trx);
    if (!hasPositiveWeightSum({ ...Object.fromEntries(stored), ...input.weights })) {
      throw new AppError('BAD_REQUEST', GOAL_INPUT_MESSAGES.weightSum);
    }
    await writeWeights(trx, input.weights);
    const after = await readWeights(trx, metrics);
    for (const metric of metrics) {
      const was = stored.get(metric);
      await recordAudit(trx, {
        ...actor,
        table: 'metric_weights',
        rowKey: metric,
        action: was === undefined ? 'insert' : 'update',
        before: was === undefined ? null : { weight: was },
        after: { weight: after.get(metric) ?? null },
      });
    }
  });
}
