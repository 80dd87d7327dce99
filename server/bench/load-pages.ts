/**
 * What the load script's users do: which page they open (weighted by role), for which period, and the
 * tRPC calls that page makes on load — the same procedures, inputs, batches and waterfalls as the
 * client (see the list below; keep it in step with client/src/features/*). Pure apart from the
 * Browser it drives, and seeded, so a run's mix can be reproduced.
 *
 * | page            | requests, in order (each line one batched GET)                                               |
 * | --------------- | -------------------------------------------------------------------------------------------- |
 * | any, full load  | auth.me (SessionGate), then the page's own                                                    |
 * | /overview       | overview.kpis, overview.trend, overview.summary {limit 5}, overview.dueSoon {limit 30}       |
 * | /screen refresh | the same four (useOverviewData, refetched every minute; no auth.me)                           |
 * | /compare        | metrics.branches                                                                              |
 * | /branch/<code>  | records.branch {code}; then records.profile, .slots, .achievements, .activities + metrics.branch (may read records) or metrics.standing (a secretary on another branch); an editor adds records.agenda and records.members, a secretary at home overview.summary {limit 1} |
 * | /goals          | goals.list, goals.weights, goals.actuals {year, []}; then goals.actuals with the branch goals' codes |
 * | /data           | branches.list (roster tab); admins sometimes the audit tab: audit.list {limit 20, offset 0} |
 * | sign-in         | auth.loginOptions, POST auth.login, auth.me, then the page                                    |
 */
import { addDays, parsePeriod } from '../../shared/schemas/period';
import type { Rng } from '../demo/prng';
import type { Browser, TCall } from './load-http';

export type TRole = 'admin' | 'leader' | 'secretary';
export type TPageKey = 'overview' | 'screen' | 'compare' | 'branch' | 'goals' | 'data';
export const PAGE_KEYS: readonly TPageKey[] = ['overview', 'screen', 'compare', 'branch', 'goals', 'data'];

/** Relative weights per role: leaders watch the overview and the screen, secretaries their branch. */
const PAGE_WEIGHTS: Record<TRole, Record<TPageKey, number>> = {
  admin: { overview: 30, screen: 10, compare: 20, branch: 20, goals: 10, data: 10 },
  leader: { overview: 40, screen: 15, compare: 20, branch: 20, goals: 5, data: 0 },
  secretary: { overview: 25, screen: 5, compare: 20, branch: 35, goals: 10, data: 5 },
};
/** Share of page views that are a full page load (address typed, link opened, reload): auth.me first. */
const FULL_LOAD_SHARE = 0.25;
/** Share of page views that start on the login page (a real POST auth.login). */
const SIGN_IN_SHARE = 0.02;
/** Share of a secretary's branch pages that show her own branch (the rest: another, restricted). */
const OWN_BRANCH_SHARE = 0.8;

export type TPeriodKind = 'this year to date' | 'last year' | 'quarter' | 'month' | 'random';
const PERIOD_KINDS: readonly TPeriodKind[] = ['this year to date', 'last year', 'quarter', 'month', 'random'];
const PERIOD_WEIGHTS = [50, 12, 14, 8, 16];

export interface TPeriodPick {
  kind: TPeriodKind;
  period: string;
  asOf?: string;
}

export interface TBranchRef {
  id: number;
  code: string;
}

export interface TUserProfile {
  role: TRole;
  username: string;
  password: string;
  /** A secretary's branch. */
  branch?: TBranchRef;
}

export interface TPageContext {
  rng: Rng;
  /** Today as the client sees it (ISO). */
  today: string;
  /** The first year with data (five years of data: this year − 4). */
  firstYear: number;
  /** Branches an admin or leader opens, and a secretary's "other" branches. */
  branches: readonly TBranchRef[];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A random day in [from, to] (ISO, from ≤ to). */
function dayBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A period as users pick them: mostly this year to date (what every page opens on), last year, a
 * started quarter or month of this or last year, and some random valid periods, ranges and asOf days
 * over the five years. Never one that has not started (the server refuses those: asOf before start).
 */
export function pickPeriod({ rng, today, firstYear }: TPageContext): TPeriodPick {
  const yesterday = addDays(today, -1);
  const thisYear = Number(today.slice(0, 4));
  const thisMonth = Number(today.slice(5, 7));
  const kind = rng.weighted(PERIOD_KINDS, PERIOD_WEIGHTS);
  const startedQuarter = (year: number) =>
    `${year}-Q${year === thisYear ? rng.int(1, Math.ceil(thisMonth / 3)) : rng.int(1, 4)}`;
  const startedMonth = (year: number) =>
    `${year}-${pad2(year === thisYear ? rng.int(1, thisMonth) : rng.int(1, 12))}`;
  switch (kind) {
    case 'this year to date':
      return { kind, period: String(thisYear) };
    case 'last year':
      return { kind, period: String(thisYear - 1) };
    case 'quarter':
      return { kind, period: startedQuarter(rng.int(thisYear - 1, thisYear)) };
    case 'month':
      return { kind, period: startedMonth(rng.int(thisYear - 1, thisYear)) };
    case 'random': {
      const year = rng.int(firstYear, thisYear);
      const shape = rng.int(0, 3);
      let period: string;
      if (shape === 0) period = String(year);
      else if (shape === 1) period = startedQuarter(year);
      else if (shape === 2) period = startedMonth(year);
      else {
        const start = dayBetween(rng, `${firstYear}-01-01`, yesterday);
        period = `${start}..${dayBetween(rng, start, yesterday)}`;
      }
      const parsed = parsePeriod(period);
      if (!parsed) throw new Error(`picked a period that does not parse: ${period}`);
      // Sometimes a chosen asOf inside the period (the picker's "截止日期").
      const lastDay = parsed.end < yesterday ? parsed.end : yesterday;
      const asOf =
        rng.chance(0.25) && parsed.start <= lastDay ? dayBetween(rng, parsed.start, lastDay) : undefined;
      return { kind, period, ...(asOf ? { asOf } : {}) };
    }
  }
}

export interface TPageView {
  page: TPageKey;
  period: TPeriodPick;
  isFullLoad: boolean;
  isSignIn: boolean;
}

export function pickPageView(ctx: TPageContext, user: TUserProfile, isFirst: boolean): TPageView {
  const weights = PAGE_WEIGHTS[user.role];
  const page = ctx.rng.weighted(
    PAGE_KEYS,
    PAGE_KEYS.map((k) => weights[k]),
  );
  const isSignIn = ctx.rng.chance(SIGN_IN_SHARE);
  return {
    page,
    period: pickPeriod(ctx),
    // The screen refetches in place; everything else is sometimes opened afresh.
    isFullLoad: page !== 'screen' && (isFirst || isSignIn || ctx.rng.chance(FULL_LOAD_SHARE)),
    isSignIn,
  };
}

/** The address the page has (for the Referer; the period lives in the query string, as in the client). */
function addressOf(page: string, p: TPeriodPick): string {
  const params = new URLSearchParams({ period: p.period, ...(p.asOf ? { asOf: p.asOf } : {}) });
  return `${page}?${params}`;
}

/** The period input as the client builds it: `asOf` left out when unset. */
function periodInput(p: TPeriodPick): { period: string; asOf?: string } {
  return { period: p.period, ...(p.asOf ? { asOf: p.asOf } : {}) };
}

/** Runs one page view: sign-in and auth.me when the view needs them, then the page's own calls. */
export async function visitPage(
  browser: Browser,
  ctx: TPageContext,
  user: TUserProfile,
  view: TPageView,
): Promise<void> {
  const { rng } = ctx;
  if (view.isSignIn) {
    browser.signOut();
    browser.page = '/overview';
    await browser.query([{ path: 'auth.loginOptions' }]);
    await browser.mutate({ path: 'auth.login', input: { username: user.username, password: user.password } });
    if (!browser.sessionToken) return;
  }
  const period = periodInput(view.period);
  switch (view.page) {
    case 'overview':
    case 'screen': {
      browser.page = addressOf(view.page === 'overview' ? '/overview' : '/screen', view.period);
      if (view.isFullLoad) await browser.query([{ path: 'auth.me' }]);
      await browser.query([
        { path: 'overview.kpis', input: period },
        { path: 'overview.trend', input: period },
        { path: 'overview.summary', input: { ...period, limit: 5 } },
        { path: 'overview.dueSoon', input: { limit: 30 } },
      ]);
      return;
    }
    case 'compare': {
      browser.page = addressOf('/compare', view.period);
      if (view.isFullLoad) await browser.query([{ path: 'auth.me' }]);
      await browser.query([{ path: 'metrics.branches', input: period }]);
      return;
    }
    case 'branch': {
      const isOwn = user.role === 'secretary' && user.branch && rng.chance(OWN_BRANCH_SHARE);
      const target = isOwn && user.branch ? user.branch : rng.pick(ctx.branches);
      browser.page = addressOf(`/branch/${encodeURIComponent(target.code)}`, view.period);
      if (view.isFullLoad) await browser.query([{ path: 'auth.me' }]);
      const [branch] =
        (await browser.query([{ path: 'records.branch', input: { code: target.code } }], {
          isDataNeeded: true,
        })) ?? [];
      const found = branch as
        | { id: number; canReadRecords: boolean; canEditRecords: boolean }
        | null
        | undefined;
      if (!found) return;
      const range = { branchId: found.id, ...period };
      const calls: TCall[] = found.canReadRecords
        ? [
            // BranchRecords' queries subscribe in the child's effects, before the parent's metrics.branch.
            { path: 'records.profile', input: range },
            { path: 'records.slots', input: range },
            { path: 'records.achievements', input: range },
            { path: 'records.activities', input: range },
            { path: 'metrics.branch', input: range },
          ]
        : [{ path: 'metrics.standing', input: range }];
      if (found.canEditRecords) {
        // The editor's agenda and member list; a secretary's own branch is her home (college mean).
        calls.push({ path: 'records.agenda', input: { branchId: found.id, today: ctx.today } });
        calls.push({ path: 'records.members', input: { branchId: found.id } });
        if (user.role === 'secretary')
          calls.push({ path: 'overview.summary', input: { ...period, limit: 1 } });
      }
      await browser.query(calls);
      return;
    }
    case 'goals': {
      const thisYear = Number(ctx.today.slice(0, 4));
      const year = rng.chance(0.7) ? thisYear : Number(view.period.period.slice(0, 4));
      browser.page = year === thisYear ? '/goals' : `/goals?year=${year}`;
      if (view.isFullLoad) await browser.query([{ path: 'auth.me' }]);
      // The first render asks for last year's actuals before the goals list names its branches.
      const [list] =
        (await browser.query(
          [
            { path: 'goals.list', input: { year } },
            { path: 'goals.weights', input: { year } },
            { path: 'goals.actuals', input: { year, branchCodes: [] } },
          ],
          { isDataNeeded: true },
        )) ?? [];
      const goals =
        (list as { goals?: { scope: { type: string; branchCode?: string } }[] } | null)?.goals ?? [];
      const branchCodes = goals.flatMap((g) =>
        g.scope.type === 'branch' && g.scope.branchCode ? [g.scope.branchCode] : [],
      );
      if (branchCodes.length > 0)
        await browser.query([{ path: 'goals.actuals', input: { year, branchCodes } }]);
      return;
    }
    case 'data': {
      const isAudit = user.role === 'admin' && rng.chance(0.3);
      browser.page = isAudit ? '/data?tab=audit' : '/data';
      if (view.isFullLoad) await browser.query([{ path: 'auth.me' }]);
      await browser.query(
        isAudit ? [{ path: 'audit.list', input: { limit: 20, offset: 0 } }] : [{ path: 'branches.list' }],
      );
      return;
    }
  }
}
