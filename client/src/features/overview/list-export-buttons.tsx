/**
 * 导出 of the overview's lists: 工作欠账 as listed, and 即将到期 in full (the card lists the first 30;
 * the file asks the server for the whole list, and would say so if there were more still). A
 * secretary's lists are her branch's (the server narrows them), so her files are named after it.
 */
import { COLLEGE_SUBJECT } from '../../components/chart-scope';
import { TableExportButton, type TTableExport, writeTableExport } from '../../components/table-export-button';
import type { TAuthUser, TOverviewSummary } from '../../lib/api-types';
import type { TLang } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { trpcClient } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { alertsSheet, dueSoonSheet } from './list-export';
import { OVERVIEW_MESSAGES } from './messages';

/** The largest 即将到期 list the API gives (ZDueSoonInputSchema): every item of any college's list. */
const DUE_SOON_EXPORT_LIMIT = 20_000;

/** Whose lists these are: a secretary's branch, else the college. */
function subjectOf(user: TAuthUser, lang: TLang): string {
  return user.role === 'secretary' && user.branchName ? user.branchName : COLLEGE_SUBJECT[lang];
}

export function AlertsExportButton({ alerts, asOf }: { alerts: TOverviewSummary['alerts']; asOf?: string }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const user = useSession();
  const month = alerts.month;
  const getExport = (): TTableExport | null => {
    if (!month) return null;
    const sheet = alertsSheet(alerts, lang);
    const subject = subjectOf(user, lang);
    // The header block says whose list it is (a secretary's holds her branch only), as the file name does.
    const title = `${subject} · ${m('alertsTitle', { month: formatPeriod(month, lang) })}`;
    const fileTitle = m('alertsName');
    return {
      table: sheetTableOf(
        sheet,
        exportHeaderBlock({ title, lang, period: month, asOf, filters: [], user }, sheet),
        fileTitle,
      ),
      fileName: (extension) =>
        tableExportFileName({ title: fileTitle, subject, period: month, lang }, extension),
    };
  };
  return (
    <TableExportButton getExport={getExport} disabled={alerts.items.length === 0} testId="alerts-export" />
  );
}

export function DueSoonExportButton({ total }: { total: number }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const user = useSession();
  const onExport = async (format: 'xlsx' | 'csv') => {
    const dueSoon = await trpcClient.overview.dueSoon.query({ limit: DUE_SOON_EXPORT_LIMIT });
    const sheet = dueSoonSheet(dueSoon, lang);
    const title = m('dueSoonTitle');
    const subject = subjectOf(user, lang);
    const filters = [
      m('dueSoonSubtitle', { today: dueSoon.today }),
      ...(dueSoon.items.length < dueSoon.total
        ? [m('exportFirst', { shown: dueSoon.items.length, n: dueSoon.total })]
        : []),
    ];
    await writeTableExport(
      {
        table: sheetTableOf(
          sheet,
          exportHeaderBlock(
            { title: `${subject} · ${title}`, lang, asOf: dueSoon.today, filters, user },
            sheet,
          ),
          title,
        ),
        fileName: (extension) =>
          tableExportFileName({ title, subject, period: dueSoon.today.slice(0, 7), lang }, extension),
      },
      format,
    );
  };
  return <TableExportButton onExport={onExport} disabled={total === 0} testId="due-soon-export" />;
}
