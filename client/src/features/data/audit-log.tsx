/** 操作日志 (admin): the audit trail, newest first, filtered by user, table and dates, paged on the server. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../components/states';
import type { TAuditEntry } from '../../lib/api-types';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { diffLines, type TAuditFilterState, toAuditInput } from './audit-model';
import { DATA_MESSAGES } from './messages';

const TABLES = [
  'import',
  'units',
  'members',
  'activities',
  'achievements',
  'goals',
  'metric_weights',
  'users',
];
const ACTION_COLORS = { insert: 'green', update: 'blue', delete: 'red', import: 'purple' } as const;

export function AuditLog() {
  const m = useMessages(DATA_MESSAGES);
  const [filter, setFilter] = useState<TAuditFilterState>({ page: 1, pageSize: 20 });
  const input = useMemo(() => toAuditInput(filter), [filter]);
  const query = useQuery({ ...trpc.audit.list.queryOptions(input), placeholderData: keepPreviousData });
  const change = (patch: Partial<TAuditFilterState>) => setFilter((f) => ({ ...f, page: 1, ...patch }));
  const actionLabel = {
    insert: m('actionInsert'),
    update: m('actionUpdate'),
    delete: m('actionDelete'),
    import: m('actionImport'),
  } as const;

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
          options={TABLES.map((t) => ({ value: t, label: t }))}
        />
        <DatePicker.RangePicker
          data-testid="audit-dates"
          onChange={(_, [from, to]) => change({ from: from || undefined, to: to || undefined })}
        />
      </Space>
      <Table<TAuditEntry>
        size="small"
        rowKey="id"
        data-testid="audit-table-rows"
        loading={query.isFetching}
        dataSource={query.data?.rows}
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
            dataIndex: 'at',
            width: 170,
            render: (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false }),
          },
          {
            title: m('auditUser'),
            dataIndex: 'username',
            width: 140,
            render: (u: string, r) => (r.userId === null ? `${m('auditSystem')}（${u}）` : u),
          },
          { title: m('auditProcedure'), dataIndex: 'procedure', width: 150 },
          {
            title: m('auditAction'),
            dataIndex: 'action',
            width: 80,
            render: (a: TAuditEntry['action']) => <Tag color={ACTION_COLORS[a]}>{actionLabel[a]}</Tag>,
          },
          { title: m('auditTable'), dataIndex: 'table', width: 120 },
          { title: m('auditRow'), dataIndex: 'rowKey', width: 220, ellipsis: true },
          {
            title: m('auditChanges'),
            key: 'changes',
            render: (_, r) => (
              <ul className="audit-diff">
                {diffLines(r.before, r.after).map((d) => (
                  <li key={d.field}>
                    <code>{d.field}</code>: <span className="audit-before">{d.before}</span> →{' '}
                    <span className="audit-after">{d.after}</span>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </div>
  );
}
