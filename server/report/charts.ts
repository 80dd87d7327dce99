/**
 * The report's charts, drawn on the server: the dashboard's own option builders (the pure
 * `build…Option` functions of the client features, so a chart in the report is the chart on the page)
 * rendered by ECharts' server-side SVG renderer — no browser, no canvas, the same bytes for the same
 * data. PNG (the Word and slide fallback for readers without SVG) is resvg's rendering of that SVG with
 * the report's font.
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { REPORT_FONT } from './font';

export interface TChartSvg {
  svg: string;
  width: number;
  height: number;
}

type TOption = Record<string, unknown>;

/**
 * A chart as an SVG string. Animation off (SSR draws the first frame), the report's font family, and no
 * interactive parts (tooltips, zoom sliders): paper cannot hover or scroll.
 */
export function renderChartSvg(
  option: TOption,
  { width, height }: { width: number; height: number },
): TChartSvg {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const { tooltip: _tooltip, dataZoom: _zoom, ...still } = option;
    chart.setOption({
      ...still,
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: REPORT_FONT.family },
    });
    return { svg: withOwnClassNames(withoutTextHalo(chart.renderToSVGString())), width, height };
  } finally {
    chart.dispose();
  }
}

/**
 * Drops the white outline ECharts draws behind labels (`stroke` + `paint-order="stroke"`): svg-to-pdfkit
 * ignores paint-order and strokes over the glyphs, which hides the label in the PDF. On a white page the
 * outline adds nothing.
 */
function withoutTextHalo(svg: string): string {
  return svg.replace(/<text [^>]*paint-order="stroke"[^>]*>/g, (tag) =>
    tag.replace(/ (stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, ''),
  );
}

/**
 * ECharts names the SVG's style classes and clip paths after process-wide counters (`zr7-cls-30`,
 * `zr7-c0`): the same chart drawn later in the same process would differ in its bytes. Classes are
 * renamed in order of appearance (`c0`, `c1` …) and the instance number dropped (one chart per SVG).
 */
function withOwnClassNames(svg: string): string {
  const names = new Map<string, string>();
  return svg
    .replace(/zr\d+-cls-\d+/g, (name) => {
      let own = names.get(name);
      if (!own) {
        own = `c${names.size}`;
        names.set(name, own);
      }
      return own;
    })
    .replace(/zr\d+-/g, 'zr-');
}

/** The PNG of a chart's SVG at twice its size (sharp on paper and projectors). */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: {
      fontFiles: [REPORT_FONT.regular],
      loadSystemFonts: false,
      defaultFontFamily: REPORT_FONT.family,
    },
  });
  return resvg.render().asPng();
}
