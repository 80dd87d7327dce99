/**
 * What <EChart> (e-chart.tsx) draws once ECharts has loaded: echarts-for-react's core build with our
 * registry, following the app's language (ECharts locale) and theme. Import <EChart>, not this module: this one pulls ECharts into whichever chunk imports it.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { echarts } from '../lib/echarts';
import { useI18n } from '../lib/i18n-provider';
import { useThemeMode } from '../lib/theme';
import type { TEChartCanvasProps } from './e-chart';

export default function EChartCanvas({
  option,
  height = 320,
  style,
  onEvents,
  isLoading,
  renderer = 'canvas',
}: TEChartCanvasProps) {
  const { lang } = useI18n();
  const { mode } = useThemeMode();
  const fullOption = useMemo(() => ({ backgroundColor: 'transparent', ...option }), [option]);
  const opts = useMemo(() => ({ locale: lang === 'zh' ? 'ZH' : 'EN', renderer }), [lang, renderer]);
  return (
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
  );
}
