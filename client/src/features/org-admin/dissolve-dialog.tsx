/** 撤销: a unit's last day (`units.dissolve`); the server's refusal (records after the day, units under it) shows under the field. */
import { useMutation } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { DAY_FIELD, showServerRefusal } from '../branch-detail/record-drawer';
import { ORG_MESSAGES } from './messages';
import type { TUnitRow } from './unit-form-model';

const FIELDS = ['dissolvedOn'] as const;

export function DissolveDialog({
  unit,
  today,
  onClose,
  onDone,
}: {
  unit: TUnitRow | null;
  today: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const m = useMessages(ORG_MESSAGES);
  const [form] = Form.useForm<{ dissolvedOn?: string | null }>();
  const [error, setError] = useState<string | null>(null);
  const dissolve = useMutation(trpc.units.dissolve.mutationOptions());

  useEffect(() => {
    if (!unit) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue({ dissolvedOn: today });
  }, [unit, form, today]);

  const submit = async () => {
    if (!unit) return;
    setError(null);
    let dissolvedOn: string;
    try {
      dissolvedOn = (await form.validateFields()).dissolvedOn ?? '';
    } catch {
      return;
    }
    try {
      await dissolve.mutateAsync({ id: unit.id, dissolvedOn });
      onDone();
    } catch (e) {
      setError(showServerRefusal(form, e, FIELDS));
    }
  };

  return (
    <Modal
      open={unit !== null}
      title={unit ? m('units.dissolveTitle', { name: unit.name, code: unit.code }) : ''}
      okText={m('units.dissolveOk')}
      okButtonProps={{ danger: true, id: 'dissolve-ok' }}
      confirmLoading={dissolve.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{m('units.dissolveHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} className="record-form-alert" /> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="dissolvedOn"
          label={m('units.dissolvedOn')}
          rules={[{ required: true, message: m('units.dissolvedRequired') }]}
          {...DAY_FIELD}
        >
          <DatePicker className="record-form-date" data-testid="dissolve-date" inputReadOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}
