/**
 * The header of a printed page (issue 12): the app, the page and its subject, the period of the address
 * and when and by whom it was printed. Hidden on screen (print.css); the page's own subtitle, printed
 * under it, carries 统计截至.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../../lib/i18n-provider';
import { formatPeriod, readPeriodState } from '../../lib/period-state';
import { useSearchParam } from '../../lib/router';
import { collegeDateTime } from '../../lib/table-export';
import { useSession } from '../auth/session';
import './print.css';

const TEXT = {
  zh: { period: '期间', printed: '打印于', by: '打印人', asOf: '统计截至' },
  en: { period: 'Period', printed: 'Printed', by: 'by', asOf: 'as of' },
} as const;

/** The time of printing: set when the browser starts to print, not when the page was opened. */
function usePrintTime(): string {
  const [time, setTime] = useState(() => collegeDateTime());
  useEffect(() => {
    const update = () => setTime(collegeDateTime());
    window.addEventListener('beforeprint', update);
    return () => window.removeEventListener('beforeprint', update);
  }, []);
  return time;
}

export function PrintHeader({
  page,
  subject,
  hasPeriod,
}: {
  page: string;
  subject?: string;
  hasPeriod: boolean;
}) {
  const { lang, t } = useI18n();
  const user = useSession();
  const period = useSearchParam('period');
  const asOf = useSearchParam('asOf');
  const time = usePrintTime();
  const text = TEXT[lang];
  const shownPeriod = hasPeriod
    ? formatPeriod(readPeriodState(new URLSearchParams(period ? { period } : {})).period, lang)
    : null;
  return (
    <header className="print-header" data-testid="print-header">
      <div className="print-header-title">
        {t('app.title')} · {page}
        {subject ? ` ${subject}` : ''}
      </div>
      <div className="print-header-meta">
        {shownPeriod ? `${text.period} ${shownPeriod}` : null}
        {shownPeriod && asOf ? ` · ${text.asOf} ${asOf}` : null}
        {shownPeriod ? ' · ' : null}
        {`${text.printed} ${time} · ${text.by} ${user.displayName}`}
      </div>
    </header>
  );
}
