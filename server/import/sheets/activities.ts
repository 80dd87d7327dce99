import {
  ACTIVITY_TYPES,
  FORMATS,
  MODULES,
  type TActivityType,
  type TFormat,
  type TModule,
} from '../../../shared/domain';
import { attendanceProblem, bySecretaryWarning, RECORD_LIMITS } from '../../../shared/record-rules';
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
  const branchCode = r.text('branch_code', RECORD_LIMITS.code);
  const heldOn = r.date('held_on');
  const type = r.enumOf('type', ACTIVITY_TYPES);
  const title = r.text('title', RECORD_LIMITS.title);
  const formats = r.enumList('formats', FORMATS);
  const modules = r.enumList('modules', MODULES);
  const expected = r.count('expected');
  const attended = r.count('attended');
  const integratedWithWork = r.yesNo('integrated_with_work');
  const oathRenewed = r.yesNo('oath_renewed');
  const duesCollected = r.yesNo('dues_collected');
  let bySecretary = r.yesNo('by_secretary');
  const sharers = r.list('sharers');
  const notes = r.text('notes', RECORD_LIMITS.notes);
  // The rules of the API's schema (shared/schemas/record-inputs.ts): the same checks, the same messages.
  // (Whether expected was left blank is looked up only when it matters: this runs for every row.)
  const isExpectedBlank = attended !== null && expected === null && r.shown('expected') === '';
  r.check('attended', attendanceProblem(expected, attended, isExpectedBlank));
  const ignored = type === null ? null : bySecretaryWarning(type, bySecretary);
  if (ignored) {
    r.warn({
      code: ignored.code,
      column: 'by_secretary',
      value: r.shown('by_secretary'),
      params: ignored.params,
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
