import type { Kysely } from 'kysely';
import { SHEET_KEYS, type TSheetKey } from '../../shared/import-format';
import type { TLang } from '../../shared/lang';
import type { TAuditActor } from '../auth/types';
import type { Database } from '../db/database';
import { refreshRollups } from '../metrics/rollups';
import { recordImportAudit, SYSTEM_IMPORT_ACTOR } from './audit-import';
import { loadDbSnapshot } from './db-snapshot';
import { parseSources } from './parse-sources';
import { ProblemLog } from './problems';
import { type ReadOptions, readImportSources } from './read-sources';
import type { ImportReport, ImportSource, TImportStage, TSheetCounts } from './types';
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
}

function zeroCounts(): Record<TSheetKey, TSheetCounts> {
  return Object.fromEntries(SHEET_KEYS.map((k) => [k, { inserted: 0, updated: 0, unchanged: 0 }])) as Record<
    TSheetKey,
    TSheetCounts
  >;
}

/**
 * Imports all sources or nothing: every row is parsed and checked (against the file and the
 * database) before one transaction writes units, members, activities, achievements and goals.
 */
export async function importSources(
  db: Kysely<Database>,
  sources: ImportSource[],
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const log = new ProblemLog();
  const counts = zeroCounts();
  opts.onStage?.('checking');
  const rows = await parseSources(sources, log);
  // Cross-checks run even after row errors, so the user sees every problem in one pass.
  validateReferences(rows, await loadDbSnapshot(db), log);
  if (log.hasErrors) return { ok: false, errors: log.reportedErrors(), warnings: log.warnings, counts };

  opts.onStage?.('writing');
  await db.transaction().execute(async (trx) => {
    const changes: TRowChange[] = [];
    const units = await upsertUnits(trx, rows.units, changes);
    counts.units = units.counts;
    counts.members = await upsertMembers(trx, rows.members, units.idByCode, changes);
    counts.activities = await upsertActivities(trx, rows.activities, units.idByCode, changes);
    counts.achievements = await upsertAchievements(trx, rows.achievements, units.idByCode, changes);
    counts.goals = await upsertGoals(trx, rows.goals, changes);
    // In the same transaction: the data and its trail commit or roll back together.
    await recordImportAudit(trx, {
      actor: opts.actor ?? SYSTEM_IMPORT_ACTOR,
      fileName: opts.fileName ?? [...new Set(sources.map((s) => s.origin))].join(', '),
      counts,
      changes,
    });
    // The roll-ups too: a reader sees the data before the import or after it with exact roll-ups, never
    // stale ones it would have to refresh itself (a write that would queue behind this import).
    opts.onStage?.('refreshing');
    await refreshRollups(trx);
  });
  return { ok: true, errors: [], warnings: log.warnings, counts };
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
