/**
 * The one chart component: ECharts through echarts-for-react's core build with our registry,
 * following the app's language (ECharts locale) and theme. Every chart gets a PNG export button.
 * Pass a memoized `option` (from a pure build…Option function) and memoized `onEvents`:
 * a new `onEvents` object would re-create the chart.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { type CSSProperties, useMemo } from 'react';
import { echarts, type TChartOption } from '../lib/echarts';
import { useI18n } from '../lib/i18n-provider';
import { useThemeMode } from '../lib/theme';

export interface EChartProps {
  option: TChartOption;
  /** File name of the PNG export (without extension). */
  exportName: string;
  height?: number | string;
  style?: CSSProperties;
  onEvents?: Record<string, (params: any) => void>;
  isLoading?: boolean;
  /** Read by e2e tests to find a chart. */
  testId?: string;
  renderer?: 'canvas' | 'svg';
}

export function EChart({
  option,
  exportName,
  height = 320,
  style,
  onEvents,
  isLoading,
  testId,
  renderer = 'canvas',
}: EChartProps) {
  const { lang } = useI18n();
  const { mode } = useThemeMode();
  const fullOption = useMemo(
    () => ({
      backgroundColor: 'transparent',
      ...option,
      toolbox: {
        right: 8,
        top: 0,
        feature: {
          saveAsImage: {
            name: exportName,
            pixelRatio: 2,
            title: lang === 'zh' ? '导出图片' : 'Save as PNG',
            backgroundColor: mode === 'dark' ? '#141414' : '#ffffff',
          },
        },
        ...((option as { toolbox?: object }).toolbox ?? {}),
      },
    }),
    [option, exportName, lang, mode],
  );
  const opts = useMemo(() => ({ locale: lang === 'zh' ? 'ZH' : 'EN', renderer }), [lang, renderer]);
  return (
    <div data-testid={testId} className="e-chart">
      <ReactEChartsCore
        // Re-create on language change: the locale is an init option.
        key={`${lang}-${renderer}`}
        echarts={echarts}
        option={fullOption}
        notMerge
        theme={mode === 'dark' ? 'dark' : undefined}
        opts={opts}
        onEvents={onEvents}
        showLoading={isLoading}
        style={{ height, width: '100%', ...style }}
      />
    </div>
  );
}
