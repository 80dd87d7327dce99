/**
 * The product's navigation and which page each address shows. Pages of later releases are placeholders;
 * replacing one is a change to this file only.
 */
import { lazy, type ReactNode } from 'react';
import type { TUserRole } from '../../shared/roles';
import type { TLang, TMessageKey } from './lib/i18n';

/**
 * Each page is its own chunk, loaded when its address is opened (app.tsx wraps it in Suspense): ECharts
 * and the antd components of one page are not in the JavaScript every other page waits for (issue 5,
 * initial JS ≤ 450 KB gzip).
 */
const BigScreenPage = lazy(() =>
  import('./features/big-screen/big-screen-page').then((m) => ({ default: m.BigScreenPage })),
);
const BranchDetailPage = lazy(() =>
  import('./features/branch-detail/branch-detail-page').then((m) => ({ default: m.BranchDetailPage })),
);
const BranchPickerPage = lazy(() =>
  import('./features/branch-detail/branch-picker-page').then((m) => ({ default: m.BranchPickerPage })),
);
const DataPage = lazy(() => import('./features/data/data-page').then((m) => ({ default: m.DataPage })));
const GoalsPage = lazy(() => import('./features/goals/goals-page').then((m) => ({ default: m.GoalsPage })));
const ComparePage = lazy(() =>
  import('./features/compare/compare-page').then((m) => ({ default: m.ComparePage })),
);
const RosterPage = lazy(() =>
  import('./features/roster/roster-page').then((m) => ({ default: m.RosterPage })),
);
const OrgAdminPage = lazy(() =>
  import('./features/org-admin/org-admin-page').then((m) => ({ default: m.OrgAdminPage })),
);
const OverviewPage = lazy(() =>
  import('./features/overview/overview-page').then((m) => ({ default: m.OverviewPage })),
);

export type TNavKey = 'overview' | 'compare' | 'branch' | 'members' | 'data' | 'goals' | 'org';

/** `roles`: only these roles see the entry (features/auth/nav-access.ts); absent = every signed-in user. */
export const NAV_ITEMS: readonly {
  key: TNavKey;
  path: string;
  label: TMessageKey;
  roles?: readonly TUserRole[];
}[] = [
  { key: 'overview', path: '/overview', label: 'nav.overview' },
  { key: 'compare', path: '/compare', label: 'nav.compare' },
  { key: 'branch', path: '/branch', label: 'nav.branch' },
  { key: 'members', path: '/members', label: 'nav.members' },
  { key: 'data', path: '/data', label: 'nav.data' },
  { key: 'goals', path: '/goals', label: 'nav.goals' },
  { key: 'org', path: '/org', label: 'nav.org', roles: ['admin'] },
];

/** Where `/` goes: the leadership overview. */
const HOME_PATH = '/overview';

/**
 * Where `/` (and so signing in) goes for a role: a secretary's home is her own branch — what is due and
 * overdue, one click to record it (`/branch` opens the signed-in secretary's branch).
 */
export function homePathFor(role: TUserRole): string {
  return role === 'secretary' ? '/branch' : HOME_PATH;
}

/** Pages about a period (`?period=&asOf=`): the menu's links to them carry the period along. */
export const PERIOD_NAV_KEYS: readonly TNavKey[] = ['overview', 'compare', 'branch', 'members'];

export interface TResolvedRoute {
  navKey: TNavKey | null;
  element: ReactNode;
  /** Rendered without the app's header and menu (the big screen). */
  isBare?: boolean;
  /** The page's name in the browser's tab (features/shell/page-title.ts). */
  title: TMessageKey;
  /** What the page is about beyond its name (a branch's code), also in the tab. */
  subject?: string;
  /** The page shows a period (`?period=`): the tab names it. */
  hasPeriod: boolean;
  /** About one goal year (`?year=`, default this year): the 目标 page. */
  hasYear?: boolean;
}

export function resolveRoute(pathname: string, _lang: TLang): TResolvedRoute | null {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  switch (first) {
    case 'data':
      return { navKey: 'data', element: <DataPage />, title: 'nav.data', hasPeriod: false };
    case 'overview':
      return { navKey: 'overview', element: <OverviewPage />, title: 'nav.overview', hasPeriod: true };
    case 'screen':
      return { navKey: null, element: <BigScreenPage />, isBare: true, title: 'nav.screen', hasPeriod: true };
    case 'compare':
      return { navKey: 'compare', element: <ComparePage />, title: 'nav.compare', hasPeriod: true };
    case 'branch':
      return second
        ? {
            navKey: 'branch',
            element: <BranchDetailPage key={second} code={decodeURIComponent(second)} />,
            title: 'nav.branch',
            subject: decodeURIComponent(second),
            hasPeriod: true,
          }
        : { navKey: 'branch', element: <BranchPickerPage />, title: 'nav.branch', hasPeriod: false };
    case 'members':
      return { navKey: 'members', element: <RosterPage />, title: 'nav.members', hasPeriod: true };
    case 'org':
      return { navKey: 'org', element: <OrgAdminPage />, title: 'nav.org', hasPeriod: false };
    case 'goals':
      return { navKey: 'goals', element: <GoalsPage />, title: 'nav.goals', hasPeriod: false, hasYear: true };
    default:
      return null;
  }
}
