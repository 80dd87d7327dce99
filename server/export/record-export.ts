/**
 * A branch's record lists — activities, achievements, members — exported in the import layout of
 * import-format.md (issue 12): the importer's own column definitions (shared/import-format.ts, through
 * sheet-cells.ts), Chinese headers on the first row, enum labels, lists joined with 、, 是/否, ISO dates,
 * number cells; text that would run as a formula neutralised. So an export imports back with nothing
 * changed (tests/server/export/record-export.test.ts). The rows are read with the record queries' own
 * scoping (a secretary's own branch only) and in the counted range of the period (members: every
 * membership of the branch, as the roll shows them; with no branch, the 党员名册's rows — the memberships
 * on the roll in the period, of every branch the viewer may read).
 */
import type { TAchievementKind, TRequirement } from '../../shared/domain';
import { SHEETS } from '../../shared/import-format';
import type { TRecordExportSheet } from '../../shared/schemas/record-export';
import { buildTableCsv, buildTableXlsx, type TSheetFormat, type TSheetTable } from '../../shared/table-sheet';
import type { TPolicyUser } from '../auth/roles';
import type { DBOrTrx } from '../db/database';
import { listBranchMembers } from '../db/queries/members';
import { listAchievementRecords, listActivityRecords, type TBranchCard } from '../db/queries/records';
import { listRoster } from '../db/queries/roster';
import { sheetHeader, toSheetCells } from './sheet-cells';

export interface TRecordExportRequest {
  sheet: TRecordExportSheet;
  /** Absent: the roster's members of every readable branch (members only). */
  branch?: Pick<TBranchCard, 'id' | 'code' | 'name'>;
  /** Whose records, for the file name: the branch's name, or 全院 / a secretary's branch for the roster. */
  subjectName: string;
  /** The counted range (ctx.scope): first and last day, inclusive. */
  start: string;
  asOf: string;
  viewer: TPolicyUser;
  /** A drill-through's narrowing (records.activities / records.achievements filters). */
  filter?: { type?: TRequirement; ids?: readonly number[]; kind?: TAchievementKind };
}

export interface TRecordExportFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** The rows of a sheet keyed by the import columns' keys (what `toSheetCells` turns into cells). */
async function recordExportRows(
  db: DBOrTrx,
  { sheet, branch, start, asOf, viewer, filter = {} }: TRecordExportRequest,
): Promise<Record<string, unknown>[]> {
  if (!branch) {
    if (sheet !== 'members') throw new Error(`The ${sheet} export needs a branch`);
    const rows = await listRoster(db, { start, asOf, viewer });
    return rows.map((m) => ({
      code: m.code,
      name: m.name,
      branch_code: m.branchCode,
      role: m.role,
      joined_on: m.joinedOn,
      left_on: m.leftOn,
    }));
  }
  const range = { branchId: branch.id, start, asOf, viewer };
  switch (sheet) {
    case 'activities': {
      // Oldest first, as a register is kept; the screen lists newest first.
      const rows = (await listActivityRecords(db, range, { type: filter.type, ids: filter.ids })).reverse();
      return rows.map((a) => ({
        branch_code: branch.code,
        held_on: a.heldOn,
        type: a.type,
        title: a.title,
        formats: a.formats,
        modules: a.modules,
        expected: a.expected,
        attended: a.attended,
        integrated_with_work: a.isIntegratedWithWork,
        oath_renewed: a.isOathRenewed,
        dues_collected: a.isDuesCollected,
        by_secretary: a.isBySecretary,
        sharers: a.sharers.map((s) => s.code),
        notes: a.notes,
      }));
    }
    case 'achievements': {
      const rows = (await listAchievementRecords(db, range, { kind: filter.kind })).reverse();
      return rows.map((a) => ({
        branch_code: branch.code,
        achieved_on: a.achievedOn,
        kind: a.kind,
        title: a.title,
        level: a.level,
        hours: a.hours,
        participants: a.participants,
        notes: a.notes,
      }));
    }
    case 'members': {
      const rows = await listBranchMembers(db, { branchId: branch.id, viewer });
      return rows.map((m) => ({
        code: m.code,
        name: m.name,
        branch_code: branch.code,
        role: m.role,
        joined_on: m.joinedOn,
        left_on: m.leftOn,
      }));
    }
  }
}

/** Integers show as integers; other numbers keep Excel's General format (an hour count as typed). */
function formatOf(type: string): TSheetFormat {
  return type === 'integer' ? 'int' : 'text';
}

/** The sheet as the importer reads it: header on row 1, the sheet named as import-format.md names it. */
function recordSheetTable(sheet: TRecordExportSheet, rows: readonly Record<string, unknown>[]): TSheetTable {
  const header = sheetHeader(sheet);
  return {
    sheetName: SHEETS[sheet].zh,
    headerBlock: [],
    columns: SHEETS[sheet].columns.map((column, i) => ({
      header: header[i] ?? column.zh,
      format: formatOf(column.type),
      width: column.type === 'text' || column.type === 'list' ? 24 : 12,
    })),
    rows: rows.map((row) => toSheetCells(sheet, row).map((cell) => cell ?? null)),
  };
}

/**
 * `组织生活_行政第一党支部_2025.xlsx`: the sheet's name first, which is how the importer knows a CSV's
 * sheet from its file name (shared/import-format.ts `sheetKeyOfFileName`), then whose records and when.
 */
function recordExportFileName(
  sheet: TRecordExportSheet,
  branchName: string,
  periodLabel: string,
  format: 'xlsx' | 'csv',
): string {
  const part = (text: string) => text.replace(/[\\/:*?"<>|\s_]+/g, '-').replace(/^-+|-+$/g, '');
  return `${[SHEETS[sheet].zh, part(branchName), part(periodLabel)].filter(Boolean).join('_')}.${format}`;
}

export async function buildRecordExport(
  db: DBOrTrx,
  input: TRecordExportRequest & { format: 'xlsx' | 'csv'; periodLabel: string },
): Promise<TRecordExportFile> {
  const table = recordSheetTable(input.sheet, await recordExportRows(db, input));
  const fileName = recordExportFileName(input.sheet, input.subjectName, input.periodLabel, input.format);
  if (input.format === 'csv')
    return {
      fileName,
      mimeType: 'text/csv;charset=utf-8',
      bytes: new TextEncoder().encode(buildTableCsv(table)),
    };
  return {
    fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: await buildTableXlsx(table),
  };
}
