/**
 * The audit rows of one import, written inside the import's own transaction: one summary row
 * (action `import`, table `import`: the file name, the counts per sheet and the natural keys of the first
 * new rows of each sheet) and one `update` row per existing record the import changed, with the
 * before/after of its changed fields. Inserted rows are counted and the first of them listed in the
 * summary, so a 400k-row first import adds one audit row, not 400k.
 */
import type { TSheetKey } from '../../shared/import-format';
import { recordAudit, recordAuditMany } from '../audit/audit';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import type { TSheetCounts } from './types';
import type { TRowChange } from './write/changes';

/** The actor of an import run outside any session (tests, scripts): the system. */
export const SYSTEM_IMPORT_ACTOR: TAuditActor = { user: null, procedure: 'import' };

/** The `table` of an import's summary row (filter the trail on it to list imports). */
export const IMPORT_AUDIT_TABLE = 'import';

export interface TImportAuditInput {
  actor: TAuditActor;
  /** What was imported, as the user named it (an upload's file name, the CLI's path). */
  fileName: string;
  counts: Record<TSheetKey, TSheetCounts>;
  changes: readonly TRowChange[];
  /** Per sheet, the keys of the first new rows (preview-rows.ts listInsertedKeys); `counts` has the totals. */
  insertedKeys?: Partial<Record<TSheetKey, Record<string, string | number>[]>>;
  now?: Date;
}

export async function recordImportAudit(trx: DBOrTrx, input: TImportAuditInput): Promise<void> {
  const now = input.now ?? new Date();
  const { actor } = input;
  await recordAudit(trx, {
    ...actor,
    table: IMPORT_AUDIT_TABLE,
    rowKey: { file: input.fileName },
    action: 'import',
    after: { file: input.fileName, counts: input.counts, insertedKeys: input.insertedKeys ?? {} },
    now,
  });
  await recordAuditMany(
    trx,
    input.changes.map((c) => ({
      ...actor,
      table: c.table,
      rowKey: c.key,
      action: 'update' as const,
      before: c.before,
      after: c.after,
      now,
    })),
  );
}
