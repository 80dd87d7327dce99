/**
 * 导入记录 (admin: every import; secretary: her own): who, when, which file, what it changed, and 撤销
 * with a confirm dialog. A refused undo shows the server's reason (the row, who changed it and when).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, message, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TImportHistoryEntry } from '../../../../shared/schemas/import-upload';
import { TableExportButton, writeTableExport } from '../../components/table-export-button';
import { formatCollegeTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { collectPages, exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { useSession } from '../auth/session';
import { IMPORT_HISTORY_EXPORT_PAGE, importHistorySheet, importUserLabel } from './import-history-export';
import { DATA_MESSAGES } from './messages';
import { countsSummary, totalCounts } from './preview-model';
import { fetchImportHistory, undoImport } from './upload-import';

export function ImportHistory() {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const queryClient = useQueryClient();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [target, setTarget] = useState<TImportHistoryEntry | null>(null);
  const query = useQuery({
    queryKey: ['import-history', lang, page],
    queryFn: () =>
      fetchImportHistory(lang, { limit: page.pageSize, offset: (page.current - 1) * page.pageSize }),
    placeholderData: keepPreviousData,
  });
  const undo = useMutation({
    mutationFn: (entry: TImportHistoryEntry) => undoImport(entry.id, lang),
    onSuccess: (result) => {
      setTarget(null);
      const count = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
      void message.success(
        m('undoDone', {
          file: result.fileName,
          deleted: count(result.deleted),
          restored: count(result.restored),
        }),
      );
      // The data changed: every page's numbers, and this list.
      void queryClient.invalidateQueries();
    },
  });
  const close = () => {
    setTarget(null);
    undo.reset();
  };
  const words = { inserted: m('colInserted'), updated: m('colUpdated') };
  const user = useSession();
  // Every import of the list (the table holds one page), fetched at the click.
  const exportAll = async (format: 'xlsx' | 'csv') => {
    const entries = await collectPages((page) => fetchImportHistory(lang, page), IMPORT_HISTORY_EXPORT_PAGE);
    const sheet = importHistorySheet(entries, lang);
    const title = m('tabHistory');
    // A secretary's list is her own imports (the server's rule): the file says so.
    const filters = user.role === 'admin' ? [] : [m('historyOwnOnly')];
    await writeTableExport(
      {
        table: sheetTableOf(sheet, exportHeaderBlock({ title, lang, filters, user }, sheet), title),
        fileName: (extension) =>
          tableExportFileName(
            { title, ...(user.role === 'admin' ? {} : { subject: user.displayName }), lang },
            extension,
          ),
      },
      format,
    );
  };
  const targetTotals = target ? totalCounts(target.counts) : null;

  if (query.error) return <Alert type="error" showIcon title={query.error.message} />;
  return (
    <div data-testid="import-history">
      <div className="import-history-intro">
        <Typography.Paragraph>{m('historyIntro')}</Typography.Paragraph>
        <TableExportButton
          onExport={exportAll}
          disabled={!query.data?.total}
          testId="import-history-export"
        />
      </div>
      <Table<TImportHistoryEntry>
        size="small"
        rowKey="id"
        data-testid="import-history-rows"
        // A phone scrolls the table sideways: squeezed to 390 px, 修改 went one letter a line.
        scroll={{ x: 900 }}
        loading={query.isFetching}
        dataSource={query.data?.rows}
        locale={{ emptyText: m('historyEmpty') }}
        onRow={(r) => ({ 'data-import': r.id, 'data-undone': String(r.undoneAt !== null) }) as object}
        pagination={{
          ...page,
          total: query.data?.total ?? 0,
          showTotal: (n) => m('total', { n }),
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
        columns={[
          {
            title: m('historyAt'),
            dataIndex: 'at',
            width: 170,
            render: (at: string) => formatCollegeTime(at, lang),
          },
          {
            title: m('historyUser'),
            dataIndex: 'username',
            width: 130,
            render: (_: string, r) => importUserLabel(r, lang),
          },
          { title: m('historyFile'), dataIndex: 'fileName', ellipsis: true },
          {
            title: m('historyCounts'),
            key: 'counts',
            render: (_, r) => countsSummary(r.counts, lang, words),
          },
          {
            title: m('historyStatus'),
            key: 'status',
            width: 220,
            render: (_, r) =>
              r.undoneAt ? (
                <Tag data-testid="import-undone">
                  {m('historyUndone', { user: r.undoneBy ?? '', time: formatCollegeTime(r.undoneAt, lang) })}
                </Tag>
              ) : (
                <Tag color="green">{m('historyActive')}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            width: 80,
            render: (_, r) =>
              r.undoneAt ? null : (
                <Button size="small" danger data-testid="import-undo" onClick={() => setTarget(r)}>
                  {m('undo')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={target !== null}
        title={target ? m('undoTitle', { file: target.fileName }) : ''}
        okText={m('undoOk')}
        cancelText={m('cancel')}
        okButtonProps={{
          danger: true,
          disabled: undo.isError,
          ...({ 'data-testid': 'undo-confirm' } as object),
        }}
        confirmLoading={undo.isPending}
        onOk={() => target && undo.mutate(target)}
        onCancel={close}
        destroyOnHidden
      >
        <div data-testid="undo-dialog">
          {targetTotals ? (
            <Typography.Paragraph>
              {m('undoBody', { inserted: targetTotals.inserted, updated: targetTotals.updated })}
            </Typography.Paragraph>
          ) : null}
          {undo.error ? (
            <Alert
              type="error"
              showIcon
              data-testid="undo-error"
              title={m('undoRefused')}
              description={undo.error.message}
            />
          ) : null}
        </div>
      </Modal>
    </div>
  );
}
