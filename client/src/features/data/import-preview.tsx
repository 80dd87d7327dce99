/**
 * The preview of an upload: counts per sheet, then per sheet the updated rows field by field (before →
 * after) and the new rows, and every problem (sheet, row, column, value, reason). Nothing is written
 * until 确认导入; a file with problems or without changes has no confirm button.
 */
import { Alert, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { SHEET_KEYS, SHEETS, type TSheetKey } from '../../../../shared/import-format';
import { collegeTimeZone } from '../../../../shared/schemas/date';
import type { TImportPreviewResult, TUploadProblem } from '../../../../shared/schemas/import-upload';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { DATA_MESSAGES } from './messages';
import { diffLinesOf, insertLinesOf, noChangeReason, sheetsWithRows, totalCounts } from './preview-model';

export function ProblemTable({ problems, testId }: { problems: TUploadProblem[]; testId: string }) {
  const m = useMessages(DATA_MESSAGES);
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey={(_, i) => String(i)}
      dataSource={problems}
      pagination={problems.length > 50 ? { pageSize: 50 } : false}
      columns={[
        { title: m('colSheet'), dataIndex: 'sheet', width: 100 },
        { title: m('colRow'), dataIndex: 'row', width: 70, align: 'right' },
        { title: m('colColumn'), dataIndex: 'column', width: 120 },
        { title: m('colValue'), dataIndex: 'value', width: 160, ellipsis: true },
        { title: m('colReason'), dataIndex: 'reason' },
      ]}
    />
  );
}

/** Counts per sheet and their total; `data-sheet` on each row for tests. */
export function CountsTable({ counts, testId }: { counts: TImportPreviewResult['counts']; testId: string }) {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const total = totalCounts(counts);
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey="key"
      pagination={false}
      dataSource={[
        ...SHEET_KEYS.map((k) => ({ key: k as string, label: SHEETS[k][lang], ...counts[k] })),
        { key: 'total', label: m('colTotal'), ...total },
      ]}
      onRow={(r) => ({ 'data-sheet': r.key }) as object}
      columns={[
        { title: m('colSheet'), dataIndex: 'label' },
        { title: m('colInserted'), dataIndex: 'inserted', align: 'right' },
        { title: m('colUpdated'), dataIndex: 'updated', align: 'right' },
        { title: m('colUnchanged'), dataIndex: 'unchanged', align: 'right' },
      ]}
    />
  );
}

/** Rows per page of the preview's tables: the confirm button stays in sight. */
const PAGE_SIZE = 10;

function ListedNote({ shown, total }: { shown: number; total: number }) {
  const m = useMessages(DATA_MESSAGES);
  if (total <= shown) return null;
  return <Typography.Text type="secondary">{m('listedFirst', { shown, total })}</Typography.Text>;
}

function SheetChanges({ preview, sheet }: { preview: TImportPreviewResult; sheet: TSheetKey }) {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const rows = preview.sheets[sheet];
  const counts = preview.counts[sheet];
  const diff = useMemo(() => diffLinesOf(sheet, rows.updates, lang), [sheet, rows.updates, lang]);
  const inserts = useMemo(() => insertLinesOf(sheet, rows.inserts, lang), [sheet, rows.inserts, lang]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`preview-sheet-${sheet}`}>
      <Typography.Title level={5}>{m('tabUpdates', { n: counts.updated })}</Typography.Title>
      <ListedNote shown={rows.updates.length} total={counts.updated} />
      {diff.length === 0 ? (
        <Typography.Text type="secondary">{m('noUpdates')}</Typography.Text>
      ) : (
        <Table
          size="small"
          data-testid={`preview-updates-${sheet}`}
          rowKey="id"
          dataSource={diff}
          pagination={diff.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false}
          columns={[
            {
              title: m('colKey'),
              dataIndex: 'key',
              width: '36%',
              render: (key: string, line) => (line.isFirst ? key : ''),
            },
            { title: m('colField'), dataIndex: 'field', width: 130 },
            {
              title: m('colBefore'),
              dataIndex: 'before',
              render: (v: string) => <span className="preview-before">{v}</span>,
            },
            {
              title: m('colAfter'),
              dataIndex: 'after',
              render: (v: string) => <span className="preview-after">{v}</span>,
            },
          ]}
        />
      )}
      <Typography.Title level={5}>{m('tabInserts', { n: counts.inserted })}</Typography.Title>
      <ListedNote shown={rows.inserts.length} total={counts.inserted} />
      {inserts.length === 0 ? (
        <Typography.Text type="secondary">{m('noInserts')}</Typography.Text>
      ) : (
        <Table
          size="small"
          data-testid={`preview-inserts-${sheet}`}
          rowKey="id"
          dataSource={inserts}
          pagination={inserts.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false}
          columns={[
            { title: m('colKey'), dataIndex: 'key', width: '36%' },
            { title: m('colFields'), dataIndex: 'fields' },
          ]}
        />
      )}
    </Space>
  );
}

export interface ImportPreviewProps {
  preview: TImportPreviewResult;
  isCommitting: boolean;
  isConfirmable: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ImportPreview({
  preview,
  isCommitting,
  isConfirmable,
  onConfirm,
  onCancel,
}: ImportPreviewProps) {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const reason = noChangeReason(preview);
  const sheets = sheetsWithRows(preview);
  const problems = preview.errors.length;
  const tabs = [
    ...(problems > 0
      ? [
          {
            key: 'problems',
            label: (
              <span data-tab="problems">
                {m('tabProblems', { n: problems })} <Tag color="red">!</Tag>
              </span>
            ),
            children: <ProblemTable problems={preview.errors} testId="import-errors" />,
          },
        ]
      : []),
    ...sheets.map((k) => ({
      key: k,
      label: <span data-tab={k}>{SHEETS[k][lang]}</span>,
      children: <SheetChanges preview={preview} sheet={k} />,
    })),
  ];
  return (
    <div className="import-preview" data-testid="import-preview" data-ok={String(preview.ok)}>
      <Typography.Title level={4}>{m('previewTitle', { file: preview.fileName })}</Typography.Title>
      {!preview.ok ? (
        <Alert
          type="error"
          showIcon
          title={m('previewErrors', { n: problems })}
          data-testid="preview-status"
        />
      ) : reason ? (
        <Alert
          type="info"
          showIcon
          data-testid="preview-status"
          data-reason={reason}
          title={reason === 'template' ? m('previewTemplate') : m('previewUnchanged')}
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          data-testid="preview-status"
          title={m('previewHint')}
          description={
            preview.expiresAt
              ? m('previewExpires', {
                  time: new Date(preview.expiresAt).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
                    hour12: false,
                    timeZone: collegeTimeZone(),
                  }),
                })
              : undefined
          }
        />
      )}
      {preview.examplesSkipped > 0 && reason !== 'template' ? (
        <Typography.Text type="secondary">
          {m('previewExamples', { n: preview.examplesSkipped })}
        </Typography.Text>
      ) : null}
      {preview.ok ? <CountsTable counts={preview.counts} testId="preview-counts" /> : null}
      {/* The decision right under the numbers; the details follow. */}
      <Space className="preview-actions">
        {preview.previewId && isConfirmable ? (
          <Button type="primary" loading={isCommitting} onClick={onConfirm} data-testid="import-confirm">
            {isCommitting ? m('committing') : m('confirm')}
          </Button>
        ) : null}
        <Button onClick={onCancel} disabled={isCommitting} data-testid="import-cancel">
          {preview.previewId && isConfirmable ? m('cancel') : m('reupload')}
        </Button>
      </Space>
      {tabs.length > 0 ? <Tabs items={tabs} data-testid="preview-tabs" /> : null}
      {preview.warnings.length > 0 ? (
        <>
          <Alert type="warning" showIcon title={m('warnTitle', { n: preview.warnings.length })} />
          <ProblemTable problems={preview.warnings} testId="import-warnings" />
        </>
      ) : null}
    </div>
  );
}
