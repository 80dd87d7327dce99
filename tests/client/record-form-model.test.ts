/** The record forms' pure logic: form values → the API's input, schema messages per field, agenda slots. */
import { describe, expect, it } from 'vitest';
import {
  activityInputOf,
  agendaSlotOf,
  defaultDayFor,
  deleteConfirmText,
  fieldLabel,
  schemaMessages,
  serverMessages,
  slotLabelOf,
  type TAgenda,
  type TAgendaSlot,
  typeHints,
} from '../../client/src/features/branch-detail/record-form-model';
import { ZActivityInputSchema } from '../../shared/schemas/record-inputs';

const slot = (over: Partial<TAgendaSlot>): TAgendaSlot => ({
  type: 'general_meeting',
  slot: '2026-Q4',
  length: 'quarter',
  start: '2026-10-01',
  end: '2026-12-31',
  status: 'open',
  daysLeft: 24,
  sessionIds: [],
  ...over,
});

const AGENDA: TAgenda = {
  today: '2026-12-07',
  scope: { period: '2026', start: '2026-01-01', asOf: '2026-12-06', goalYear: 2026 },
  current: [
    slot({
      type: 'theme_day',
      slot: '2026-12',
      length: 'month',
      start: '2026-12-01',
      status: 'done',
      sessionIds: [7],
    }),
    slot({}),
  ],
  overdue: [
    slot({ slot: '2026-Q3', start: '2026-07-01', end: '2026-09-30', status: 'overdue', daysLeft: -68 }),
    slot({ slot: '2026-Q2', start: '2026-04-01', end: '2026-06-30', status: 'overdue', daysLeft: -160 }),
  ],
};

describe('record form model', () => {
  it('labels fields with the import format headers', () => {
    expect(fieldLabel('activities', 'attended', 'zh')).toBe('实到人数');
    expect(fieldLabel('activities', 'attended', 'en')).toBe('Attended');
    expect(fieldLabel('achievements', 'hours', 'zh')).toBe('时长（小时）');
    expect(fieldLabel('members', 'leftOn', 'zh')).toBe('转出日期');
  });

  it('turns form values into the input, 书记讲党课 only on a 党课', () => {
    const input = activityInputOf(3, {
      type: 'theme_day',
      heldOn: '2026-12-05',
      title: 't',
      isBySecretary: true,
    });
    expect(input).toMatchObject({
      branchId: 3,
      type: 'theme_day',
      isBySecretary: false,
      formats: [],
      expected: null,
    });
    expect(activityInputOf(3, { type: 'party_lecture', isBySecretary: true }).isBySecretary).toBe(true);
  });

  it("gives the schema's messages per field in the user's language", () => {
    const input = activityInputOf(3, {
      type: 'theme_day',
      heldOn: '2026-12-05',
      title: '',
      expected: 8,
      attended: 9,
    });
    expect(schemaMessages(ZActivityInputSchema, input, 'zh')).toEqual({
      title: ['必填，不能为空'],
      attended: ['大于应到人数 8'],
    });
    expect(schemaMessages(ZActivityInputSchema, input, 'en').attended).toEqual(['is more than expected (8)']);
    expect(schemaMessages(ZActivityInputSchema, { ...input, title: 'ok', attended: 8 }, 'zh')).toEqual({});
  });

  it("reads the server's field refusals", () => {
    const error = {
      data: { zodIssues: [{ path: ['heldOn'], message: '不在支部 XZ01 存续期内（2022-01-01 至 —）' }] },
    };
    expect(serverMessages(error)).toEqual({ heldOn: ['不在支部 XZ01 存续期内（2022-01-01 至 —）'] });
    expect(serverMessages(new Error('x'))).toEqual({});
  });

  it('finds the slot a day fills, open or overdue', () => {
    expect(slotLabelOf('month', '2026-12-07')).toBe('2026-12');
    expect(slotLabelOf('quarter', '2026-08-15')).toBe('2026-Q3');
    expect(slotLabelOf('year', '2026-08-15')).toBe('2026');
    expect(agendaSlotOf(AGENDA, 'general_meeting', '2026-12-01')?.status).toBe('open');
    expect(agendaSlotOf(AGENDA, 'general_meeting', '2026-08-15')?.status).toBe('overdue');
    expect(agendaSlotOf(AGENDA, 'general_meeting', '2025-08-15')).toBeUndefined();
    expect(agendaSlotOf(AGENDA, 'theme_day', '2026-12-02')?.status).toBe('done');
  });

  it('hints each type with its current slot and overdue count', () => {
    const hints = typeHints(AGENDA);
    expect(hints.general_meeting?.current?.slot).toBe('2026-Q4');
    expect(hints.general_meeting?.overdue.map((s) => s.slot)).toEqual(['2026-Q3', '2026-Q2']);
    expect(hints.theme_day?.current?.status).toBe('done');
    expect(hints.party_lecture).toBeUndefined();
  });

  it("fills today for a current slot and an overdue slot's last day", () => {
    expect(defaultDayFor(AGENDA.current[1], '2026-12-07')).toBe('2026-12-07');
    expect(defaultDayFor(AGENDA.overdue[0], '2026-12-07')).toBe('2026-09-30');
    expect(defaultDayFor(undefined, '2026-12-07')).toBe('2026-12-07');
  });
});

describe('the delete question of a record with evidence', () => {
  it('says that the evidence files go with the session or achievement, and how many', () => {
    const session = { title: '支部党员大会', heldOn: '2026-11-20', evidenceCount: 2 };
    expect(deleteConfirmText(session, 'zh')).toBe(
      '删除「支部党员大会」（2026-11-20）？它的 2 个佐证材料将一并删除，统计将随之更新。',
    );
    expect(deleteConfirmText(session, 'en')).toMatch(/Its 2 evidence file\(s\) will be deleted with it/);
    expect(deleteConfirmText({ ...session, evidenceCount: 0 }, 'zh')).toBe(
      '删除「支部党员大会」（2026-11-20）？统计将随之更新。',
    );
    const award = { title: '先进基层党组织', evidenceCount: 1 };
    expect(deleteConfirmText(award, 'zh')).toBe('删除成果「先进基层党组织」？它的 1 个佐证材料将一并删除。');
    expect(deleteConfirmText({ ...award, evidenceCount: 0 }, 'en')).toBe(
      'Delete the achievement "先进基层党组织"?',
    );
  });
});
