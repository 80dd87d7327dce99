/**
 * What <EChart> (e-chart.tsx) draws once ECharts has loaded: echarts-for-react's core build with our
 * registry, following the app's language (ECharts locale) and theme, and the PNG export its button asks
 * for. Import <EChart>, not this module: this one pulls ECharts into whichever chunk imports it.
 */
import type EChartsReactCore from 'echarts-for-react/esm/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useImperativeHandle, useMemo, useRef } from 'react';
import { echarts } from '../lib/echarts';
import { useI18n } from '../lib/i18n-provider';
import { useThemeMode } from '../lib/theme';
import type { TEChartCanvasProps } from './e-chart';

export default function EChartCanvas({
  option,
  exportName,
  height = 320,
  style,
  onEvents,
  isLoading,
  renderer = 'canvas',
  handleRef,
}: TEChartCanvasProps) {
  const { lang } = useI18n();
  const { mode } = useThemeMode();
  const chartRef = useRef<EChartsReactCore>(null);
  const fullOption = useMemo(() => ({ backgroundColor: 'transparent', ...option }), [option]);
  const opts = useMemo(() => ({ locale: lang === 'zh' ? 'ZH' : 'EN', renderer }), [lang, renderer]);
  useImperativeHandle(
    handleRef,
    () => ({
      exportPng() {
        const chart = chartRef.current?.getEchartsInstance();
        if (!chart) return;
        const link = document.createElement('a');
        link.href = chart.getDataURL({
          type: 'png',
          pixelRatio: 2,
          backgroundColor: mode === 'dark' ? '#141414' : '#ffffff',
        });
        link.download = `${exportName}.png`;
        link.click();
      },
    }),
    [exportName, mode],
  );
  return (
    <ReactEChartsCore
      ref={chartRef}
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
  );
}
