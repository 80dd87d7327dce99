/**
 * What the charts of a page are about — the unit or branch, the period, 统计截至 — said once by the page
 * and read by every <EChart> in it for its exports (lib/chart-export.ts: the subtitle drawn into the
 * image and the file name). A chart outside any page scope exports with its title only.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { TChartScope } from '../lib/chart-export';

const ChartScopeContext = createContext<TChartScope>({ subject: '', period: '' });

export function ChartScopeProvider({
  subject,
  period,
  asOf,
  children,
}: TChartScope & { children: ReactNode }) {
  const scope = useMemo(() => ({ subject, period, asOf }), [subject, period, asOf]);
  return <ChartScopeContext.Provider value={scope}>{children}</ChartScopeContext.Provider>;
}

export function useChartScope(): TChartScope {
  return useContext(ChartScopeContext);
}

/** The subject of the college-wide pages (总览, 大屏, an unfiltered 支部对比). */
export const COLLEGE_SUBJECT = { zh: '全院', en: 'College' } as const;
