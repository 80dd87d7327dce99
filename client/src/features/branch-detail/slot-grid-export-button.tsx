/** 导出 of the 规定动作完成情况 grid: every slot of the period in the grid's order (slot-sheet.ts). */
import { useChartScope } from '../../components/chart-scope';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import type { TBranchSlot } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { useSession } from '../auth/session';
import { MESSAGES } from './messages';
import { slotSheet, slotsInGridOrder } from './slot-sheet';

export function SlotGridExportButton({ slots }: { slots: readonly TBranchSlot[] | undefined }) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const user = useSession();
  // The page's scope: the branch, the period and 统计截至 its figures are of.
  const { subject, period, asOf } = useChartScope();
  const getExport = (): TTableExport | null => {
    if (!slots) return null;
    const sheet = slotSheet(slotsInGridOrder(slots), lang);
    const title = m('section.slots');
    return {
      table: sheetTableOf(
        sheet,
        exportHeaderBlock(
          { title: `${subject} · ${title}`, lang, period, ...(asOf ? { asOf } : {}), filters: [], user },
          sheet,
        ),
        title,
      ),
      fileName: (extension) => tableExportFileName({ title, subject, period, lang }, extension),
    };
  };
  return <TableExportButton getExport={getExport} disabled={!slots?.length} testId="slots-export" />;
}
