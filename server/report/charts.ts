/**
 * The report's charts, drawn on the server: the dashboard's own option builders (the pure
 * `build…Option` functions of the client features, so a chart in the report is the chart on the page)
 * rendered by ECharts' server-side SVG renderer — no browser, no canvas, the same bytes for the same
 * data. PNG (the Word and slide fallback for readers without SVG) is resvg's rendering of that SVG with
 * the report's font.
 */
import { crc32, deflateSync } from 'node:zlib';
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

/** How many charts are stacked into one rendering (its pixels: 2× width × Σ 2× heights × 4 bytes). */
const CHARTS_PER_RENDERING = 6;

/** A PNG of `height` rows of `rgba` from `top`, `width` pixels of each (no filter: zlib does the work). */
function encodePng(rgba: Buffer, stride: number, top: number, width: number, height: number): Buffer {
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let row = 0; row < height; row++) {
    const from = (top + row) * stride;
    rgba.copy(raw, row * (1 + width * 4) + 1, from, from + width * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Charts stacked into one SVG and rendered at 2×, then each cut out of the pixels as its own PNG. */
function renderStacked(charts: readonly TChartSvg[]): Buffer[] {
  const parts: string[] = [];
  const tops: number[] = [];
  let y = 0;
  charts.forEach((c, i) => {
    // The chart's content in a nested <svg> at its offset; its clip-path ids made unique per chart.
    const inner = c.svg
      .replace(/^<svg[^>]*>/, '')
      .replace(/<\/svg>\s*$/, '')
      .replace(/zr-/g, `zr${i}-`);
    parts.push(
      `<svg x="0" y="${y}" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}">${inner}</svg>`,
    );
    tops.push(y);
    y += c.height;
  });
  const width = Math.max(...charts.map((c) => c.width));
  const image = new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${parts.join('')}</svg>`,
    {
      fitTo: { mode: 'zoom', value: 2 },
      font: {
        fontFiles: [REPORT_FONT.regular],
        loadSystemFonts: false,
        defaultFontFamily: REPORT_FONT.family,
      },
    },
  ).render();
  const stride = image.width * 4;
  return charts.map((c, i) => encodePng(image.pixels, stride, 2 * (tops[i] ?? 0), 2 * c.width, 2 * c.height));
}

/**
 * The PNGs of many charts at twice their size (sharp on paper and projectors), in their order. resvg
 * parses the font file for each document it is given, and the Chinese font is 8 MB (about a second):
 * so a few charts at a time are stacked into one document and cut apart again.
 */
export function svgsToPngs(charts: readonly TChartSvg[]): Buffer[] {
  const pngs: Buffer[] = [];
  for (let i = 0; i < charts.length; i += CHARTS_PER_RENDERING) {
    pngs.push(...renderStacked(charts.slice(i, i + CHARTS_PER_RENDERING)));
  }
  return pngs;
}
