/**
 * 导出 Excel / CSV for a grid or list: asks its owner for the table as shown (lib/table-export.ts) at the
 * moment of the click and writes the file with shared/table-sheet.ts, loaded then (exceljs is ~1 MB that
 * no page needs before someone exports).
 */
import { Button, Dropdown, message } from 'antd';
import { useMemo } from 'react';
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
  testId,
  disabled,
}: {
  /** The table as shown now; null when there is nothing to export. */
  getExport: () => TTableExport | null;
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
  const onClick = ({ key }: { key: string }) => {
    const request = getExport();
    if (!request || request.table.rows.length === 0) {
      void message.info(m('nothing'));
      return;
    }
    writeTableExport(request, key === 'csv' ? 'csv' : 'xlsx').catch(() => void message.error(m('failed')));
  };
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }} disabled={disabled}>
      <Button size="small" icon={<DownloadIcon size={14} />} data-testid={testId} className="no-print">
        {m('export')}
      </Button>
    </Dropdown>
  );
}
