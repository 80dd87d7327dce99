import { CATEGORIES, type TCategory, type TUnitKind, UNIT_KINDS } from '../../../shared/domain';
import {
  categoryRequiredProblem,
  dissolvedBeforeEstablishedProblem,
  parentSelfProblem,
  RECORD_LIMITS,
} from '../../../shared/record-rules';
import type { RowReader } from '../row-reader';

export interface UnitRow {
  row: number;
  code: string;
  name: string;
  kind: TUnitKind;
  parentCode: string | null;
  category: TCategory | null;
  establishedOn: string;
  dissolvedOn: string | null;
  hasGroups: boolean;
}

/** One 组织 row with the checks that need only this row. */
export function readUnitRow(r: RowReader): UnitRow | undefined {
  const code = r.text('code', RECORD_LIMITS.code);
  const name = r.text('name', RECORD_LIMITS.unitName);
  const kind = r.enumOf('kind', UNIT_KINDS);
  const parentCode = r.text('parent_code', RECORD_LIMITS.code);
  const category = r.enumOf('category', CATEGORIES);
  const establishedOn = r.date('established_on');
  const dissolvedOn = r.date('dissolved_on');
  const hasGroups = r.yesNo('has_groups');
  // The rules of the units form and `units.*` too (shared/record-rules.ts); a category refused as
  // unknown is reported once, so only a blank one is "required".
  const noCategory = categoryRequiredProblem(kind, category);
  if (noCategory && r.shown('category') === '') r.error({ code: noCategory.code, column: 'category' });
  if (establishedOn) {
    r.check('dissolved_on', dissolvedBeforeEstablishedProblem(establishedOn, dissolvedOn), dissolvedOn ?? '');
  }
  if (code) r.check('parent_code', parentSelfProblem(code, parentCode), parentCode ?? '');
  if (r.hasErrors || !code || !name || !kind || !establishedOn) return undefined;
  return { row: r.row, code, name, kind, parentCode, category, establishedOn, dissolvedOn, hasGroups };
}
