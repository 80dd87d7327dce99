/** Add or edit one achievement (成果) of a branch, checked by the achievement's one schema. */
import { useMutation } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ACHIEVEMENT_KINDS, LEVELS } from '../../../../shared/domain';
import { ZAchievementInputSchema } from '../../../../shared/schemas/record-inputs';
import type { TAchievementRecord } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { EvidenceAttachments } from './evidence-attachments';
import { DAY_FIELD, RecordDrawer, saveRecord, schemaRule } from './record-drawer';
import {
  achievementInputOf,
  achievementValuesOf,
  fieldLabel,
  type TAchievementFormValues,
} from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';
import { useStagedEvidence } from './staged-evidence';

const FIELDS = ['achievedOn', 'kind', 'title', 'level', 'hours', 'participants', 'notes'] as const;

/** What opens the form: an achievement to edit, or a new one. */
export type TAchievementFormTarget = { mode: 'edit'; achievement: TAchievementRecord } | { mode: 'new' };

export function AchievementForm({
  branchId,
  target,
  today,
  onClose,
  onSaved,
}: {
  branchId: number;
  target: TAchievementFormTarget | null;
  today: string;
  onClose: () => void;
  onSaved: (warnings: readonly string[]) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  const [form] = Form.useForm<TAchievementFormValues>();
  const [error, setError] = useState<string | null>(null);
  const editing = target?.mode === 'edit' ? target.achievement : null;
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue(
      target.mode === 'edit' ? achievementValuesOf(target.achievement) : { achievedOn: today },
    );
  }, [target, form, today]);

  const create = useMutation(trpc.records.createAchievement.mutationOptions());
  const update = useMutation(trpc.records.updateAchievement.mutationOptions());
  const evidence = useStagedEvidence('achievement', target);
  const inputOf = () => achievementInputOf(branchId, form.getFieldsValue(true) as TAchievementFormValues);
  const rule = (field: string) => [schemaRule(ZAchievementInputSchema, inputOf, lang, field)];
  const label = (field: string) => fieldLabel('achievements', field, lang);

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

  return (
    <RecordDrawer
      open={target !== null}
      title={editing ? m('title.achievementEdit') : m('title.achievementNew')}
      testId="achievement-form"
      isSaving={create.isPending || update.isPending || evidence.progress !== null}
      error={error}
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" className="record-form">
        <Form.Item name="kind" label={label('kind')} required rules={rule('kind')}>
          <Select
            data-testid="achievement-form-kind"
            options={ACHIEVEMENT_KINDS.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        <Form.Item
          name="achievedOn"
          label={label('achievedOn')}
          required
          rules={rule('achievedOn')}
          {...DAY_FIELD}
        >
          <DatePicker
            className="record-form-date"
            data-testid="achievement-form-date"
            inputReadOnly
            disabledDate={(d) => d.isAfter(dayjs(today), 'day')}
          />
        </Form.Item>
        <Form.Item name="title" label={label('title')} required rules={rule('title')}>
          <Input data-testid="achievement-form-title" maxLength={500} />
        </Form.Item>
        <Form.Item name="level" label={label('level')} rules={rule('level')}>
          <Select
            allowClear
            data-testid="achievement-form-level"
            options={LEVELS.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        {kind === 'volunteer_service' ? (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="hours" label={label('hours')} rules={rule('hours')}>
                <InputNumber
                  min={0}
                  step={0.5}
                  className="record-form-number"
                  data-testid="achievement-form-hours"
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="participants" label={label('participants')} rules={rule('participants')}>
                <InputNumber
                  min={0}
                  precision={0}
                  inputMode="numeric"
                  className="record-form-number"
                  data-testid="achievement-form-participants"
                />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Form.Item name="notes" label={label('notes')} rules={rule('notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
      </Form>
      {editing ? (
        <EvidenceAttachments target={{ kind: 'achievement', recordId: editing.id }} />
      ) : (
        <EvidenceAttachments target={null} staged={evidence} />
      )}
    </RecordDrawer>
  );
}
