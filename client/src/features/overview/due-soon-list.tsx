/** 即将到期: required sessions of the current month and quarter not held yet, soonest first, with days left. */
import { Tag } from 'antd';
import { REQUIREMENTS } from '../../../../shared/domain';
import type { TDueSoon } from '../../../../shared/schemas/overview';
import { EmptyState } from '../../components/states';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import { Link } from '../../lib/router';
import { urgencyColor } from './due-soon-model';
import { slotLink } from './links';
import { OVERVIEW_MESSAGES } from './messages';

export function DueSoonList({ dueSoon }: { dueSoon: TDueSoon }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  if (dueSoon.total === 0) return <EmptyState description={m('dueSoonNone')} />;
  return (
    <ul className="overview-list" data-testid="due-soon-list" data-total={dueSoon.total}>
      {dueSoon.items.map((item) => (
        <li
          key={`${item.branchId}-${item.type}-${item.slot}`}
          className="overview-list-item"
          data-testid="due-soon-item"
        >
          <Link to={slotLink(item.code, item.slot, item.type)} className="overview-list-name">
            {item.name}
          </Link>
          <span className="overview-list-tags">
            <span className="overview-list-meta">
              {enumLabel(REQUIREMENTS, item.type, lang)} · {formatPeriod(item.slot, lang)}
            </span>
            <Tag color={urgencyColor(item.daysLeft)}>
              {item.daysLeft === 0 ? m('dueToday') : m('daysLeft', { n: item.daysLeft })}
            </Tag>
          </span>
        </li>
      ))}
      {dueSoon.items.length < dueSoon.total && (
        <li className="overview-list-more">
          {m('dueSoonMore', { n: dueSoon.total - dueSoon.items.length })}
        </li>
      )}
    </ul>
  );
}
