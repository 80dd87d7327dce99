/**
 * The one place a chart becomes a file (issue 12): a copy of the screen's option, drawn in a separate
 * ECharts instance with the SVG renderer in server-side mode (no DOM, no theme: always the light theme),
 * with the title, the unit or branch, the period, 统计截至 and a source line drawn into the image. The SVG is
 * the export; the PNG is that SVG painted on a canvas at 2× pixel ratio. So both formats show the same
 * thing, and a test can render the same SVG in Node.
 *
 * Loaded on the first export click (e-chart.tsx imports it dynamically): the SVG renderer, titles and
 * graphics are bytes no chart on screen needs.
 */
import { GraphicComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { todayIso } from '../../../shared/schemas/date';
import { downloadBlob } from './download';
import { echarts, type TChartOption } from './echarts';
import type { TLang } from './i18n';
import { formatPeriod } from './period-state';

// Only exports draw titles and a source line, and only they render to SVG.
echarts.use([GraphicComponent, TitleComponent, SVGRenderer]);

/** What a chart is about: its page says it once (components/chart-scope.tsx). */
export interface TChartScope {
  /** The unit or branch the chart is about: 行政第一党支部, 全院, 教工类支部 … */
  subject: string;
  /** Canonical period text (`2025`, `2025-Q2`, …). */
  period: string;
  /** The day the figures are counted to (统计截至); unknown while the page loads. */
  asOf?: string | undefined;
}

export interface TChartExportInput {
  option: TChartOption;
  title: string;
  scope: TChartScope;
  lang: TLang;
  /** Height of the chart on screen; the export adds room for its title and source lines. */
  height: number;
  /** Today in the college's time zone (the source line's 导出于); a parameter so tests are stable. */
  today?: string;
}

export const EXPORT_WIDTH = 1200;
const TITLE_SPACE = 78;
const SOURCE_SPACE = 34;
/** Rows of a category axis drawn in full in an export (every branch of a ranking has its name). */
const EXPORT_ROW_HEIGHT = 18;
/** Canvas sides above ~32k px fail in browsers: a tall ranking's PNG lowers its pixel ratio to fit. */
const MAX_CANVAS_SIDE = 30_000;

const TEXT = {
  zh: {
    asOf: (date: string) => `统计截至 ${date}`,
    source: (today: string) => `数据来源：党建成效分析看板 · 导出于 ${today}`,
  },
  en: {
    asOf: (date: string) => `as of ${date}`,
    source: (today: string) => `Source: Party-building dashboard · exported ${today}`,
  },
} as const;

/** Characters a file name may not hold on Windows, macOS or Linux, and whitespace (line breaks too). */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\s]+/g;

/**
 * What, whom and when: `行政第一党支部_2025年_目标达成.png`. The parts are the subject, the period as
 * the page shows it, and the chart's title, each cleared of characters file systems refuse.
 */
export function chartExportFileName(
  title: string,
  scope: TChartScope,
  lang: TLang,
  extension: 'png' | 'svg',
): string {
  const part = (text: string) =>
    text
      .replace(/\s*·\s*/g, '-')
      .replace(UNSAFE_IN_FILE_NAME, '-')
      .replace(/^-+|-+$/g, '');
  const parts = [scope.subject, formatPeriod(scope.period, lang), title].map(part).filter(Boolean);
  return `${parts.join('_')}.${extension}`;
}

/** The line under the title: unit or branch · period · 统计截至. */
export function chartExportSubtitle(scope: TChartScope, lang: TLang): string {
  return [scope.subject, formatPeriod(scope.period, lang), scope.asOf ? TEXT[lang].asOf(scope.asOf) : '']
    .filter(Boolean)
    .join(' · ');
}

type TBox = Record<string, unknown>;

/** Moves a grid (or each of several) down by the title's room and up by the source line's. */
function shiftGrid(grid: unknown): unknown {
  const shift = (box: TBox): TBox => ({
    ...box,
    top: typeof box.top === 'number' ? box.top + TITLE_SPACE : TITLE_SPACE + 24,
    bottom: typeof box.bottom === 'number' ? box.bottom + SOURCE_SPACE : SOURCE_SPACE + 48,
  });
  if (Array.isArray(grid)) return grid.map((box) => shift(box as TBox));
  return shift((grid as TBox | undefined) ?? {});
}

/** The categories of a vertical category axis (a horizontal bar chart): their count sets the height. */
function categoryRowCount(option: TChartOption): number {
  const axes = [option.yAxis].flat() as (TBox | undefined)[];
  const counts = axes.map((axis) =>
    axis?.type === 'category' && Array.isArray(axis.data) ? axis.data.length : 0,
  );
  return Math.max(0, ...counts);
}

/**
 * Every label of a vertical category axis shown in full (none skipped for room, none cut short): the
 * export is tall enough for each of them, and a grid that contains its labels makes room for the longest.
 */
function showEveryCategory(axis: unknown): unknown {
  const show = (box: TBox | undefined) =>
    box?.type === 'category'
      ? { ...box, axisLabel: { ...(box.axisLabel as TBox), interval: 0, overflow: 'none', width: undefined } }
      : box;
  return Array.isArray(axis) ? axis.map((box) => show(box as TBox)) : show(axis as TBox | undefined);
}

/**
 * The option drawn into a file: no animation, no zoom window (every bar and name is in the file), the
 * title block at the top and the source line at the bottom, legends and radar pushed clear of them.
 */
export function buildExportOption({
  option,
  title,
  scope,
  lang,
  height,
  today = todayIso(),
}: TChartExportInput): {
  option: TChartOption;
  width: number;
  height: number;
} {
  const rows = categoryRowCount(option);
  const chartHeight = Math.max(height, rows * EXPORT_ROW_HEIGHT + 80);
  const fullHeight = chartHeight + TITLE_SPACE + SOURCE_SPACE;
  const legend = option.legend as TBox | undefined;
  const exported: TChartOption = {
    ...option,
    animation: false,
    backgroundColor: '#ffffff',
    dataZoom: [],
    title: {
      text: title,
      subtext: chartExportSubtitle(scope, lang),
      left: 'center',
      top: 12,
      textStyle: { fontSize: 20, fontWeight: 'bold', color: '#1f1f1f' },
      subtextStyle: { fontSize: 13, color: '#595959' },
    },
    graphic: [
      {
        type: 'text',
        left: 16,
        bottom: 10,
        style: { text: TEXT[lang].source(today), fill: '#8c8c8c', fontSize: 11 },
      },
    ],
    ...(option.grid !== undefined || option.xAxis !== undefined ? { grid: shiftGrid(option.grid) } : {}),
    ...(option.yAxis !== undefined ? { yAxis: showEveryCategory(option.yAxis) } : {}),
    ...(legend && legend.bottom !== undefined
      ? { legend: { ...legend, type: 'plain', bottom: SOURCE_SPACE } }
      : legend
        ? { legend: { ...legend, top: TITLE_SPACE } }
        : {}),
    ...(option.radar ? { radar: { ...(option.radar as TBox), center: ['50%', '54%'], radius: '58%' } } : {}),
    // A calendar's top sits under the title (its own top is measured from the canvas' edge).
    ...(option.calendar
      ? { calendar: { ...(option.calendar as TBox), top: TITLE_SPACE + 24, bottom: SOURCE_SPACE + 8 } }
      : {}),
  };
  return { option: exported, width: EXPORT_WIDTH, height: fullHeight };
}

/** The chart as an SVG document, drawn without a DOM (the same call in the browser and in Node). */
export function renderChartSvg(input: TChartExportInput): { svg: string; width: number; height: number } {
  const { option, width, height } = buildExportOption(input);
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height,
    locale: input.lang === 'zh' ? 'ZH' : 'EN',
  });
  try {
    chart.setOption(option);
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}

/** 2×, or less when 2× would make a canvas side too long for the browser (a ranking of 2,000 names). */
export function pngPixelRatio(width: number, height: number): number {
  return Math.min(2, MAX_CANVAS_SIDE / Math.max(width, height));
}

/** Paints the SVG on a white canvas at the PNG's pixel ratio. */
async function svgToPngBlob(svg: string, width: number, height: number): Promise<Blob> {
  const ratio = pngPixelRatio(width, height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d canvas');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Builds the file and hands it to the browser's download. */
export async function downloadChartImage(input: TChartExportInput, format: 'png' | 'svg'): Promise<void> {
  const { svg, width, height } = renderChartSvg(input);
  const fileName = chartExportFileName(input.title, input.scope, input.lang, format);
  const blob =
    format === 'svg'
      ? new Blob([svg], { type: 'image/svg+xml;charset=utf-8' })
      : await svgToPngBlob(svg, width, height);
  downloadBlob(blob, fileName);
}
