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
  formats: readonly TFormat[];
  modules: readonly TModule[];
  expected: number | null;
  attended: number | null;
  integratedWithWork: boolean;
  oathRenewed: boolean;
  duesCollected: boolean;
  bySecretary: boolean;
  sharers: readonly string[];
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
  // Shared copies: the same codes, dates, titles and lists recur across hundreds of thousands of rows.
  const { pool } = r;
  return {
    row: r.row,
    branchCode: pool.intern(branchCode),
    heldOn: pool.intern(heldOn),
    type,
    title: pool.intern(title),
    formats: pool.internList(formats),
    modules: pool.internList(modules),
    expected,
    attended,
    integratedWithWork,
    oathRenewed,
    duesCollected,
    bySecretary,
    sharers: pool.internList(sharers),
    notes: pool.intern(notes),
  };
}
