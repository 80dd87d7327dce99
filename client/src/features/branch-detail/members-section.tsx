/**
 * The branch's members (党员) on its page, for those who may change them: the roll with edit and delete
 * per row and an add button. (The college-wide roster is the 党员名册 page's.)
 */
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { MEMBER_ROLES } from '../../../../shared/domain';
import { DataTable, type TDataTableFeatures } from '../../components/data-table';
import { DASH } from '../../lib/format';
import { enumLabel, type TLang } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { translateFrom, useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import type { TMemberRecord } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

const helper = createColumnHelper<TDataTableFeatures, TMemberRecord>();

function buildColumns(
  lang: TLang,
  today: string,
  onEdit: (member: TMemberRecord) => void,
  onDelete: (member: TMemberRecord) => void,
) {
  const m = (key: keyof typeof RECORD_MESSAGES.zh, vars?: Record<string, string | number>) =>
    translateFrom(RECORD_MESSAGES, lang, key, vars);
  return helper.columns([
    // First, as in the activity list: at hand on a phone.
    helper.display({
      id: 'actions',
      header: m('actions'),
      cell: (info) => {
        const member = info.row.original;
        return (
          <Space size={0}>
            <Button type="link" size="small" data-testid="member-edit" onClick={() => onEdit(member)}>
              {m('edit')}
            </Button>
            <Popconfirm
              title={m('confirmDeleteMember', { name: member.name, code: member.code })}
              okText={m('delete')}
              cancelText={m('cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => onDelete(member)}
            >
              <Button type="link" size="small" danger data-testid="member-delete">
                {m('delete')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    }),
    helper.accessor('code', { header: m('col.code'), sortFn: 'alphanumeric' }),
    helper.accessor('name', {
      header: m('col.name'),
      sortFn: 'zhText',
      cell: (info) => {
        const { name, leftOn } = info.row.original;
        return leftOn && leftOn < today ? (
          <span>
            {name} <Tag>{m('leftMember')}</Tag>
          </span>
        ) : (
          name
        );
      },
    }),
    helper.accessor('role', {
      header: m('col.role'),
      sortFn: 'alphanumeric',
      cell: (info) => enumLabel(MEMBER_ROLES, info.row.original.role, lang),
    }),
    helper.accessor('joinedOn', { header: m('col.joined'), sortFn: 'alphanumeric' }),
    helper.accessor((r) => r.leftOn ?? '', {
      id: 'leftOn',
      header: m('col.left'),
      sortFn: 'alphanumeric',
      cell: (info) => info.row.original.leftOn ?? DASH,
    }),
  ]);
}

export function MembersSection({
  branchId,
  today,
  onAdd,
  onEdit,
  onDelete,
}: {
  branchId: number;
  today: string;
  onAdd: () => void;
  onEdit: (member: TMemberRecord) => void;
  onDelete: (member: TMemberRecord) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  const members = useQuery(trpc.records.members.queryOptions({ branchId }));
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo(() => buildColumns(lang, today, onEdit, onDelete), [lang, today, onEdit, onDelete]);
  const active = (members.data ?? []).filter((x) => x.joinedOn <= today && (!x.leftOn || x.leftOn >= today));
  return (
    <div data-testid="members-section">
      <div className="bd-section-toolbar">
        <Typography.Text type="secondary">
          {members.data ? m('members.count', { n: members.data.length, active: active.length }) : null}
        </Typography.Text>
        <Button onClick={onAdd} data-testid="member-add">
          {m('addMember')}
        </Button>
      </div>
      <DataTable
        label={m('members.title')}
        columns={columns}
        data={members.data}
        getRowId={(row) => String(row.id)}
        sorting={sorting}
        onSortingChange={setSorting}
        isLoading={members.isPending}
        error={members.error}
        onRetry={() => void members.refetch()}
        emptyText={m('members.none')}
      />
    </div>
  );
}
