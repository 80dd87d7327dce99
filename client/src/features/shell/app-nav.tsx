/**
 * The main menu, in the side bar (wide screens) or the header's drawer (phones). Its links to pages about a
 * period carry the period shown (or, from a page without one, the one remembered last), so moving between
 * pages keeps the period chosen (issue 14.6).
 */
import { Menu } from 'antd';
import { memo, useEffect } from 'react';
import type { TUserRole } from '../../../../shared/roles';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { periodQueryOf, rememberedPeriodQuery, rememberPeriodQuery } from '../../lib/period-state';
import { navigate, useSearchParams } from '../../lib/router';
import { NAV_ITEMS, PERIOD_NAV_KEYS, type TNavKey } from '../../routes';
import { isNavVisible } from '../auth/nav-access';
import { SHELL_MESSAGES } from './messages';

const PERIOD_PARAMS = ['period', 'asOf'] as const;

export const AppNav = memo(function AppNav({
  navKey,
  role,
  isPeriodPage,
  onNavigate,
}: {
  navKey: TNavKey | null;
  role: TUserRole;
  /** The page shown is about a period: its period goes along (and is remembered). */
  isPeriodPage: boolean;
  onNavigate?: () => void;
}) {
  const { t } = useI18n();
  const m = useMessages(SHELL_MESSAGES);
  const search = useSearchParams(PERIOD_PARAMS);
  const ownQuery = periodQueryOf(search);
  useEffect(() => {
    if (isPeriodPage) rememberPeriodQuery(ownQuery);
  }, [isPeriodPage, ownQuery]);
  const periodQuery = isPeriodPage ? ownQuery : rememberedPeriodQuery();
  const hrefOf = (key: TNavKey, path: string) => (PERIOD_NAV_KEYS.includes(key) ? path + periodQuery : path);
  const items = NAV_ITEMS.filter((item) => isNavVisible(item, role));

  return (
    <nav aria-label={m('navLabel')} className="app-nav">
      <Menu
        mode="inline"
        selectedKeys={navKey ? [navKey] : []}
        items={items.map((item) => ({
          key: item.key,
          label: (
            <a
              href={hrefOf(item.key, item.path)}
              data-nav={item.key}
              aria-current={item.key === navKey ? 'page' : undefined}
            >
              {t(item.label)}
            </a>
          ),
        }))}
        onClick={({ key, domEvent }) => {
          const item = items.find((i) => i.key === key);
          if (!item) return;
          const event = domEvent as { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean };
          // A new tab or window (ctrl/cmd/shift-click) follows the link itself.
          if (event.ctrlKey || event.metaKey || event.shiftKey) return;
          domEvent.preventDefault();
          navigate(hrefOf(item.key, item.path));
          onNavigate?.();
        }}
      />
    </nav>
  );
});
