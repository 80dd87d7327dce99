/**
 * Goal and weight changes with their audit rows: the metrics engine's setGoal / setWeights run inside a
 * transaction between a read of the rows before and after, so the trail holds exactly what changed.
 */
import type { TSetGoalInput, TSetWeightsInput } from '../../shared/schemas/metrics';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import { setGoal, setWeights } from '../metrics/api';
import { recordAudit } from './audit';
import { withTransaction } from './transaction';

function goalKey(input: TSetGoalInput) {
  const { scope } = input;
  const ref = scope.type === 'all' ? '' : scope.type === 'category' ? scope.category : scope.branchCode;
  return { year: input.year, scope_type: scope.type, scope_ref: ref, metric: input.metric };
}

async function readGoal(db: DBOrTrx, key: ReturnType<typeof goalKey>) {
  return db
    .selectFrom('goals')
    .select(['year', 'scope_type', 'scope_ref', 'metric', 'target'])
    .where('year', '=', key.year)
    .where('scope_type', '=', key.scope_type)
    .where('scope_ref', '=', key.scope_ref)
    .where('metric', '=', key.metric)
    .executeTakeFirst();
}

export async function setGoalAudited(db: DBOrTrx, input: TSetGoalInput, actor: TAuditActor): Promise<void> {
  const key = goalKey(input);
  await withTransaction(db, async (trx) => {
    const before = await readGoal(trx, key);
    await setGoal(trx, input);
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

export async function setWeightsAudited(
  db: DBOrTrx,
  input: TSetWeightsInput,
  actor: TAuditActor,
): Promise<void> {
  const metrics = Object.keys(input.weights) as (keyof TSetWeightsInput['weights'])[];
  if (metrics.length === 0) return;
  await withTransaction(db, async (trx) => {
    const read = async () =>
      new Map(
        (await trx.selectFrom('metric_weights').selectAll().where('metric', 'in', metrics).execute()).map(
          (r) => [r.metric, r.weight],
        ),
      );
    const before = await read();
    await setWeights(trx, input);
    const after = await read();
    for (const metric of metrics) {
      const was = before.get(metric);
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
