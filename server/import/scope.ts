/**
 * What an import may write. An admin: everything. A branch secretary: the members, activities and
 * achievements of her own branch only (canEditBranch, server/auth/roles.ts) — every other row is a
 * problem of the preview, with its sheet, row and value, so nothing is written until the file is hers.
 */
import type { ParsedRows } from './parsed-rows';
import type { ProblemLog } from './problems';

export type TImportScope = { kind: 'all' } | { kind: 'branch'; branchCode: string };

export const ALL_BRANCHES: TImportScope = { kind: 'all' };

export function checkScope(rows: ParsedRows, scope: TImportScope, log: ProblemLog): void {
  if (scope.kind === 'all') return;
  const params = { branch: scope.branchCode };
  for (const u of rows.units) {
    log.error({ code: 'scope_sheet', sheet: 'units', row: u.row, column: 'code', value: u.code, params });
  }
  for (const sheet of ['members', 'activities', 'achievements'] as const) {
    for (const r of rows[sheet]) {
      if (r.branchCode === scope.branchCode) continue;
      log.error({
        code: 'scope_branch',
        sheet,
        row: r.row,
        column: 'branch_code',
        value: r.branchCode,
        params,
      });
    }
  }
  for (const g of rows.goals) {
    const value = g.scopeType === 'all' ? '全部' : g.scopeRef;
    log.error({ code: 'scope_sheet', sheet: 'goals', row: g.row, column: 'scope', value, params });
  }
}
