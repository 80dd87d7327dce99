/** Add or edit one member (党员) of a branch, checked by the member's one schema. */
import { useMutation } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { MEMBER_ROLES } from '../../../../shared/domain';
import { ZMemberInputSchema } from '../../../../shared/schemas/record-inputs';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { DAY_FIELD, RecordDrawer, saveRecord, schemaRule } from './record-drawer';
import {
  fieldLabel,
  memberInputOf,
  memberValuesOf,
  type TMemberFormValues,
  type TMemberRecord,
} from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

const FIELDS = ['code', 'name', 'role', 'joinedOn', 'leftOn'] as const;

export type TMemberFormTarget = { mode: 'edit'; member: TMemberRecord } | { mode: 'new' };

export function MemberForm({
  branchId,
  target,
  today,
  onClose,
  onSaved,
}: {
  branchId: number;
  target: TMemberFormTarget | null;
  today: string;
  onClose: () => void;
  onSaved: (warnings: readonly string[]) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  const [form] = Form.useForm<TMemberFormValues>();
  const [error, setError] = useState<string | null>(null);
  const editing = target?.mode === 'edit' ? target.member : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue(
      target.mode === 'edit' ? memberValuesOf(target.member) : { role: 'member', joinedOn: today },
    );
  }, [target, form, today]);

  const create = useMutation(trpc.records.createMember.mutationOptions());
  const update = useMutation(trpc.records.updateMember.mutationOptions());
  const inputOf = () => memberInputOf(branchId, form.getFieldsValue(true) as TMemberFormValues);
  const rule = (field: string) => [schemaRule(ZMemberInputSchema, inputOf, lang, field)];
  const label = (field: string) => fieldLabel('members', field, lang);

  const submit = async () => {
    setError(null);
    setError(
      await saveRecord({
        form,
        editingId: editing?.id,
        inputOf,
        create: create.mutateAsync,
        update: update.mutateAsync,
        fields: FIELDS,
        onSaved,
      }),
    );
  };

  return (
    <RecordDrawer
      open={target !== null}
      title={editing ? m('title.memberEdit') : m('title.memberNew')}
      testId="member-form"
      isSaving={create.isPending || update.isPending}
      error={error}
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" className="record-form">
        <Form.Item name="code" label={label('code')} required rules={rule('code')}>
          <Input data-testid="member-form-code" maxLength={64} />
        </Form.Item>
        <Form.Item name="name" label={label('name')} required rules={rule('name')}>
          <Input data-testid="member-form-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="role" label={label('role')} rules={rule('role')}>
          <Select
            data-testid="member-form-role"
            options={MEMBER_ROLES.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        <Form.Item name="joinedOn" label={label('joinedOn')} required rules={rule('joinedOn')} {...DAY_FIELD}>
          <DatePicker className="record-form-date" data-testid="member-form-joined" inputReadOnly />
        </Form.Item>
        <Form.Item
          name="leftOn"
          label={label('leftOn')}
          rules={rule('leftOn')}
          dependencies={['joinedOn']}
          {...DAY_FIELD}
        >
          <DatePicker className="record-form-date" data-testid="member-form-left" inputReadOnly allowClear />
        </Form.Item>
      </Form>
    </RecordDrawer>
  );
}
