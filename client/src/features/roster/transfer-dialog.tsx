/**
 * 转出: one member leaves this branch on a day and joins another the next day (`members.transfer`, one
 * transaction on the server). The server's refusals land under their fields.
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TRouterOutputs } from '../../lib/api-types';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { DAY_FIELD, showServerRefusal } from '../branch-detail/record-drawer';
import { ROSTER_MESSAGES } from './messages';
import { type TRosterRow, transferJoinDay } from './roster-model';

type TBranch = TRouterOutputs['branches']['list'][number];

interface TTransferValues {
  toBranchId?: number;
  leftOn?: string | null;
}

const FIELDS = ['toBranchId', 'leftOn'] as const;

export function TransferDialog({
  member,
  branches,
  today,
  onClose,
  onDone,
}: {
  member: TRosterRow | null;
  branches: readonly TBranch[];
  today: string;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const m = useMessages(ROSTER_MESSAGES);
  const [form] = Form.useForm<TTransferValues>();
  const [error, setError] = useState<string | null>(null);
  const transfer = useMutation(trpc.members.transfer.mutationOptions());
  const toBranchId = Form.useWatch('toBranchId', form);
  const leftOn = Form.useWatch('leftOn', form);

  useEffect(() => {
    if (!member) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue({ leftOn: today });
  }, [member, form, today]);

  const target = branches.find((b) => b.id === toBranchId);
  const options = branches
    .filter((b) => b.id !== member?.branchId && (b.dissolvedOn === null || b.dissolvedOn >= today))
    .map((b) => ({ value: b.id, label: `${b.name}（${b.code}）` }));

  const submit = async () => {
    if (!member) return;
    setError(null);
    let values: TTransferValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      const day = values.leftOn ?? '';
      await transfer.mutateAsync({ id: member.id, toBranchId: values.toBranchId ?? 0, leftOn: day });
      onDone(
        m('transfer.done', { name: member.name, day: transferJoinDay(day), branch: target?.name ?? '' }),
      );
    } catch (e) {
      setError(showServerRefusal(form, e, FIELDS));
    }
  };

  return (
    <Modal
      open={member !== null}
      title={member ? m('transfer.title', { name: member.name, code: member.code }) : ''}
      okText={m('transfer.ok')}
      onOk={() => void submit()}
      confirmLoading={transfer.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="transfer-dialog"
      okButtonProps={{ id: 'transfer-ok' }}
    >
      {member ? (
        <Typography.Paragraph type="secondary">
          {m('transfer.from', { branch: member.branchName, joined: member.joinedOn })}
        </Typography.Paragraph>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} className="record-form-alert" /> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="toBranchId"
          label={m('transfer.target')}
          rules={[{ required: true, message: m('transfer.targetRequired') }]}
        >
          <Select
            data-testid="transfer-target"
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
          />
        </Form.Item>
        <Form.Item
          name="leftOn"
          label={m('transfer.leftOn')}
          rules={[{ required: true, message: m('transfer.leftOnRequired') }]}
          {...DAY_FIELD}
        >
          <DatePicker className="record-form-date" data-testid="transfer-left-on" inputReadOnly />
        </Form.Item>
      </Form>
      {target && leftOn ? (
        <Typography.Paragraph data-testid="transfer-note">
          {m('transfer.joinedNote', { day: transferJoinDay(leftOn), branch: target.name })}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
