/**
 * The one chart component: ECharts through echarts-for-react's core build with our registry,
 * following the app's language (ECharts locale) and theme. Every chart gets a PNG export button.
 * Pass a memoized `option` (from a pure build…Option function) and memoized `onEvents`:
 * a new `onEvents` object would re-create the chart.
 *
 * ECharts (~200 KB gzip) is loaded on first use, not with the page: a page's numbers, lists and grid
 * appear without waiting for it (issue 5, initial JS ≤ 450 KB), and a placeholder of the chart's height
 * keeps the layout from jumping when it arrives.
 */
import { type CSSProperties, lazy, Suspense } from 'react';
import type { TChartOption } from '../lib/echarts';

export interface EChartProps {
  option: TChartOption;
  /** File name of the PNG export (without extension). */
  exportName: string;
  height?: number | string;
  style?: CSSProperties;
  /** Event name → handler. Each handler types the fields of the event it reads; `never` accepts them all. */
  onEvents?: Record<string, (params: never) => void>;
  isLoading?: boolean;
  /** Read by e2e tests to find a chart. */
  testId?: string;
  /** Canvas only: lib/echarts.ts registers no SVG renderer (bytes no chart needed). */
  renderer?: 'canvas';
}

const EChartCanvas = lazy(() => import('./e-chart-canvas'));

export function EChart({ testId, ...props }: EChartProps) {
  return (
    <div data-testid={testId} className="e-chart">
      <Suspense
        fallback={<div className="e-chart-loading" style={{ height: props.height ?? 320, ...props.style }} />}
      >
        <EChartCanvas {...props} />
      </Suspense>
    </div>
  );
}
