/** The header's user menu: who is signed in, change password, sign out. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Dropdown, Form, Input, Modal, message } from 'antd';
import { useState } from 'react';
import { USER_ROLES } from '../../../../shared/roles';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { trpc } from '../../lib/trpc';
import { useSession } from './session';

interface TPasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
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

export function UserMenu() {
  const { lang, t } = useI18n();
  const user = useSession();
  const queryClient = useQueryClient();
  const [isChanging, setChanging] = useState(false);
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      // Forget everything the signed-in user could see; auth.me then answers 401 → login page.
      onSettled: () => queryClient.resetQueries(),
    }),
  );
  const role = enumLabel(USER_ROLES, user.role, lang);
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'role', label: user.branchName ? `${role} · ${user.branchName}` : role, disabled: true },
            { type: 'divider' },
            { key: 'password', label: <span data-testid="change-password">{t('auth.changePassword')}</span> },
            { key: 'logout', label: <span data-testid="logout">{t('auth.logout')}</span> },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChanging(true);
            if (key === 'logout') logout.mutate();
          },
        }}
      >
        <Button data-testid="user-menu">
          <span data-testid="user-name">{user.displayName}</span>
          <span className="user-menu-role">{role}</span>
        </Button>
      </Dropdown>
      <ChangePasswordDialog open={isChanging} onClose={() => setChanging(false)} />
    </>
  );
}
