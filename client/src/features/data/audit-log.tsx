/** 操作日志 (admin): the audit trail, newest first, filtered by user, table and dates, paged on the server. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../components/states';
import { TableExportButton, writeTableExport } from '../../components/table-export-button';
import { formatCollegeTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { trpc, trpcClient } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { auditFilterWords, auditSheet, collectAuditEntries } from './audit-export';
import {
  AUDIT_TABLES,
  auditChangeText,
  auditTableLabel,
  describeAuditEntry,
  type TAuditChange,
  type TAuditFilterState,
  type TAuditInsertedRows,
  toAuditInput,
} from './audit-model';
import { DATA_MESSAGES } from './messages';

const ACTION_COLORS = { insert: 'green', update: 'blue', delete: 'red', import: 'purple' } as const;
/** The audit summary of an import keeps the first 200 new rows of a sheet (server/import/preview-rows.ts). */
const LISTED_INSERTS = 200;

function ChangeLine({ change }: { change: TAuditChange }) {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  return (
    <li title={auditChangeText(change, lang)}>
      <span className="audit-field">{change.label}</span>
      {lang === 'zh' ? '：' : ': '}
      {change.before === null ? (
        change.after
      ) : change.after === null ? (
        m('wasDeleted', { value: change.before })
      ) : (
        <>
          <span className="audit-before">{change.before}</span> →{' '}
          <span className="audit-after">{change.after}</span>
        </>
      )}
    </li>
  );
}

function InsertedRows({ rows }: { rows: TAuditInsertedRows[] }) {
  const m = useMessages(DATA_MESSAGES);
  return (
    <div className="audit-inserted" data-testid="audit-inserted">
      {rows.map((r) => (
        <div key={r.sheet}>
          <Typography.Text strong>{m('auditInserted', { sheet: r.label, n: r.total })}</Typography.Text>
          {r.total > r.keys.length ? (
            <Typography.Text type="secondary">
              {' '}
              {m('listedFirst', { shown: Math.min(r.keys.length, LISTED_INSERTS), total: r.total })}
            </Typography.Text>
          ) : null}
          <ul className="audit-diff">
            {r.keys.map((key) => (
              <li key={key}>{key}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

export function AuditLog() {
  const m = useMessages(DATA_MESSAGES);
  const { lang } = useI18n();
  const [filter, setFilter] = useState<TAuditFilterState>({ page: 1, pageSize: 20 });
  const input = useMemo(() => toAuditInput(filter), [filter]);
  const query = useQuery({ ...trpc.audit.list.queryOptions(input), placeholderData: keepPreviousData });
  const change = (patch: Partial<TAuditFilterState>) => setFilter((f) => ({ ...f, page: 1, ...patch }));
  const user = useSession();
  // Every entry the filters select, fetched at the click (the table holds one page).
  const exportAll = async (format: 'xlsx' | 'csv') => {
    const entries = await collectAuditEntries(input, (page) => trpcClient.audit.list.query(page));
    const sheet = auditSheet(entries, lang);
    const title = m('tabAudit');
    const headerBlock = exportHeaderBlock(
      { title, lang, filters: auditFilterWords(filter, lang), user },
      sheet,
    );
    await writeTableExport(
      {
        table: sheetTableOf(sheet, headerBlock, title),
        fileName: (extension) => tableExportFileName({ title, lang }, extension),
      },
      format,
    );
  };
  const actionLabel = {
    insert: m('actionInsert'),
    update: m('actionUpdate'),
    delete: m('actionDelete'),
    import: m('actionImport'),
  } as const;
  const rows = useMemo(
    () => (query.data?.rows ?? []).map((entry) => ({ entry, view: describeAuditEntry(entry, lang) })),
    [query.data, lang],
  );
  type TRow = (typeof rows)[number];

  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <div data-testid="audit-log">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={m('auditUser')}
          style={{ width: 180 }}
          data-testid="audit-user"
          onSearch={(v) => change({ username: v.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder={m('auditTable')}
          style={{ width: 180 }}
          data-testid="audit-table"
          value={filter.table}
          onChange={(v?: string) => change({ table: v })}
          options={AUDIT_TABLES.map((t) => ({ value: t, label: auditTableLabel(t, lang) }))}
        />
        <DatePicker.RangePicker
          data-testid="audit-dates"
          onChange={(_, [from, to]) => change({ from: from || undefined, to: to || undefined })}
        />
        <TableExportButton onExport={exportAll} disabled={!query.data?.total} testId="audit-export" />
      </Space>
      <Table<TRow>
        size="small"
        rowKey={(r) => r.entry.id}
        data-testid="audit-table-rows"
        loading={query.isFetching}
        dataSource={rows}
        scroll={{ x: 900 }}
        expandable={{
          rowExpandable: (r) => r.view.inserted.length > 0,
          expandedRowRender: (r) => <InsertedRows rows={r.view.inserted} />,
        }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => m('total', { n }),
          onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
        }}
        columns={[
          {
            title: m('auditAt'),
            key: 'at',
            width: 170,
            render: (_, r) => formatCollegeTime(r.entry.at, lang),
          },
          {
            title: m('auditUser'),
            key: 'user',
            width: 130,
            render: (_, { entry }) =>
              entry.userId === null ? m('auditSystemUser', { name: entry.username }) : entry.username,
          },
          { title: m('auditProcedure'), key: 'operation', width: 150, render: (_, r) => r.view.operation },
          {
            title: m('auditAction'),
            key: 'action',
            width: 80,
            render: (_, { entry }) => (
              <Tag color={ACTION_COLORS[entry.action]}>{actionLabel[entry.action]}</Tag>
            ),
          },
          { title: m('auditTable'), key: 'table', width: 100, render: (_, r) => r.view.table },
          { title: m('auditRow'), key: 'record', width: 240, render: (_, r) => r.view.record },
          {
            title: m('auditChanges'),
            key: 'changes',
            render: (_, r) => (
              <ul className="audit-diff" data-testid="audit-changes">
                {r.view.changes.map((c) => (
                  <ChangeLine key={c.label} change={c} />
                ))}
              </ul>
            ),
          },
        ]}
      />
    </div>
  );
}
