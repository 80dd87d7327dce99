/**
 * Add an account (a password is generated and shown once) or change its name, role and branch. The rules
 * are the server's (server/auth/users.ts, the CLI's too); its refusal shows above the form.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { type TUserRole, USER_ROLES } from '../../../../shared/roles';
import type { TRouterOutputs } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { ORG_MESSAGES } from './messages';

export type TAccountRow = TRouterOutputs['users']['list'][number];
export type TAccountFormTarget = { mode: 'edit'; account: TAccountRow } | { mode: 'new' };

interface TAccountValues {
  username?: string;
  displayName?: string;
  role?: TUserRole;
  branchId?: number | null;
}

export function AccountForm({
  target,
  onClose,
  onCreated,
  onSaved,
}: {
  target: TAccountFormTarget | null;
  onClose: () => void;
  /** A new account and its generated password (shown once). */
  onCreated: (username: string, password: string) => void;
  onSaved: () => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(ORG_MESSAGES);
  const [form] = Form.useForm<TAccountValues>();
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const branches = useQuery(trpc.branches.list.queryOptions());
  const create = useMutation(trpc.users.create.mutationOptions());
  const update = useMutation(trpc.users.update.mutationOptions());
  const editing = target?.mode === 'edit' ? target.account : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue(
      target.mode === 'edit'
        ? {
            username: target.account.username,
            displayName: target.account.displayName,
            role: target.account.role,
            branchId: target.account.branchId,
          }
        : { role: 'secretary', branchId: null },
    );
  }, [target, form]);

  const submit = async () => {
    setError(null);
    let values: TAccountValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input = {
      username: values.username ?? '',
      displayName: values.displayName ?? '',
      role: values.role ?? 'secretary',
      // Only a secretary belongs to a branch; the server refuses a branch on other roles.
      branchId: values.role === 'secretary' ? (values.branchId ?? null) : null,
    };
    try {
      if (editing) {
        await update.mutateAsync(input);
        onSaved();
      } else {
        const created = await create.mutateAsync(input);
        onCreated(created.username, created.generatedPassword ?? '');
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const required = [{ required: true, whitespace: true, message: m('accounts.required') }];
  return (
    <Modal
      open={target !== null}
      title={editing ? m('accounts.titleEdit', { username: editing.username }) : m('accounts.titleNew')}
      okText={m('save')}
      cancelText={m('cancel')}
      okButtonProps={{ id: 'account-save' }}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          className="record-form-alert"
          data-testid="account-form-error"
        />
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="username"
          label={m('accounts.username')}
          extra={editing ? undefined : m('accounts.usernameHint')}
          rules={required}
        >
          <Input
            data-testid="account-username"
            maxLength={32}
            disabled={editing !== null}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item name="displayName" label={m('accounts.displayName')} rules={required}>
          <Input data-testid="account-name" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="role"
          label={m('accounts.role')}
          rules={[{ required: true, message: m('accounts.required') }]}
        >
          <Select
            data-testid="account-role"
            options={USER_ROLES.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        {role === 'secretary' ? (
          <Form.Item
            name="branchId"
            label={m('accounts.branch')}
            extra={m('accounts.branchHint')}
            rules={[{ required: true, message: m('accounts.required') }]}
          >
            <Select
              data-testid="account-branch"
              showSearch={{ optionFilterProp: 'label' }}
              loading={branches.isPending}
              options={(branches.data ?? [])
                .filter((b) => b.dissolvedOn === null || b.id === editing?.branchId)
                .map((b) => ({ value: b.id, label: `${b.name}（${b.code}）` }))}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
