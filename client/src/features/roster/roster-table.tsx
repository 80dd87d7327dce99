/**
 * The 党员名册 grid: its columns (row actions first, at hand on a phone) and its URL-kept sorting. A whole
 * college's roll is thousands of rows (5,820 on the 200-branch demo), so the grid is the virtual one.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { Button, Popconfirm, Space, Tag } from 'antd';
import { type Ref, useMemo } from 'react';
import { MEMBER_ROLES } from '../../../../shared/domain';
import { type TGridFeatures, VirtualDataTable } from '../../components/virtual-data-table';
import { DASH } from '../../lib/format';
import { enumLabel, type TLang } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { translateFrom } from '../../lib/messages';
import type { TGridSheetSource } from '../../lib/table-export';
import { useUrlSorting } from '../../lib/url-sorting';
import { RECORD_MESSAGES } from '../branch-detail/record-messages';
import { ROSTER_MESSAGES } from './messages';
import type { TRosterRow } from './roster-model';

const helper = createColumnHelper<TGridFeatures, TRosterRow>();

export interface TRosterActions {
  /** The caller may change some branch's members (not a leader): the row actions column shows. */
  hasActions: boolean;
  canEdit: (row: TRosterRow) => boolean;
  canTransfer: boolean;
  onEdit: (row: TRosterRow) => void;
  onTransfer: (row: TRosterRow) => void;
  onDelete: (row: TRosterRow) => void;
}

function buildColumns(lang: TLang, today: string, isOneBranch: boolean, actions: TRosterActions) {
  const r = (key: keyof typeof RECORD_MESSAGES.zh, vars?: Record<string, string | number>) =>
    translateFrom(RECORD_MESSAGES, lang, key, vars);
  const m = (key: keyof typeof ROSTER_MESSAGES.zh) => translateFrom(ROSTER_MESSAGES, lang, key);
  const actionColumn = helper.display({
    id: 'actions',
    header: r('actions'),
    // Three links in one line (the grid's rows are one line high).
    meta: { width: lang === 'zh' ? 150 : 200 },
    cell: (info) => {
      const row = info.row.original;
      if (!actions.canEdit(row)) return null;
      const isCurrent = row.leftOn === null || row.leftOn >= today;
      return (
        <Space size={0}>
          <Button type="link" size="small" data-testid="roster-edit" onClick={() => actions.onEdit(row)}>
            {r('edit')}
          </Button>
          {actions.canTransfer && isCurrent ? (
            <Button
              type="link"
              size="small"
              data-testid="roster-transfer"
              onClick={() => actions.onTransfer(row)}
            >
              {m('transfer')}
            </Button>
          ) : null}
          <Popconfirm
            title={r('confirmDeleteMember', { name: row.name, code: row.code })}
            okText={r('delete')}
            cancelText={r('cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => actions.onDelete(row)}
          >
            <Button type="link" size="small" danger data-testid="roster-delete">
              {r('delete')}
            </Button>
          </Popconfirm>
        </Space>
      );
    },
  });
  return helper.columns([
    ...(actions.hasActions ? [actionColumn] : []),
    helper.accessor('code', { header: r('col.code'), sortFn: 'alphanumeric' }),
    helper.accessor('name', {
      header: r('col.name'),
      sortFn: 'zhText',
      cell: (info) => {
        const { name, leftOn } = info.row.original;
        return leftOn && leftOn < today ? (
          <span>
            {name} <Tag>{r('leftMember')}</Tag>
          </span>
        ) : (
          name
        );
      },
    }),
    ...(isOneBranch
      ? []
      : [
          helper.accessor('branchName', {
            id: 'branch',
            header: m('col.branch'),
            sortFn: 'zhText',
            meta: { width: 240 },
          }),
        ]),
    helper.accessor('role', {
      header: r('col.role'),
      sortFn: 'alphanumeric',
      meta: {
        width: 150,
        exportValue: (_, row) => enumLabel(MEMBER_ROLES, (row as TRosterRow).role, lang),
      },
      cell: (info) => enumLabel(MEMBER_ROLES, info.row.original.role, lang),
    }),
    helper.accessor('joinedOn', { header: r('col.joined'), sortFn: 'alphanumeric' }),
    helper.accessor((row) => row.leftOn ?? '', {
      id: 'leftOn',
      header: r('col.left'),
      sortFn: 'alphanumeric',
      cell: (info) => info.row.original.leftOn ?? DASH,
    }),
    helper.accessor('shares', {
      header: m('col.shares'),
      sortFn: 'basic',
      // The grid shows the title as the header's tooltip.
      meta: { align: 'end', title: m('col.sharesHint'), exportFormat: 'int' },
    }),
  ]);
}

export function RosterTable({
  rows,
  today,
  isOneBranch,
  actions,
  isLoading,
  error,
  onRetry,
  emptyText,
  sheetRef,
}: {
  rows: readonly TRosterRow[] | undefined;
  today: string;
  isOneBranch: boolean;
  actions: TRosterActions;
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  emptyText: string;
  /** The grid as shown (columns, rows in their sort), for the page's export. */
  sheetRef?: Ref<TGridSheetSource | null>;
}) {
  const { lang, t } = useI18n();
  const columns = useMemo(
    () => buildColumns(lang, today, isOneBranch, actions),
    [lang, today, isOneBranch, actions],
  );
  const { sorting, onSortingChange } = useUrlSorting();
  return (
    <VirtualDataTable
      label={t('nav.members')}
      columns={columns}
      data={rows}
      getRowId={(row) => String(row.id)}
      sorting={sorting}
      onSortingChange={onSortingChange}
      isLoading={isLoading}
      error={error}
      onRetry={onRetry}
      emptyText={emptyText}
      height="min(calc(100vh - 240px), 720px)"
      sheetRef={sheetRef}
    />
  );
}
