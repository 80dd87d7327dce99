/**
 * The app frame's pure parts (issue 14.6, 14.8): where /login goes once signed in, the tab's title, the
 * period a switch of kind opens and carries along, and how many lines of the big screen's list fit.
 */
import { describe, expect, it } from 'vitest';
import { screenScale } from '../../client/src/features/big-screen/screen-scale';
import { fitCount } from '../../client/src/features/overview/list-fit';
import { afterLoginPath } from '../../client/src/features/shell/after-login';
import { pageTitle } from '../../client/src/features/shell/page-title';
import { joinList } from '../../client/src/lib/i18n';
import { periodOfKind, periodQueryOf } from '../../client/src/lib/period-state';
import { parsePeriod } from '../../shared/schemas/period';

const period = (text: string) => {
  const parsed = parsePeriod(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

describe('afterLoginPath', () => {
  it('goes on to the page asked for, or home', () => {
    expect(afterLoginPath('', '/overview')).toBe('/overview');
    expect(afterLoginPath('?next=%2Fcompare%3Fperiod%3D2025-Q3', '/overview')).toBe(
      '/compare?period=2025-Q3',
    );
    expect(afterLoginPath('?next=/branch', '/overview')).toBe('/branch');
  });

  it('follows only a path of this site, and never back to /login', () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'compare',
      '/login',
      '/login?next=/x',
    ])
      expect(afterLoginPath(`?next=${encodeURIComponent(next)}`, '/branch'), next).toBe('/branch');
  });
});

describe('pageTitle', () => {
  it('names the page, its subject and period, then the app', () => {
    expect(pageTitle({ page: '总览', period: '2025年第3季度', app: '党建成效分析看板' })).toBe(
      '总览 · 2025年第3季度 — 党建成效分析看板',
    );
    expect(pageTitle({ page: 'Branch detail', subject: 'XZ01', period: '2025', app: 'Dashboard' })).toBe(
      'Branch detail XZ01 · 2025 — Dashboard',
    );
    expect(pageTitle({ page: '目标', app: '党建成效分析看板' })).toBe('目标 — 党建成效分析看板');
  });
});

describe('periodOfKind (季度 / 月度 open on the current quarter and month)', () => {
  const today = '2026-08-14';
  it('opens the quarter and month of today while the period holds today', () => {
    expect(periodOfKind(period('2026'), 'quarter', today)).toBe('2026-Q3');
    expect(periodOfKind(period('2026'), 'month', today)).toBe('2026-08');
    expect(periodOfKind(period('2026-Q3'), 'month', today)).toBe('2026-08');
    expect(periodOfKind(period('2026-08'), 'year', today)).toBe('2026');
  });

  it('opens the last quarter or month of a past period, and its year', () => {
    expect(periodOfKind(period('2025'), 'quarter', today)).toBe('2025-Q4');
    expect(periodOfKind(period('2025'), 'month', today)).toBe('2025-12');
    expect(periodOfKind(period('2025-Q2'), 'month', today)).toBe('2025-06');
    expect(periodOfKind(period('2025-02'), 'quarter', today)).toBe('2025-Q1');
    expect(periodOfKind(period('2025-02'), 'year', today)).toBe('2025');
  });

  it('keeps the days of the period for a custom range', () => {
    expect(periodOfKind(period('2025-Q2'), 'range', today)).toBe('2025-04-01..2025-06-30');
  });
});

describe('periodQueryOf (the period the menu carries)', () => {
  it('keeps period and asOf, nothing else', () => {
    expect(periodQueryOf(new URLSearchParams('period=2025-Q3&asOf=2025-08-01&sort=index&f=x'))).toBe(
      '?period=2025-Q3&asOf=2025-08-01',
    );
    expect(periodQueryOf(new URLSearchParams('sort=index'))).toBe('');
  });
});

describe('fitCount (the big screen shows whole lines only)', () => {
  it('shows everything that fits', () => {
    expect(fitCount({ available: 300, lineHeight: 40, total: 7 })).toBe(7);
  });
  it('leaves a line for "and N more" when not everything fits', () => {
    expect(fitCount({ available: 300, lineHeight: 40, total: 14 })).toBe(6);
    expect(fitCount({ available: 300, lineHeight: 40, total: 8 })).toBe(6);
    expect(fitCount({ available: 30, lineHeight: 40, total: 8 })).toBe(0);
  });
});

describe('screenScale', () => {
  it('is 1920×1080 relative, by the tighter side, never below 0.6', () => {
    expect(screenScale(1920, 1080)).toBe(1);
    expect(screenScale(3840, 2160)).toBe(2);
    expect(screenScale(1366, 768)).toBeCloseTo(0.711, 3);
    expect(screenScale(1440, 900)).toBe(0.75);
    expect(screenScale(390, 844)).toBe(0.6);
  });
});

describe('joinList', () => {
  it('joins with 、 in Chinese and ", " in English', () => {
    expect(joinList(['学习', '研讨'], 'zh')).toBe('学习、研讨');
    expect(joinList(['study', 'discussion'], 'en')).toBe('study, discussion');
  });
});
