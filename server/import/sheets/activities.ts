import {
  ACTIVITY_TYPES,
  FORMATS,
  MODULES,
  type TActivityType,
  type TFormat,
  type TModule,
} from '../../../shared/domain';
import type { RowReader } from '../row-reader';

export interface ActivityRow {
  row: number;
  branchCode: string;
  heldOn: string;
  type: TActivityType;
  title: string;
  formats: TFormat[];
  modules: TModule[];
  expected: number | null;
  attended: number | null;
  integratedWithWork: boolean;
  oathRenewed: boolean;
  duesCollected: boolean;
  bySecretary: boolean;
  sharers: string[];
  notes: string | null;
}

export function readActivityRow(r: RowReader): ActivityRow | undefined {
  const branchCode = r.text('branch_code', 64);
  const heldOn = r.date('held_on');
  const type = r.enumOf('type', ACTIVITY_TYPES);
  const title = r.text('title', 500);
  const formats = r.enumList('formats', FORMATS);
  const modules = r.enumList('modules', MODULES);
  const expected = r.count('expected');
  const attended = r.count('attended');
  const integratedWithWork = r.yesNo('integrated_with_work');
  const oathRenewed = r.yesNo('oath_renewed');
  const duesCollected = r.yesNo('dues_collected');
  let bySecretary = r.yesNo('by_secretary');
  const sharers = r.list('sharers');
  const notes = r.text('notes', 5000);
  if (attended !== null && expected === null && r.shown('expected') === '') {
    r.error({ code: 'attended_without_expected', column: 'attended', value: r.shown('attended') });
  }
  if (attended !== null && expected !== null && attended > expected) {
    r.error({
      code: 'attended_over_expected',
      column: 'attended',
      value: r.shown('attended'),
      params: { expected },
    });
  }
  // 书记讲党课 only means something on a 党课; elsewhere it is dropped so metrics cannot count it.
  if (bySecretary && type !== null && type !== 'party_lecture') {
    r.warn({
      code: 'by_secretary_ignored',
      column: 'by_secretary',
      value: r.shown('by_secretary'),
      params: { type },
    });
    bySecretary = false;
  }
  if (r.hasErrors || !branchCode || !heldOn || !type || !title) return undefined;
  return {
    row: r.row,
    branchCode,
    heldOn,
    type,
    title,
    formats,
    modules,
    expected,
    attended,
    integratedWithWork,
    oathRenewed,
    duesCollected,
    bySecretary,
    sharers,
    notes,
  };
}
