/**
 * 记录组织生活: add or edit one session of a branch. The type select names the branch's required
 * sessions with this month's / quarter's / year's slot (open or done) and how many are overdue; under
 * the date the form says which slot the session fills; a second session of the same type on the same
 * day is a warning. Values are checked by the activity's one schema (the API's and the importer's).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import {
  ACTIVITY_TYPES,
  FORMATS,
  MODULES,
  REQUIREMENTS,
  type TActivityType,
} from '../../../../shared/domain';
import { ZActivityInputSchema } from '../../../../shared/schemas/record-inputs';
import type { TActivityRecord } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import { trpc } from '../../lib/trpc';
import { EvidenceAttachments } from './evidence-attachments';
import { DAY_FIELD, RecordDrawer, saveRecord, schemaRule } from './record-drawer';
import {
  activityInputOf,
  activityValuesOf,
  agendaSlotOf,
  fieldLabel,
  requirementsOf,
  type TActivityFormValues,
  type TAgenda,
  type TTypeHint,
  typeHints,
} from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';
import { useStagedEvidence } from './staged-evidence';

const FIELDS = [
  'type',
  'heldOn',
  'title',
  'formats',
  'modules',
  'expected',
  'attended',
  'isIntegratedWithWork',
  'isOathRenewed',
  'isDuesCollected',
  'isBySecretary',
  'sharers',
  'notes',
] as const;

const SWITCHES = ['isIntegratedWithWork', 'isOathRenewed', 'isDuesCollected'] as const;

/** What opens the form: an activity to edit, or a new one with an optional type and day (an agenda click). */
export type TActivityFormTarget =
  | { mode: 'edit'; activity: TActivityRecord }
  | { mode: 'new'; type?: TActivityType; heldOn?: string };

function TypeHintTags({ hint }: { hint: TTypeHint | undefined }) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  if (!hint) return <Tag>{m('hint.notRequired')}</Tag>;
  const { current, overdue } = hint;
  const slot = current ? formatPeriod(current.slot, lang) : '';
  return (
    <>
      {current?.status === 'done' ? <Tag color="success">{m('hint.done', { slot })}</Tag> : null}
      {current?.status === 'open' ? (
        <Tag color="warning">
          {current.daysLeft === 0
            ? m('hint.openToday', { slot })
            : m('hint.open', { slot, days: current.daysLeft })}
        </Tag>
      ) : null}
      {overdue.length ? <Tag color="error">{m('hint.overdue', { n: overdue.length })}</Tag> : null}
    </>
  );
}

export function ActivityForm({
  branchId,
  target,
  agenda,
  today,
  onClose,
  onSaved,
}: {
  branchId: number;
  /** Null: closed. */
  target: TActivityFormTarget | null;
  agenda: TAgenda | undefined;
  today: string;
  onClose: () => void;
  onSaved: (warnings: readonly string[]) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  const [form] = Form.useForm<TActivityFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [guestSearch, setGuestSearch] = useState('');
  const open = target !== null;
  const editing = target?.mode === 'edit' ? target.activity : null;
  const me = useQuery(trpc.auth.me.queryOptions());
  const isSecretary = me.data?.role === 'secretary';

  const members = useQuery({ ...trpc.records.members.queryOptions({ branchId }), enabled: open });
  const search = guestSearch.trim();
  const guests = useQuery({
    ...trpc.records.findMembers.queryOptions({ branchId, search }),
    enabled: open && search.length > 0,
  });
  const type = Form.useWatch('type', form);
  const heldOn = Form.useWatch('heldOn', form);
  const isBySecretary = Form.useWatch('isBySecretary', form) ?? false;
  const sharers = Form.useWatch('sharers', form);
  const sameDay = useQuery({
    ...trpc.records.sameDay.queryOptions({
      branchId,
      heldOn: heldOn ?? '',
      type: type ?? 'theme_day',
      ...(editing ? { excludeId: editing.id } : {}),
    }),
    enabled: open && !!type && !!heldOn && /^\d{4}-\d{2}-\d{2}$/.test(heldOn),
  });

  const activeCount = useMemo(
    () => (members.data ?? []).filter((x) => x.joinedOn <= today && (!x.leftOn || x.leftOn >= today)).length,
    [members.data, today],
  );

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    setGuestSearch('');
    form.setFieldsValue(
      target.mode === 'edit'
        ? activityValuesOf(target.activity)
        : { type: target.type, heldOn: target.heldOn ?? today, formats: [], modules: [], sharers: [] },
    );
  }, [target, form, today]);

  // A new session expects the branch's current members unless the secretary says otherwise.
  useEffect(() => {
    if (open && !editing && members.data && form.getFieldValue('expected') === undefined) {
      form.setFieldValue('expected', activeCount);
    }
  }, [open, editing, members.data, activeCount, form]);

  const create = useMutation(trpc.records.createActivity.mutationOptions());
  const update = useMutation(trpc.records.updateActivity.mutationOptions());
  const evidence = useStagedEvidence('activity', target);

  const inputOf = () => activityInputOf(branchId, form.getFieldsValue(true) as TActivityFormValues);
  const rule = (field: string) => [schemaRule(ZActivityInputSchema, inputOf, lang, field)];
  const label = (field: string) => fieldLabel('activities', field, lang);

  const submit = async () => {
    setError(null);
    setError(
      await saveRecord({
        form,
        editingId: editing?.id,
        inputOf,
        create: evidence.capture(create.mutateAsync),
        update: update.mutateAsync,
        fields: FIELDS,
        onSaved: evidence.afterSave(onSaved),
      }),
    );
  };

  const hints = useMemo(() => typeHints(agenda), [agenda]);
  const typeOptions = useMemo(
    () => ACTIVITY_TYPES.entries.map((e) => ({ value: e.key, label: e[lang] })),
    [lang],
  );

  const sharerOptions = useMemo(() => {
    const seen = new Set<string>();
    const options: { value: string; label: string; search: string }[] = [];
    const add = (code: string, text: string) => {
      if (seen.has(code)) return;
      seen.add(code);
      options.push({ value: code, label: text, search: `${text} ${code}`.toLowerCase() });
    };
    for (const x of members.data ?? []) {
      add(
        x.code,
        `${x.name}（${x.code}${x.leftOn && x.leftOn < (heldOn ?? today) ? ` · ${m('leftMember')}` : ''}）`,
      );
    }
    for (const g of guests.data ?? []) add(g.code, `${g.name}（${g.code} · ${g.branchName}）`);
    // Codes already chosen that neither list holds (a guest of an edited session): keep them visible.
    for (const s of editing?.sharers ?? []) add(s.code, s.name ? `${s.name}（${s.code}）` : s.code);
    for (const code of sharers ?? []) add(code, code);
    return options;
  }, [members.data, guests.data, editing, sharers, heldOn, today, m]);

  const slotNotes = useMemo(() => {
    if (!type || !heldOn) return [];
    return requirementsOf(type, isBySecretary).flatMap((requirement) => {
      const slot = agendaSlotOf(agenda, requirement, heldOn);
      if (!slot) return [];
      const vars = {
        slot: formatPeriod(slot.slot, lang),
        type: REQUIREMENTS.byKey[requirement][lang],
        days: slot.daysLeft,
      };
      const done = editing
        ? slot.sessionIds.filter((id) => id !== editing.id).length > 0
        : slot.status === 'done';
      const key = done ? 'slotNote.done' : slot.status === 'overdue' ? 'slotNote.overdue' : 'slotNote.open';
      return [
        { key: `${requirement}-${slot.slot}`, text: m(key, vars), kind: done ? 'info' : 'success' } as const,
      ];
    });
  }, [type, heldOn, isBySecretary, agenda, editing, lang, m]);

  const secretaryLecture = hints.secretary_lecture;
  const isSecretaryLectureOpen =
    secretaryLecture?.current?.status === 'open' || (secretaryLecture?.overdue.length ?? 0) > 0;

  return (
    <RecordDrawer
      open={open}
      title={editing ? m('title.activityEdit') : m('title.activityNew')}
      testId="activity-form"
      isSaving={create.isPending || update.isPending || evidence.progress !== null}
      error={error}
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" className="record-form" requiredMark>
        <Form.Item name="type" label={label('type')} required rules={rule('type')}>
          <Select
            data-testid="activity-form-type"
            options={typeOptions}
            optionRender={(option) => (
              <div className="record-type-option">
                <span>{option.label}</span>
                <span className="record-type-tags">
                  <TypeHintTags hint={hints[option.value as TActivityType]} />
                </span>
              </div>
            )}
          />
        </Form.Item>
        <Form.Item name="heldOn" label={label('heldOn')} required rules={rule('heldOn')} {...DAY_FIELD}>
          <DatePicker
            className="record-form-date"
            data-testid="activity-form-date"
            inputReadOnly
            disabledDate={(d) => d.isAfter(dayjs(today), 'day')}
          />
        </Form.Item>
        {slotNotes.length || (sameDay.data?.length ?? 0) > 0 ? (
          <Space direction="vertical" className="record-form-notes" data-testid="activity-form-notes">
            {slotNotes.map((note) => (
              <Alert
                key={note.key}
                type={note.kind}
                showIcon
                title={note.text}
                data-testid="activity-slot-note"
              />
            ))}
            {sameDay.data?.length ? (
              <Alert
                type="warning"
                showIcon
                data-testid="activity-same-day"
                title={m('sameDayWarning', { titles: sameDay.data.map((a) => `「${a.title}」`).join('') })}
              />
            ) : null}
          </Space>
        ) : null}
        <Form.Item name="title" label={label('title')} required rules={rule('title')}>
          <Input data-testid="activity-form-title" maxLength={500} />
        </Form.Item>
        <Form.Item name="formats" label={label('formats')} rules={rule('formats')}>
          <Select
            mode="multiple"
            data-testid="activity-form-formats"
            placeholder={m('formatsPlaceholder')}
            options={FORMATS.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        <Form.Item name="modules" label={label('modules')} rules={rule('modules')}>
          <Select
            mode="multiple"
            data-testid="activity-form-modules"
            placeholder={m('modulesPlaceholder')}
            options={MODULES.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="expected"
              label={label('expected')}
              rules={rule('expected')}
              extra={members.data ? m('expectedHint', { n: activeCount }) : null}
            >
              <InputNumber
                min={0}
                precision={0}
                inputMode="numeric"
                className="record-form-number"
                data-testid="activity-form-expected"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="attended"
              label={label('attended')}
              rules={rule('attended')}
              dependencies={['expected']}
            >
              <InputNumber
                min={0}
                precision={0}
                inputMode="numeric"
                className="record-form-number"
                data-testid="activity-form-attended"
              />
            </Form.Item>
          </Col>
        </Row>
        <div className="record-form-switches">
          {SWITCHES.map((field) => (
            <Form.Item
              key={field}
              name={field}
              label={label(field)}
              valuePropName="checked"
              rules={rule(field)}
            >
              <Switch data-testid={`activity-form-${field}`} />
            </Form.Item>
          ))}
          {type === 'party_lecture' ? (
            <Form.Item name="isBySecretary" label={label('isBySecretary')} valuePropName="checked">
              <Switch data-testid="activity-form-isBySecretary" />
            </Form.Item>
          ) : null}
        </div>
        {type === 'party_lecture' && !isBySecretary && isSecretaryLectureOpen ? (
          <Typography.Paragraph type="secondary">{m('slotNote.secretary')}</Typography.Paragraph>
        ) : null}
        <Form.Item
          name="sharers"
          label={label('sharers')}
          rules={rule('sharers')}
          extra={isSecretary ? m('sharersGuestHint') : m('sharersGuestHintAdmin')}
        >
          <Select
            mode="multiple"
            data-testid="activity-form-sharers"
            placeholder={m('sharersPlaceholder')}
            options={sharerOptions}
            loading={members.isPending || guests.isFetching}
            showSearch={{
              filterOption: (input, option) =>
                String((option as { search?: string } | undefined)?.search ?? '').includes(
                  input.trim().toLowerCase(),
                ),
              onSearch: setGuestSearch,
            }}
            onBlur={() => setGuestSearch('')}
          />
        </Form.Item>
        <Form.Item name="notes" label={label('notes')} rules={rule('notes')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={5000}
            data-testid="activity-form-notes"
          />
        </Form.Item>
      </Form>
      {editing ? (
        <EvidenceAttachments target={{ kind: 'activity', recordId: editing.id }} />
      ) : (
        <EvidenceAttachments target={null} staged={evidence} />
      )}
    </RecordDrawer>
  );
}
