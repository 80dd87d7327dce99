import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../shared/app-error';
import { SHEET_KEYS, type TSheetKey } from '../../shared/import-format';
import type { TLang } from '../../shared/lang';
import type { TPreviewSheet } from '../../shared/schemas/import-upload';
import type { TAuditActor } from '../auth/types';
import type { Database } from '../db/database';
import { dataVersion, lockDataVersion } from '../metrics/dialect';
import { refreshRollups } from '../metrics/rollups';
import { recordImportAudit, SYSTEM_IMPORT_ACTOR } from './audit-import';
import { loadDbSnapshot } from './db-snapshot';
import {
  hasChanges,
  insertedIdRanges,
  readLastAuditId,
  readMaxIds,
  recordImportRun,
  type TInsertedIds,
} from './import-runs';
import { parseSources } from './parse-sources';
import type { ParsedRows } from './parsed-rows';
import { emptyPreviewSheets, listInsertedKeys, listPreviewRows } from './preview-rows';
import { ProblemLog } from './problems';
import { type ReadOptions, readImportSources } from './read-sources';
import { checkScope, type TImportScope } from './scope';
import type { ImportProblem, ImportReport, ImportSource, TImportStage, TSheetCounts } from './types';
import { validateReferences } from './validate-references';
import { upsertAchievements } from './write/achievements';
import { upsertActivities } from './write/activities';
import type { TRowChange } from './write/changes';
import { upsertGoals } from './write/goals';
import { upsertMembers } from './write/members';
import { upsertUnits } from './write/units';

export interface ImportOptions {
  /** The language of the messages the caller will format (kept for callers; problems are language-neutral). */
  lang?: TLang;
  /** Who imports, for the audit trail; the system (user null) when absent. */
  actor?: TAuditActor;
  /** The name the audit trail records; the sources' origins when absent. */
  fileName?: string;
  /** Told when the import moves on to its next stage (the upload's progress in the browser). */
  onStage?: (stage: TImportStage) => void;
  /** What may be written (a secretary: her own branch's rows); everything when absent. */
  scope?: TImportScope;
  /**
   * Commits a preview: the data version and counts it was computed against. When the data changed since
   * (or the import would write anything else), it is refused with an AppError and nothing is written.
   */
  expect?: { version: string | null; counts: Record<TSheetKey, TSheetCounts> };
}

/** What an import would do, computed by running it in a transaction that is rolled back (previewSources). */
export interface ImportPreview {
  ok: boolean;
  errors: ImportProblem[];
  warnings: ImportProblem[];
  counts: Record<TSheetKey, TSheetCounts>;
  examplesSkipped: number;
  /** The data version the preview was computed against: a commit is refused once it moved. */
  version: string | null;
  /** The first new and updated rows of each sheet (the counts give the totals). */
  sheets: Record<TSheetKey, TPreviewSheet>;
}

export const IMPORT_REFUSALS = {
  dataChanged: {
    zh: '预览之后数据已被修改（其他导入、撤销或编辑），为避免覆盖这些修改，本次导入未执行，数据未作任何修改。请重新上传文件，查看新的预览。',
    en: 'The data changed after the preview (another import, an undo or an edit); to avoid overwriting those changes nothing was imported. Upload the file again for a new preview.',
  },
  planChanged: {
    zh: '导入结果与预览不一致，本次导入未执行，数据未作任何修改。请重新上传文件。',
    en: 'The import would not do what the preview showed; nothing was imported. Upload the file again.',
  },
} as const;

function zeroCounts(): Record<TSheetKey, TSheetCounts> {
  return Object.fromEntries(SHEET_KEYS.map((k) => [k, { inserted: 0, updated: 0, unchanged: 0 }])) as Record<
    TSheetKey,
    TSheetCounts
  >;
}

function isSameCounts(a: Record<TSheetKey, TSheetCounts>, b: Record<TSheetKey, TSheetCounts>): boolean {
  return SHEET_KEYS.every(
    (k) =>
      a[k].inserted === b[k].inserted && a[k].updated === b[k].updated && a[k].unchanged === b[k].unchanged,
  );
}

/** Parses and checks every source (against the file, the database and the scope); writes nothing. */
async function checkSources(
  db: Kysely<Database>,
  sources: ImportSource[],
  opts: ImportOptions,
): Promise<{ rows: ParsedRows; log: ProblemLog; version: string | null }> {
  const log = new ProblemLog();
  opts.onStage?.('checking');
  // Read before the checks: a preview is only as new as the oldest data it looked at.
  const version = await dataVersion(db);
  const rows = await parseSources(sources, log);
  // Cross-checks run even after row errors, so the user sees every problem in one pass.
  validateReferences(rows, await loadDbSnapshot(db), log);
  if (opts.scope) checkScope(rows, opts.scope, log);
  return { rows, log, version };
}

/** Upserts every sheet in the caller's transaction: the counts, the changed rows, the new rows' ids. */
async function writeRows(
  trx: Transaction<Database>,
  rows: ParsedRows,
): Promise<{ counts: Record<TSheetKey, TSheetCounts>; changes: TRowChange[]; inserted: TInsertedIds }> {
  const counts = zeroCounts();
  const changes: TRowChange[] = [];
  const before = await readMaxIds(trx);
  const units = await upsertUnits(trx, rows.units, changes);
  counts.units = units.counts;
  counts.members = await upsertMembers(trx, rows.members, units.idByCode, changes);
  counts.activities = await upsertActivities(trx, rows.activities, units.idByCode, changes);
  counts.achievements = await upsertAchievements(trx, rows.achievements, units.idByCode, changes);
  counts.goals = await upsertGoals(trx, rows.goals, changes);
  return { counts, changes, inserted: insertedIdRanges(before, await readMaxIds(trx)) };
}

/** Thrown to roll a preview's transaction back; carries what it saw. */
class PreviewRollback extends Error {
  constructor(readonly result: Pick<ImportPreview, 'counts' | 'sheets'>) {
    super('preview rollback');
  }
}

/**
 * What importing the sources would do, without writing anything: every check, then the import itself
 * in a transaction that is rolled back (so the counts and changes are exactly those a commit makes on
 * the same data), with the first new and updated rows of each sheet.
 */
export async function previewSources(
  db: Kysely<Database>,
  sources: ImportSource[],
  opts: ImportOptions = {},
): Promise<ImportPreview> {
  const { rows, log, version } = await checkSources(db, sources, opts);
  const base = { warnings: log.warnings, examplesSkipped: log.examplesSkipped, version };
  if (log.hasErrors) {
    return {
      ...base,
      ok: false,
      errors: log.reportedErrors(),
      counts: zeroCounts(),
      sheets: emptyPreviewSheets(),
    };
  }
  opts.onStage?.('writing');
  try {
    await db.transaction().execute(async (trx) => {
      const { counts, changes, inserted } = await writeRows(trx, rows);
      throw new PreviewRollback({ counts, sheets: await listPreviewRows(trx, changes, inserted) });
    });
  } catch (error) {
    if (!(error instanceof PreviewRollback)) throw error;
    return { ...base, ok: true, errors: [], ...error.result };
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

/**
 * Imports all sources or nothing: every row is parsed and checked (against the file and the
 * database) before one transaction writes units, members, activities, achievements and goals, their
 * audit trail and, when anything changed, the history entry an undo starts from.
 */
export async function importSources(
  db: Kysely<Database>,
  sources: ImportSource[],
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const { rows, log } = await checkSources(db, sources, opts);
  const examplesSkipped = log.examplesSkipped;
  if (log.hasErrors) {
    const errors = log.reportedErrors();
    return {
      ok: false,
      errors,
      warnings: log.warnings,
      counts: zeroCounts(),
      examplesSkipped,
      importId: null,
    };
  }

  opts.onStage?.('writing');
  const { expect } = opts;
  const result = await db.transaction().execute(async (trx) => {
    // Inside the write lock (on PostgreSQL the version row's lock, taken here): nobody — in this or any
    // other app process — can change the data between this check and the commit.
    if (expect && (await lockDataVersion(trx)) !== expect.version) {
      throw new AppError('CONFLICT', IMPORT_REFUSALS.dataChanged);
    }
    const { counts, changes, inserted } = await writeRows(trx, rows);
    if (expect && !isSameCounts(counts, expect.counts))
      throw new AppError('CONFLICT', IMPORT_REFUSALS.planChanged);
    // In the same transaction: the data and its trail commit or roll back together.
    const actor = opts.actor ?? SYSTEM_IMPORT_ACTOR;
    const fileName = opts.fileName ?? [...new Set(sources.map((s) => s.origin))].join(', ');
    const now = new Date();
    const auditFrom = (await readLastAuditId(trx)) + 1;
    const insertedKeys = await listInsertedKeys(trx, inserted);
    await recordImportAudit(trx, { actor, fileName, counts, changes, insertedKeys, now });
    const importId = hasChanges(counts)
      ? await recordImportRun(trx, {
          actor,
          fileName,
          counts,
          inserted,
          auditFrom,
          auditTo: await readLastAuditId(trx),
          now,
        })
      : null;
    // The roll-ups too: a reader sees the data before the import or after it with exact roll-ups, never
    // stale ones it would have to refresh itself (a write that would queue behind this import).
    opts.onStage?.('refreshing');
    await refreshRollups(trx);
    return { counts, importId };
  });
  return { ok: true, errors: [], warnings: log.warnings, examplesSkipped, ...result };
}

/** Reads a workbook, a CSV or a folder of CSVs and imports it. */
export async function importPath(
  db: Kysely<Database>,
  path: string,
  opts: ReadOptions & ImportOptions = {},
): Promise<ImportReport> {
  return importSources(db, await readImportSources(path, { sheet: opts.sheet }), {
    ...opts,
    fileName: opts.fileName ?? path,
  });
}

/** Reads a workbook, a CSV or a folder of CSVs and says what importing it would do (`--dry-run`). */
export async function previewPath(
  db: Kysely<Database>,
  path: string,
  opts: ReadOptions & ImportOptions = {},
): Promise<ImportPreview> {
  return previewSources(db, await readImportSources(path, { sheet: opts.sheet }), opts);
}
