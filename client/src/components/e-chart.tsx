/**
 * The one chart component: ECharts through echarts-for-react's core build with our registry,
 * following the app's language (ECharts locale) and theme. Pass a memoized `option` (from a pure
 * build…Option function) and memoized `onEvents`: a new `onEvents` object would re-create the chart.
 *
 * Every chart is a figure named by its `title`, with what it shows as text for screen readers (the summary
 * of lib/chart-table.ts) and two controls a keyboard reaches: the data as a table, and an export as PNG or
 * SVG (issue 14.8; ECharts' own toolbox draws its icons on the canvas, out of the tab order). The export
 * is lib/chart-export.ts, loaded on the first click: the chart's title, the page's unit, period and
 * 统计截至 (components/chart-scope.tsx) and a source line drawn in, always in the light theme.
 *
 * ECharts (~200 KB gzip) is loaded on first use, not with the page: a page's numbers, lists and grid
 * appear without waiting for it (issue 5, initial JS ≤ 450 KB), and a placeholder of the chart's height
 * keeps the layout from jumping when it arrives.
 */
import { Dropdown, message } from 'antd';
import { type CSSProperties, lazy, Suspense, useId, useMemo, useState } from 'react';
import { chartSummaryOf, chartTableOf } from '../lib/chart-table';
import type { TChartOption } from '../lib/echarts';
import { useI18n } from '../lib/i18n-provider';
import { defineMessages, useMessages } from '../lib/messages';
import { useChartScope } from './chart-scope';
import { DownloadIcon, TableIcon } from './icons';

export interface EChartProps {
  option: TChartOption;
  /** The chart's name: the figure's accessible name and the table's caption. */
  title: string;
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

export type TEChartCanvasProps = Omit<EChartProps, 'testId' | 'title'>;

/** The export's height when the chart's is a CSS length (the big screen's): a chart's usual height. */
const EXPORT_DEFAULT_HEIGHT = 360;

const EChartCanvas = lazy(() => import('./e-chart-canvas'));

const MESSAGES = defineMessages(
  {
    showTable: '以表格查看',
    showChart: '以图表查看',
    export: '导出图片',
    exportPng: 'PNG 图片（2 倍清晰度）',
    exportSvg: 'SVG 矢量图',
    exportFailed: '导出图片失败，请重试',
  },
  {
    showTable: 'Show as a table',
    showChart: 'Show as a chart',
    export: 'Save as image',
    exportPng: 'PNG image (2× resolution)',
    exportSvg: 'SVG vector image',
    exportFailed: 'The image could not be saved; please try again',
  },
);

export function EChart({ testId, title, ...props }: EChartProps) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const [isTable, setTable] = useState(false);
  const scope = useChartScope();
  const captionId = useId();
  const table = useMemo(() => chartTableOf(props.option, lang), [props.option, lang]);
  const summary = useMemo(() => chartSummaryOf(table, lang), [table, lang]);
  const height = props.height ?? 320;
  const exportItems = useMemo(
    () => [
      { key: 'png', label: m('exportPng') },
      { key: 'svg', label: m('exportSvg') },
    ],
    [m],
  );
  const onExport = ({ key }: { key: string }) => {
    const format = key === 'svg' ? 'svg' : 'png';
    import('../lib/chart-export')
      .then(({ downloadChartImage }) =>
        downloadChartImage(
          {
            option: props.option,
            title,
            scope,
            lang,
            height: typeof height === 'number' ? height : EXPORT_DEFAULT_HEIGHT,
          },
          format,
        ),
      )
      .catch(() => void message.error(m('exportFailed')));
  };

  return (
    <figure data-testid={testId} className="e-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="sr-only">
        {title}
      </figcaption>
      <div className="e-chart-tools">
        {table ? (
          <button
            type="button"
            className="e-chart-tool"
            aria-pressed={isTable}
            aria-label={isTable ? m('showChart') : m('showTable')}
            title={isTable ? m('showChart') : m('showTable')}
            data-chart-tool="table"
            onClick={() => setTable((shown) => !shown)}
          >
            <TableIcon size={14} />
          </button>
        ) : null}
        <Dropdown
          trigger={['click']}
          // The menu takes the focus when it opens: the arrow keys choose a format, Enter saves it.
          autoFocus
          menu={{ items: exportItems, onClick: onExport }}
          rootClassName="e-chart-export-menu"
        >
          <button
            type="button"
            className="e-chart-tool"
            aria-label={m('export')}
            title={m('export')}
            data-chart-tool="export"
          >
            <DownloadIcon size={14} />
          </button>
        </Dropdown>
      </div>
      {isTable && table ? (
        <div className="e-chart-table" style={{ maxHeight: height }}>
          <table className="data-table">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {table.head.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the columns are positions; headings may repeat
                  <th key={i} scope="col" className={i === 0 ? 'align-start' : 'align-end'}>
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows in the chart's order; labels may repeat
                <tr key={r}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the columns are positions
                      <th key={i} scope="row" className="align-start">
                        {cell}
                      </th>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the columns are positions
                      <td key={i} className="align-end">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div role="img" aria-label={summary} className="e-chart-body">
          <Suspense fallback={<div className="e-chart-loading" style={{ height, ...props.style }} />}>
            <EChartCanvas {...props} />
          </Suspense>
        </div>
      )}
    </figure>
  );
}
