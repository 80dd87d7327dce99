/** 工作欠账: the unmet month slots of the last completed month, one line per branch, each type a link to its slots. */
import { Tag } from 'antd';
import { REQUIREMENTS } from '../../../../shared/domain';
import { EmptyState } from '../../components/states';
import type { TOverviewSummary } from '../../lib/api-types';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import { Link } from '../../lib/router';
import { slotLink } from './links';
import { OVERVIEW_MESSAGES } from './messages';

export function AlertsList({ alerts, maxItems }: { alerts: TOverviewSummary['alerts']; maxItems?: number }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  if (!alerts.month) return <EmptyState description={m('alertsNoMonth')} />;
  if (alerts.items.length === 0)
    return <EmptyState description={m('alertsNone', { month: formatPeriod(alerts.month, lang) })} />;
  const shown = maxItems ? alerts.items.slice(0, maxItems) : alerts.items;
  return (
    <ul className="overview-list" data-testid="alerts-list">
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
