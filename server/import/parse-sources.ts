import { EXAMPLE_CODE_PREFIX, EXAMPLE_MARK_COLUMN, type TSheetKey } from '../../shared/import-format';
import { cellText, isBlank } from './cells';
import { type HeaderMap, mapHeaders } from './headers';
import { IMPORT_LIMITS } from './limits';
import { emptyParsedRows, type ParsedRows } from './parsed-rows';
import type { ProblemLog } from './problems';
import { RowReader } from './row-reader';
import { readAchievementRow } from './sheets/achievements';
import { readActivityRow } from './sheets/activities';
import { readGoalRow } from './sheets/goals';
import { readMemberRow } from './sheets/members';
import { readUnitRow } from './sheets/units';
import { StringPool } from './string-pool';
import { ImportFileError, type ImportSource, type RawRow } from './types';

type TRowParser = (r: RowReader) => unknown;

const ROW_PARSERS: Record<TSheetKey, TRowParser> = {
  units: readUnitRow,
  members: readMemberRow,
  activities: readActivityRow,
  achievements: readAchievementRow,
  goals: readGoalRow,
};

function isBlankRow(raw: RawRow): boolean {
  return raw.cells.every(isBlank);
}

/** A row of the template's examples: its code (goals: scope) starts with 示例 (shared/import-format.ts). */
function isExampleRow(sheet: TSheetKey, raw: RawRow, headers: HeaderMap): boolean {
  const i = headers.indexOf.get(EXAMPLE_MARK_COLUMN[sheet]);
  return i !== undefined && cellText(raw.cells[i] ?? null).startsWith(EXAMPLE_CODE_PREFIX);
}

/** Reads one sheet: the first non-blank row is the header, every later non-blank row a record. */
async function parseSource(
  source: ImportSource & { sheet: TSheetKey },
  out: unknown[],
  log: ProblemLog,
  pool: StringPool,
) {
  const { sheet } = source;
  let headers: HeaderMap | undefined;
  let isHeaderSeen = false;
  let count = 0;
  for await (const raw of source.rows()) {
    if (isBlankRow(raw)) continue;
    if (!isHeaderSeen) {
      isHeaderSeen = true;
      headers = mapHeaders(sheet, raw.row, raw.cells, log);
      // A file whose first row names no column of this sheet is not this sheet: stop reading it.
      if (!headers) return;
      continue;
    }
    if (isExampleRow(sheet, raw, headers as HeaderMap)) {
      const column = EXAMPLE_MARK_COLUMN[sheet];
      const value = cellText(raw.cells[(headers as HeaderMap).indexOf.get(column) ?? 0] ?? null);
      log.skipExample({ code: 'example_row_ignored', sheet, row: raw.row, column, value });
      continue;
    }
    if (++count > IMPORT_LIMITS.maxRowsPerSheet) {
      log.error({
        code: 'too_many_rows',
        sheet,
        file: source.origin,
        params: { limit: IMPORT_LIMITS.maxRowsPerSheet },
      });
      return;
    }
    const row = ROW_PARSERS[sheet](new RowReader(sheet, raw, headers as HeaderMap, log, pool));
    if (row) out.push(row);
  }
  if (!isHeaderSeen) log.error({ code: 'file_empty', sheet, file: source.origin });
}

/** Parses every source into typed rows, logging every problem; never throws for bad input. */
export async function parseSources(sources: ImportSource[], log: ProblemLog): Promise<ParsedRows> {
  const parsed = emptyParsedRows();
  const seen = new Map<TSheetKey, string>();
  // One pool for all sheets: members, activities and achievements repeat the same branch codes.
  const pool = new StringPool();
  for (const source of sources) {
    for (const p of source.errors ?? []) log.error(p);
    for (const p of source.warnings ?? []) log.warn(p);
    const { sheet } = source;
    if (!sheet) continue;
    const other = seen.get(sheet);
    if (other) {
      log.error({ code: 'sheet_duplicate', sheet, file: source.origin, params: { other } });
      continue;
    }
    seen.set(sheet, source.origin);
    try {
      await parseSource({ ...source, sheet }, parsed[sheet] as unknown[], log, pool);
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      log.error(error.problem);
    }
  }
  if (seen.size === 0 && !log.hasErrors)
    log.error({ code: 'file_no_sheets', file: sources[0]?.origin ?? '' });
  return parsed;
}
