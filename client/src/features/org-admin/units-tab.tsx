/** 组织机构: every unit with its parent, category, dates and what hangs on it; its form, dissolve and delete. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Button, message, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { CATEGORIES, UNIT_KINDS } from '../../../../shared/domain';
import { todayIso } from '../../../../shared/schemas/date';
import { DataTable, type TDataTableFeatures } from '../../components/data-table';
import { TableExportButton } from '../../components/table-export-button';
import { DASH } from '../../lib/format';
import { enumLabel, type TLang, translate } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { translateFrom, useMessages } from '../../lib/messages';
import type { TGridSheetSource } from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useUrlSorting } from '../../lib/url-sorting';
import { useRefreshAfterWrite } from '../branch-detail/record-drawer';
import { fieldLabel } from '../branch-detail/record-form-model';
import { DissolveDialog } from './dissolve-dialog';
import { ORG_MESSAGES } from './messages';
import { useOrgListExport } from './org-list-export';
import { type TUnitFormTarget, UnitForm } from './unit-form';
import type { TUnitRow } from './unit-form-model';

const helper = createColumnHelper<TDataTableFeatures, TUnitRow>();

interface TUnitActions {
  onEdit: (unit: TUnitRow) => void;
  onDissolve: (unit: TUnitRow) => void;
  onDelete: (unit: TUnitRow) => void;
}

function buildColumns(lang: TLang, actions: TUnitActions) {
  const m = (key: keyof typeof ORG_MESSAGES.zh, vars?: Record<string, string | number>) =>
    translateFrom(ORG_MESSAGES, lang, key, vars);
  const label = (field: string) => fieldLabel('units', field, lang);
  return helper.columns([
    helper.display({
      id: 'actions',
      header: m('actions'),
      cell: (info) => {
        const unit = info.row.original;
        const canDelete = unit.recordCount === 0 && unit.childCount === 0;
        return (
          <Space size={0}>
            <Button type="link" size="small" data-testid="unit-edit" onClick={() => actions.onEdit(unit)}>
              {m('edit')}
            </Button>
            {unit.dissolvedOn === null ? (
              <Button
                type="link"
                size="small"
                data-testid="unit-dissolve"
                onClick={() => actions.onDissolve(unit)}
              >
                {m('units.dissolve')}
              </Button>
            ) : null}
            {/* A unit with history is never deleted, only dissolved. */}
            {canDelete ? (
              <Popconfirm
                title={m('units.confirmDelete', { name: unit.name, code: unit.code })}
                okText={m('delete')}
                cancelText={m('cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => actions.onDelete(unit)}
              >
                <Button type="link" size="small" danger data-testid="unit-delete">
                  {m('delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        );
      },
    }),
    helper.accessor('code', { header: label('code'), sortFn: 'alphanumeric' }),
    helper.accessor('name', {
      header: label('name'),
      sortFn: 'zhText',
      cell: (info) => {
        const unit = info.row.original;
        return (
          <span>
            {unit.name} {unit.dissolvedOn ? <Tag>{m('units.dissolvedTag')}</Tag> : null}
          </span>
        );
      },
    }),
    helper.accessor('kind', {
      header: label('kind'),
      sortFn: 'alphanumeric',
      meta: { exportValue: (_, row) => enumLabel(UNIT_KINDS, (row as TUnitRow).kind, lang) },
      cell: (info) => enumLabel(UNIT_KINDS, info.row.original.kind, lang),
    }),
    helper.accessor((row) => row.parentName ?? '', {
      id: 'parent',
      header: translate(lang, 'branches.col.parent'),
      sortFn: 'zhText',
    }),
    helper.accessor((row) => row.category ?? '', {
      id: 'category',
      header: label('category'),
      sortFn: 'alphanumeric',
      meta: { exportValue: (_, row) => enumLabel(CATEGORIES, (row as TUnitRow).category, lang) },
      cell: (info) => enumLabel(CATEGORIES, info.row.original.category, lang),
    }),
    helper.accessor('establishedOn', { header: label('establishedOn'), sortFn: 'alphanumeric' }),
    helper.accessor((row) => row.dissolvedOn ?? '', {
      id: 'dissolvedOn',
      header: label('dissolvedOn'),
      sortFn: 'alphanumeric',
      cell: (info) => info.row.original.dissolvedOn ?? DASH,
    }),
    helper.accessor('childCount', {
      header: m('units.children'),
      sortFn: 'basic',
      meta: { align: 'end', exportFormat: 'int' },
    }),
    helper.accessor('recordCount', {
      header: m('units.records'),
      sortFn: 'basic',
      meta: { align: 'end', exportFormat: 'int' },
    }),
  ]);
}

export function UnitsTab() {
  const { lang } = useI18n();
  const m = useMessages(ORG_MESSAGES);
  const today = todayIso();
  const units = useQuery(trpc.units.list.queryOptions());
  const refresh = useRefreshAfterWrite();
  const [messageApi, contextHolder] = message.useMessage();
  const [formTarget, setFormTarget] = useState<TUnitFormTarget | null>(null);
  const [dissolving, setDissolving] = useState<TUnitRow | null>(null);
  const { mutateAsync: removeUnit } = useMutation(trpc.units.remove.mutationOptions());

  const columns = useMemo(
    () =>
      buildColumns(lang, {
        onEdit: (unit) => setFormTarget({ mode: 'edit', unit }),
        onDissolve: setDissolving,
        onDelete: (unit) => {
          void removeUnit({ id: unit.id }).then(
            async () => {
              void messageApi.success(m('deleted'));
              await refresh();
            },
            (error: unknown) =>
              void messageApi.error(error instanceof Error ? error.message : String(error), 8),
          );
        },
      }),
    [lang, removeUnit, messageApi, m, refresh],
  );
  const { sorting, onSortingChange } = useUrlSorting();
  const rows = units.data;
  const sheetRef = useRef<TGridSheetSource | null>(null);
  const getExport = useOrgListExport(sheetRef, m('tabUnits'));
  const active = rows?.filter((u) => u.dissolvedOn === null || u.dissolvedOn >= today).length ?? 0;

  const afterWrite = async () => {
    setFormTarget(null);
    setDissolving(null);
    void messageApi.success(m('saved'));
    await refresh();
  };

  return (
    <div data-testid="units-tab">
      {contextHolder}
      <div className="org-toolbar">
        <Typography.Text type="secondary" data-testid="units-summary">
          {rows ? m('units.summary', { n: rows.length, active }) : null}
        </Typography.Text>
        <Space wrap>
          <TableExportButton getExport={getExport} disabled={!rows?.length} testId="units-export" />
          <Button type="primary" data-testid="unit-add" onClick={() => setFormTarget({ mode: 'new' })}>
            {m('units.add')}
          </Button>
        </Space>
      </div>
      <DataTable
        label={m('tabUnits')}
        columns={columns}
        data={rows}
        getRowId={(row) => String(row.id)}
        sorting={sorting}
        onSortingChange={onSortingChange}
        isLoading={units.isPending}
        error={units.error}
        onRetry={() => void units.refetch()}
        emptyText={m('units.empty')}
        sheetRef={sheetRef}
      />
      <UnitForm
        target={formTarget}
        units={rows ?? []}
        today={today}
        onClose={() => setFormTarget(null)}
        onSaved={() => void afterWrite()}
      />
      <DissolveDialog
        unit={dissolving}
        today={today}
        onClose={() => setDissolving(null)}
        onDone={() => void afterWrite()}
      />
    </div>
  );
}
