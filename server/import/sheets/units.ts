import { CATEGORIES, type TCategory, type TUnitKind, UNIT_KINDS } from '../../../shared/domain';
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
  const code = r.text('code', 64);
  const name = r.text('name', 200);
  const kind = r.enumOf('kind', UNIT_KINDS);
  const parentCode = r.text('parent_code', 64);
  const category = r.enumOf('category', CATEGORIES);
  const establishedOn = r.date('established_on');
  const dissolvedOn = r.date('dissolved_on');
  const hasGroups = r.yesNo('has_groups');
  if (kind === 'branch' && category === null && r.shown('category') === '') {
    r.error({ code: 'category_required', column: 'category' });
  }
  if (establishedOn && dissolvedOn && dissolvedOn < establishedOn) {
    r.error({
      code: 'dissolved_before_established',
      column: 'dissolved_on',
      value: dissolvedOn,
      params: { established: establishedOn },
    });
  }
  if (parentCode !== null && parentCode === code) {
    r.error({ code: 'parent_self', column: 'parent_code', value: parentCode });
  }
  if (r.hasErrors || !code || !name || !kind || !establishedOn) return undefined;
  return { row: r.row, code, name, kind, parentCode, category, establishedOn, dissolvedOn, hasGroups };
}
