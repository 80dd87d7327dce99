/**
 * 导出 Excel / CSV for a grid or list: asks its owner for the table as shown (lib/table-export.ts) at the
 * moment of the click and writes the file with shared/table-sheet.ts, loaded then (exceljs is ~1 MB that
 * no page needs before someone exports).
 */
import { Button, Dropdown, message } from 'antd';
import { useMemo, useState } from 'react';
import type { TSheetTable } from '../../../shared/table-sheet';
import { CSV_MIME, downloadBlob, XLSX_MIME } from '../lib/download';
import { defineMessages, useMessages } from '../lib/messages';
import { DownloadIcon } from './icons';

const MESSAGES = defineMessages(
  {
    export: '导出',
    xlsx: 'Excel 表格（.xlsx）',
    csv: 'CSV 文本（.csv）',
    failed: '导出失败，请重试',
    nothing: '没有可导出的行',
  },
  {
    export: 'Export',
    xlsx: 'Excel workbook (.xlsx)',
    csv: 'CSV text (.csv)',
    failed: 'The export failed; please try again',
    nothing: 'No rows to export',
  },
);

export interface TTableExport {
  table: TSheetTable;
  fileName: (extension: 'xlsx' | 'csv') => string;
}

export async function writeTableExport({ table, fileName }: TTableExport, format: 'xlsx' | 'csv') {
  const { buildTableCsv, buildTableXlsx } = await import('../../../shared/table-sheet');
  const blob =
    format === 'xlsx'
      ? new Blob([await buildTableXlsx(table)], { type: XLSX_MIME })
      : new Blob([buildTableCsv(table)], { type: CSV_MIME });
  downloadBlob(blob, fileName(format));
}

export function TableExportButton({
  getExport,
  onExport,
  testId,
  disabled,
}: {
  /** The table as shown now; null when there is nothing to export. */
  getExport?: () => TTableExport | null;
  /** Or the whole export, for a list that fetches its rows at the click (paged on the server). */
  onExport?: (format: 'xlsx' | 'csv') => Promise<void>;
  testId?: string;
  disabled?: boolean;
}) {
  const m = useMessages(MESSAGES);
  const items = useMemo(
    () => [
      { key: 'xlsx', label: m('xlsx') },
      { key: 'csv', label: m('csv') },
    ],
    [m],
  );
  const [isBusy, setBusy] = useState(false);
  const onClick = ({ key }: { key: string }) => {
    const format = key === 'csv' ? 'csv' : 'xlsx';
    const failed = () => void message.error(m('failed'));
    if (onExport) {
      setBusy(true);
      onExport(format)
        .catch(failed)
        .finally(() => setBusy(false));
      return;
    }
    const request = getExport?.();
    if (!request || request.table.rows.length === 0) {
      void message.info(m('nothing'));
      return;
    }
    writeTableExport(request, format).catch(failed);
  };
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }} disabled={disabled}>
      <Button
        size="small"
        icon={<DownloadIcon size={14} />}
        loading={isBusy}
        data-testid={testId}
        className="no-print"
      >
        {m('export')}
      </Button>
    </Dropdown>
  );
}
