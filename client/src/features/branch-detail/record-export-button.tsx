/**
 * 导出 of a branch's record list (activities, achievements, members): the server writes it in the import
 * layout (records.exportSheet, server/export/record-export.ts), so the file can be edited in Excel and
 * imported back; here it is only handed to the browser's download. The 党员名册 uses it too, for its
 * members without a branch code (every branch the user may read) and under its own label.
 */
import { Button, Dropdown, message } from 'antd';
import { useMemo, useState } from 'react';
import type { TRecordExportInput, TRecordExportSheet } from '../../../../shared/schemas/record-export';
import { DownloadIcon } from '../../components/icons';
import { downloadBlob } from '../../lib/download';
import { defineMessages, useMessages } from '../../lib/messages';
import { trpcClient } from '../../lib/trpc';

const MESSAGES = defineMessages(
  {
    export: '导出',
    hint: '按导入模板的格式导出，修改后可在“数据管理”中重新导入',
    xlsx: 'Excel 表格（.xlsx）',
    csv: 'CSV 文本（.csv）',
    failed: '导出失败：{reason}',
  },
  {
    export: 'Export',
    hint: 'In the import layout: edit it and import it again under Data',
    xlsx: 'Excel workbook (.xlsx)',
    csv: 'CSV text (.csv)',
    failed: 'The export failed: {reason}',
  },
);

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function RecordExportButton({
  code,
  sheet,
  period,
  asOf,
  filter,
  label,
  testId,
}: {
  /** Absent: the roster's members of every readable branch (members only). */
  code?: string;
  sheet: TRecordExportSheet;
  period: string;
  asOf?: string;
  /** What a drill-through narrows the list to. */
  filter?: Pick<TRecordExportInput, 'type' | 'ids' | 'kind'>;
  /** The button's text where another 导出 stands beside it (default 导出). */
  label?: string;
  testId?: string;
}) {
  const m = useMessages(MESSAGES);
  const [isBusy, setBusy] = useState(false);
  const items = useMemo(
    () => [
      { key: 'xlsx', label: m('xlsx') },
      { key: 'csv', label: m('csv') },
    ],
    [m],
  );
  const onClick = ({ key }: { key: string }) => {
    setBusy(true);
    trpcClient.records.exportSheet
      .query({
        ...(code ? { code } : {}),
        sheet,
        period,
        ...(asOf ? { asOf } : {}),
        ...filter,
        format: key === 'csv' ? 'csv' : 'xlsx',
      })
      .then((file) => downloadBlob(new Blob([bytesOf(file.base64)], { type: file.mimeType }), file.fileName))
      .catch((error: unknown) =>
        message.error(m('failed', { reason: error instanceof Error ? error.message : String(error) })),
      )
      .finally(() => setBusy(false));
  };
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }}>
      <Button
        size="small"
        icon={<DownloadIcon size={14} />}
        loading={isBusy}
        title={m('hint')}
        className="no-print"
        data-testid={testId ?? `export-${sheet}`}
      >
        {label ?? m('export')}
      </Button>
    </Dropdown>
  );
}
