/**
 * 导出 of the 组织与账号 lists (issue 12): the units or the accounts as the table shows them (its sort, its
 * columns without the row actions), with the header block, named `全院_组织机构_日期.xlsx`.
 */
import type { RefObject } from 'react';
import { COLLEGE_SUBJECT } from '../../components/chart-scope';
import type { TTableExport } from '../../components/table-export-button';
import { useI18n } from '../../lib/i18n-provider';
import {
  exportHeaderBlock,
  sheetTableOf,
  type TGridSheetSource,
  tableExportFileName,
} from '../../lib/table-export';
import { useSession } from '../auth/session';

/** The export of the table behind `sheetRef`, titled `title`. */
export function useOrgListExport(
  sheetRef: RefObject<TGridSheetSource | null>,
  title: string,
): () => TTableExport | null {
  const { lang } = useI18n();
  const user = useSession();
  return () => {
    const sheet = sheetRef.current?.sheet();
    if (!sheet) return null;
    const subject = COLLEGE_SUBJECT[lang];
    return {
      table: sheetTableOf(
        sheet,
        exportHeaderBlock({ title: `${subject} · ${title}`, lang, filters: [], user }, sheet),
        title,
      ),
      fileName: (extension) => tableExportFileName({ title, subject, lang }, extension),
    };
  };
}
