/** The change-password dialog of the user menu (its own chunk: loaded when first opened). */
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, message } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n-provider';
import { trpc } from '../../lib/trpc';

interface TPasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TPasswordForm>();
  const [error, setError] = useState<string | null>(null);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        message.success(t('auth.passwordChanged'));
        form.resetFields();
        setError(null);
        onClose();
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <Modal
      open={open}
      title={t('auth.changePassword')}
      okText={t('auth.save')}
      cancelText={t('auth.cancel')}
      confirmLoading={change.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<TPasswordForm>
        form={form}
        layout="vertical"
        onFinish={({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword })}
      >
        <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          rules={[{ required: true, min: 8, message: t('auth.passwordMin') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
