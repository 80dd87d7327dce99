/** 工作欠账: the unmet month slots of the last completed month, one line per branch, each type a link to its slots. */
import { Tag } from 'antd';
import { useRef } from 'react';
import { REQUIREMENTS } from '../../../../shared/domain';
import { EmptyState } from '../../components/states';
import type { TOverviewSummary } from '../../lib/api-types';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import { Link } from '../../lib/router';
import { slotLink } from './links';
import { useFitCount } from './list-fit';
import { OVERVIEW_MESSAGES } from './messages';

/** `isFitted` (the big screen): as many whole lines as the box holds, then how many more (list-fit.ts). */
export function AlertsList({
  alerts,
  isFitted = false,
}: {
  alerts: TOverviewSummary['alerts'];
  isFitted?: boolean;
}) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const listRef = useRef<HTMLUListElement>(null);
  const fitting = useFitCount(listRef, alerts.items.length, isFitted);
  if (!alerts.month) return <EmptyState description={m('alertsNoMonth')} />;
  if (alerts.items.length === 0)
    return <EmptyState description={m('alertsNone', { month: formatPeriod(alerts.month, lang) })} />;
  // At least one line: the measuring needs one, and a box too small for any shows the first, clipped.
  const shown = alerts.items.slice(0, Math.max(1, fitting));
  return (
    <ul
      ref={listRef}
      className={`overview-list${isFitted ? ' is-fitted' : ''}`}
      data-testid="alerts-list"
      data-shown={shown.length}
    >
      {shown.map((item) => (
        <li key={item.branchId} className="overview-list-item" data-testid="alert-item" data-code={item.code}>
          <span className="overview-list-name">{item.name}</span>
          <span className="overview-list-tags">
            {item.backlog.map((b) => (
              <Link
                key={`${b.type}-${b.slot}`}
                to={slotLink(item.code, b.slot, b.type)}
                data-testid="alert-link"
              >
                <Tag color="error">{enumLabel(REQUIREMENTS, b.type, lang)}</Tag>
              </Link>
            ))}
          </span>
        </li>
      ))}
      {shown.length < alerts.items.length && (
        <li className="overview-list-more">{m('dueSoonMore', { n: alerts.items.length - shown.length })}</li>
      )}
    </ul>
  );
}
