import type { TSheetKey } from '../../shared/import-format';
import { dateOutsideBranchProblem } from '../../shared/record-rules';
import type { DbSnapshot, UnitFacts } from './db-snapshot';
import type { ParsedRows } from './parsed-rows';
import type { ProblemLog } from './problems';
import type { ImportProblem } from './types';

/**
 * Natural keys of one sheet: the first row that used each key, to report duplicates against. Rows
 * are grouped first (by branch), so each table of keys is small and short-lived instead of one
 * table of 345k keys next to the parsed rows; the problems are then logged in row order as before.
 */
function findDuplicates<T extends { row: number }>(
  sheet: TSheetKey,
  rows: T[],
  groupOf: (r: T) => string,
  keyOf: (r: T) => string,
  column: string,
  shown: (r: T) => string,
  what: readonly [zh: string, en: string],
  log: ProblemLog,
): void {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const group = groupOf(r);
    const list = groups.get(group);
    if (list) list.push(r);
    else groups.set(group, [r]);
  }
  const found: ImportProblem[] = [];
  for (const list of groups.values()) {
    const first = new Map<string, number>();
    for (const r of list) {
      const key = keyOf(r);
      const at = first.get(key);
      if (at === undefined) first.set(key, r.row);
      else
        found.push({
          code: 'duplicate_key',
          sheet,
          row: r.row,
          column,
          value: shown(r),
          params: { first: at, what: what[0], whatEn: what[1] },
        });
    }
  }
  found.sort((a, b) => (a.row as number) - (b.row as number));
  for (const problem of found) log.error(problem);
}

const SEP = '\u0001';

/**
 * Checks across rows, sheets and the database: duplicates, unknown codes, the unit tree, dates
 * inside a branch's existence. The file's units win over the database's (they are about to be written).
 */
export function validateReferences(rows: ParsedRows, db: DbSnapshot, log: ProblemLog): void {
  // A code may be "unknown" only because its row was rejected: say nothing rather than mislead.
  const isUnitsComplete = !log.sheetsWithErrors.has('units');
  const isMembersComplete = !log.sheetsWithErrors.has('members');
  const units = new Map<string, UnitFacts>(db.units);
  for (const u of rows.units) {
    units.set(u.code, {
      kind: u.kind,
      parentCode: u.parentCode,
      establishedOn: u.establishedOn,
      dissolvedOn: u.dissolvedOn,
    });
  }

  findDuplicates(
    'units',
    rows.units,
    () => '',
    (u) => u.code,
    'code',
    (u) => u.code,
    ['编号', 'code'],
    log,
  );
  for (const u of rows.units) {
    if (isUnitsComplete && u.parentCode !== null && u.parentCode !== u.code && !units.has(u.parentCode)) {
      log.error({
        code: 'unknown_unit',
        sheet: 'units',
        row: u.row,
        column: 'parent_code',
        value: u.parentCode,
      });
    }
  }
  checkCycles(rows, units, log);

  /** The branch a row refers to, or undefined after logging why it cannot be used. */
  const branchOf = (sheet: TSheetKey, row: number, code: string): UnitFacts | undefined => {
    const unit = units.get(code);
    if (!unit) {
      if (isUnitsComplete)
        log.error({ code: 'unknown_unit', sheet, row, column: 'branch_code', value: code });
      return undefined;
    }
    if (unit.kind !== 'branch') {
      log.error({
        code: 'not_a_branch',
        sheet,
        row,
        column: 'branch_code',
        value: code,
        params: { kind: unit.kind },
      });
      return undefined;
    }
    return unit;
  };
  const checkWithin = (
    sheet: TSheetKey,
    row: number,
    column: string,
    date: string,
    code: string,
    unit: UnitFacts,
  ) => {
    // The rule of the record forms too (shared/record-rules.ts).
    const problem = dateOutsideBranchProblem(date, code, unit);
    if (problem) log.error({ code: problem.code, sheet, row, column, value: date, params: problem.params });
  };

  findDuplicates(
    'members',
    rows.members,
    (m) => m.branchCode,
    (m) => m.code,
    'code',
    (m) => m.code,
    ['支部编号+编号', 'branch code + code'],
    log,
  );
  for (const m of rows.members) branchOf('members', m.row, m.branchCode);

  // The file's codes next to the database's (no copy of the database's 100k codes).
  const fileMemberCodes = new Set(rows.members.map((m) => m.code));
  const isKnownMember = (code: string) => fileMemberCodes.has(code) || db.memberCodes.has(code);

  findDuplicates(
    'activities',
    rows.activities,
    (a) => a.branchCode,
    (a) => [a.heldOn, a.type, a.title].join(SEP),
    'title',
    (a) => a.title,
    ['支部编号+日期+类型+主题', 'branch code + date + type + title'],
    log,
  );
  for (const a of rows.activities) {
    const unit = branchOf('activities', a.row, a.branchCode);
    if (unit) checkWithin('activities', a.row, 'held_on', a.heldOn, a.branchCode, unit);
    for (const code of a.sharers) {
      if (isMembersComplete && !isKnownMember(code)) {
        log.error({
          code: 'unknown_member',
          sheet: 'activities',
          row: a.row,
          column: 'sharers',
          value: code,
          params: { code },
        });
      }
    }
  }

  findDuplicates(
    'achievements',
    rows.achievements,
    (a) => a.branchCode,
    (a) => [a.achievedOn, a.kind, a.title].join(SEP),
    'title',
    (a) => a.title,
    ['支部编号+日期+类别+名称', 'branch code + date + kind + title'],
    log,
  );
  for (const a of rows.achievements) {
    const unit = branchOf('achievements', a.row, a.branchCode);
    if (unit) checkWithin('achievements', a.row, 'achieved_on', a.achievedOn, a.branchCode, unit);
  }

  findDuplicates(
    'goals',
    rows.goals,
    () => '',
    (g) => [g.year, g.scopeType, g.scopeRef, g.metric].join(SEP),
    'metric',
    (g) => g.metric,
    ['年度+范围+指标', 'year + scope + metric'],
    log,
  );
  for (const g of rows.goals) {
    if (g.scopeType !== 'branch') continue;
    const unit = units.get(g.scopeRef);
    if (!unit) {
      if (isUnitsComplete)
        log.error({
          code: 'goal_scope_unknown',
          sheet: 'goals',
          row: g.row,
          column: 'scope',
          value: g.scopeRef,
        });
    } else if (unit.kind !== 'branch') {
      const params = { kind: unit.kind };
      log.error({
        code: 'goal_scope_not_branch',
        sheet: 'goals',
        row: g.row,
        column: 'scope',
        value: g.scopeRef,
        params,
      });
    }
  }
}

/** A parent chain that returns to where it started would make every tree walk loop forever. */
function checkCycles(rows: ParsedRows, units: Map<string, UnitFacts>, log: ProblemLog): void {
  for (const u of rows.units) {
    const visited = new Set<string>([u.code]);
    let code = u.parentCode;
    while (code !== null) {
      if (visited.has(code)) {
        if (code === u.code) {
          log.error({
            code: 'parent_cycle',
            sheet: 'units',
            row: u.row,
            column: 'parent_code',
            value: u.parentCode ?? '',
          });
        }
        break;
      }
      visited.add(code);
      code = units.get(code)?.parentCode ?? null;
    }
  }
}
