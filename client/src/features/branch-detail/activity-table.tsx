/**
 * The activity list (组织生活记录) of a branch, on the page and in the drill-through drawer. The caller
 * owns the query and the sorting (the page keeps it in the address, the drawer locally).
 */
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { Button, Popconfirm, Space, Tag } from 'antd';
import { useMemo } from 'react';
import { ACTIVITY_TYPES, FORMATS, MODULES } from '../../../../shared/domain';
import { DataTable, type TDataTableFeatures } from '../../components/data-table';
import type { TActivityRecord } from '../../lib/api-types';
import { DASH } from '../../lib/format';
import { enumLabel, joinList, type TLang } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { translateFrom } from '../../lib/messages';
import { EvidenceButton } from './evidence-attachments';
import { EVIDENCE_MESSAGES } from './evidence-messages';
import { MESSAGES } from './messages';
import { deleteConfirmText } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

const helper = createColumnHelper<TDataTableFeatures, TActivityRecord>();

/** Edit and delete per row, for those who may change the branch's records. */
export interface TActivityRowActions {
  onEdit: (activity: TActivityRecord) => void;
  onDelete: (activity: TActivityRecord) => void;
}

function actionsColumn(lang: TLang, { onEdit, onDelete }: TActivityRowActions) {
  const m = (key: keyof typeof RECORD_MESSAGES.zh, vars?: Record<string, string | number>) =>
    translateFrom(RECORD_MESSAGES, lang, key, vars);
  return helper.display({
    id: 'actions',
    header: m('actions'),
    cell: (info) => {
      const activity = info.row.original;
      return (
        <Space size={0}>
          <Button type="link" size="small" data-testid="activity-edit" onClick={() => onEdit(activity)}>
            {m('edit')}
          </Button>
          <Popconfirm
            title={deleteConfirmText(activity, lang)}
            okText={m('delete')}
            cancelText={m('cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => onDelete(activity)}
          >
            <Button type="link" size="small" danger data-testid="activity-delete">
              {m('delete')}
            </Button>
          </Popconfirm>
        </Space>
      );
    },
  });
}

function buildColumns(lang: TLang, withAttendanceFirst: boolean, actions: TActivityRowActions | undefined) {
  const m = (key: keyof typeof MESSAGES.zh) => translateFrom(MESSAGES, lang, key);
  const attendance = [
    helper.accessor((r) => r.expected ?? -1, {
      id: 'expected',
      header: m('col.expected'),
      sortFn: 'basic',
      meta: { align: 'end' },
      cell: (info) => info.row.original.expected ?? DASH,
    }),
    helper.accessor((r) => r.attended ?? -1, {
      id: 'attended',
      header: m('col.attended'),
      sortFn: 'basic',
      meta: { align: 'end' },
      cell: (info) => info.row.original.attended ?? DASH,
    }),
  ];
  return helper.columns([
    // First, so edit and delete are at hand on a phone without scrolling the table sideways.
    ...(actions ? [actionsColumn(lang, actions)] : []),
    helper.accessor('heldOn', { header: m('col.date'), sortFn: 'alphanumeric' }),
    helper.accessor('type', {
      header: m('col.type'),
      sortFn: 'alphanumeric',
      cell: (info) => enumLabel(ACTIVITY_TYPES, info.row.original.type, lang),
    }),
    helper.accessor('title', { header: m('col.title'), sortFn: 'zhText' }),
    helper.accessor('evidenceCount', {
      header: translateFrom(EVIDENCE_MESSAGES, lang, 'column'),
      sortFn: 'basic',
      cell: (info) => {
        const { id, title, evidenceCount } = info.row.original;
        return evidenceCount > 0 ? (
          <EvidenceButton target={{ kind: 'activity', recordId: id }} count={evidenceCount} title={title} />
        ) : (
          DASH
        );
      },
    }),
    ...(withAttendanceFirst ? attendance : []),
    helper.accessor((r) => r.formats.length, {
      id: 'formats',
      header: m('col.formats'),
      sortFn: 'basic',
      cell: (info) => (
        <span className="bd-tag-list">
          {info.row.original.formats.map((f) => (
            <Tag key={f}>{enumLabel(FORMATS, f, lang)}</Tag>
          ))}
        </span>
      ),
    }),
    helper.accessor((r) => r.modules.join(','), {
      id: 'modules',
      header: m('col.modules'),
      sortFn: 'alphanumeric',
      cell: (info) =>
        joinList(
          info.row.original.modules.map((k) => enumLabel(MODULES, k, lang)),
          lang,
        ),
    }),
    ...(withAttendanceFirst ? [] : attendance),
    helper.accessor((r) => (r.isIntegratedWithWork ? 1 : 0), {
      id: 'integrated',
      header: m('col.integrated'),
      sortFn: 'basic',
      cell: (info) => m(info.row.original.isIntegratedWithWork ? 'yes' : 'no'),
    }),
    helper.accessor((r) => r.sharers.length, {
      id: 'sharers',
      header: m('col.sharers'),
      sortFn: 'basic',
      cell: (info) =>
        joinList(
          info.row.original.sharers.map((s) => s.name ?? s.code),
          lang,
        ) || DASH,
    }),
  ]);
}

export interface ActivityTableProps {
  rows: readonly TActivityRecord[] | undefined;
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  /** Put expected / attended right after the title (the attendance drill). */
  isAttendanceFocus?: boolean;
  label: string;
  /** Edit and delete per row (keep the object stable: a new one rebuilds the columns). */
  actions?: TActivityRowActions;
}

export function ActivityTable({
  rows,
  isLoading,
  error,
  onRetry,
  sorting,
  onSortingChange,
  isAttendanceFocus = false,
  label,
  actions,
}: ActivityTableProps) {
  const { lang } = useI18n();
  const columns = useMemo(
    () => buildColumns(lang, isAttendanceFocus, actions),
    [lang, isAttendanceFocus, actions],
  );
  return (
    <DataTable
      label={label}
      columns={columns}
      data={rows}
      getRowId={(row) => String(row.id)}
      sorting={sorting}
      onSortingChange={onSortingChange}
      isLoading={isLoading}
      error={error}
      onRetry={onRetry}
      emptyText={translateFrom(MESSAGES, lang, 'noRecords')}
    />
  );
}
