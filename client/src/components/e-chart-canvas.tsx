/**
 * What <EChart> (e-chart.tsx) draws once ECharts has loaded: echarts-for-react's core build with our
 * registry, following the app's language (ECharts locale) and theme, with a PNG export button. Import
 * <EChart>, not this module: this one pulls ECharts into whichever chunk imports it.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { echarts } from '../lib/echarts';
import { useI18n } from '../lib/i18n-provider';
import { useThemeMode } from '../lib/theme';
import type { EChartProps } from './e-chart';

export default function EChartCanvas({
  option,
  exportName,
  height = 320,
  style,
  onEvents,
  isLoading,
  renderer = 'canvas',
}: Omit<EChartProps, 'testId'>) {
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
