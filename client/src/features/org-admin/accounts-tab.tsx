/** 账号: every account with role, branch and status; add, edit, reset password (shown once), disable / enable. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Button, message, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { USER_ROLES } from '../../../../shared/roles';
import { DataTable, type TDataTableFeatures } from '../../components/data-table';
import { TableExportButton } from '../../components/table-export-button';
import { DASH, formatCollegeTime } from '../../lib/format';
import { enumLabel, type TLang } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { translateFrom, useMessages } from '../../lib/messages';
import type { TGridSheetSource } from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useUrlSorting } from '../../lib/url-sorting';
import { useSession } from '../auth/session';
import { useRefreshAfterWrite } from '../branch-detail/record-drawer';
import { AccountForm, type TAccountFormTarget, type TAccountRow } from './account-form';
import { ORG_MESSAGES } from './messages';
import { useOrgListExport } from './org-list-export';
import { PasswordOnceDialog, type TShownPassword } from './password-once-dialog';

const helper = createColumnHelper<TDataTableFeatures, TAccountRow>();

interface TAccountActions {
  selfId: number;
  onEdit: (account: TAccountRow) => void;
  onReset: (account: TAccountRow) => void;
  onSetDisabled: (account: TAccountRow, disabled: boolean) => void;
}

function buildColumns(lang: TLang, actions: TAccountActions) {
  const m = (key: keyof typeof ORG_MESSAGES.zh, vars?: Record<string, string | number>) =>
    translateFrom(ORG_MESSAGES, lang, key, vars);
  return helper.columns([
    helper.display({
      id: 'actions',
      header: m('actions'),
      cell: (info) => {
        const account = info.row.original;
        const isSelf = account.id === actions.selfId;
        return (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              data-testid="account-edit"
              onClick={() => actions.onEdit(account)}
            >
              {m('edit')}
            </Button>
            <Popconfirm
              title={m('accounts.confirmReset', { username: account.username })}
              okText={m('accounts.resetPassword')}
              cancelText={m('cancel')}
              onConfirm={() => actions.onReset(account)}
            >
              <Button type="link" size="small" data-testid="account-reset">
                {m('accounts.resetPassword')}
              </Button>
            </Popconfirm>
            {/* Nobody disables their own account (the server refuses it too). */}
            {isSelf ? null : account.isDisabled ? (
              <Button
                type="link"
                size="small"
                data-testid="account-enable"
                onClick={() => actions.onSetDisabled(account, false)}
              >
                {m('accounts.enable')}
              </Button>
            ) : (
              <Popconfirm
                title={m('accounts.confirmDisable', { username: account.username })}
                okText={m('accounts.disable')}
                cancelText={m('cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => actions.onSetDisabled(account, true)}
              >
                <Button type="link" size="small" danger data-testid="account-disable">
                  {m('accounts.disable')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    }),
    helper.accessor('username', {
      header: m('accounts.username'),
      sortFn: 'alphanumeric',
      cell: (info) =>
        info.row.original.id === actions.selfId
          ? `${info.row.original.username}${m('accounts.you')}`
          : info.row.original.username,
    }),
    helper.accessor('displayName', { header: m('accounts.displayName'), sortFn: 'zhText' }),
    helper.accessor('role', {
      header: m('accounts.role'),
      sortFn: 'alphanumeric',
      meta: { exportValue: (_, row) => enumLabel(USER_ROLES, (row as TAccountRow).role, lang) },
      cell: (info) => enumLabel(USER_ROLES, info.row.original.role, lang),
    }),
    helper.accessor((row) => row.branchName ?? '', {
      id: 'branch',
      header: m('accounts.branch'),
      sortFn: 'zhText',
      cell: (info) => info.row.original.branchName ?? DASH,
    }),
    helper.accessor((row) => (row.isDisabled ? 1 : 0), {
      id: 'status',
      header: m('accounts.status'),
      sortFn: 'basic',
      meta: {
        exportValue: (_, row) =>
          (row as TAccountRow).isDisabled ? m('accounts.disabled') : m('accounts.enabled'),
      },
      cell: (info) =>
        info.row.original.isDisabled ? (
          <Tag color="default">{m('accounts.disabled')}</Tag>
        ) : (
          <Tag color="green">{m('accounts.enabled')}</Tag>
        ),
    }),
    helper.accessor('passwordChangedAt', {
      header: m('accounts.passwordChangedAt'),
      sortFn: 'alphanumeric',
      meta: {
        exportValue: (_, row) => formatCollegeTime((row as TAccountRow).passwordChangedAt, lang),
      },
      cell: (info) => formatCollegeTime(info.row.original.passwordChangedAt, lang),
    }),
  ]);
}

export function AccountsTab() {
  const { lang } = useI18n();
  const m = useMessages(ORG_MESSAGES);
  const self = useSession();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = useRefreshAfterWrite();
  const [messageApi, contextHolder] = message.useMessage();
  const [formTarget, setFormTarget] = useState<TAccountFormTarget | null>(null);
  const [shown, setShown] = useState<TShownPassword | null>(null);
  const { mutateAsync: resetPassword } = useMutation(trpc.users.resetPassword.mutationOptions());
  const { mutateAsync: setDisabled } = useMutation(trpc.users.setDisabled.mutationOptions());

  const columns = useMemo(() => {
    const fail = (error: unknown) =>
      void messageApi.error(error instanceof Error ? error.message : String(error), 8);
    return buildColumns(lang, {
      selfId: self.id,
      onEdit: (account) => setFormTarget({ mode: 'edit', account }),
      onReset: (account) =>
        void resetPassword({ username: account.username }).then(
          (result) =>
            setShown({ username: account.username, password: result.generatedPassword ?? '', isReset: true }),
          fail,
        ),
      onSetDisabled: (account, disabled) =>
        void setDisabled({ username: account.username, disabled }).then(async () => {
          void messageApi.success(m('saved'));
          await refresh();
        }, fail),
    });
  }, [lang, self.id, resetPassword, setDisabled, messageApi, m, refresh]);
  const { sorting, onSortingChange } = useUrlSorting();
  const rows = users.data;
  const sheetRef = useRef<TGridSheetSource | null>(null);
  const getExport = useOrgListExport(sheetRef, m('tabAccounts'));

  return (
    <div data-testid="accounts-tab">
      {contextHolder}
      <div className="org-toolbar">
        <Typography.Text type="secondary" data-testid="accounts-summary">
          {rows
            ? m('accounts.summary', { n: rows.length, enabled: rows.filter((u) => !u.isDisabled).length })
            : null}
        </Typography.Text>
        <Space wrap>
          <TableExportButton getExport={getExport} disabled={!rows?.length} testId="accounts-export" />
          <Button type="primary" data-testid="account-add" onClick={() => setFormTarget({ mode: 'new' })}>
            {m('accounts.add')}
          </Button>
        </Space>
      </div>
      <DataTable
        label={m('tabAccounts')}
        columns={columns}
        data={rows}
        getRowId={(row) => String(row.id)}
        sorting={sorting}
        onSortingChange={onSortingChange}
        isLoading={users.isPending}
        error={users.error}
        onRetry={() => void users.refetch()}
        sheetRef={sheetRef}
      />
      <AccountForm
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onCreated={(username, password) => {
          setFormTarget(null);
          setShown({ username, password, isReset: false });
          void refresh();
        }}
        onSaved={() => {
          setFormTarget(null);
          void messageApi.success(m('saved'));
          void refresh();
        }}
      />
      <PasswordOnceDialog shown={shown} onClose={() => setShown(null)} />
    </div>
  );
}
