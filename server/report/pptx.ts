/**
 * The review report as a slide deck (.pptx, pptxgenjs) for the 述职评议 meeting: one chart or table per
 * slide, the unit, period and slide number on every slide (the master). Charts are SVG pictures; their
 * PNG previews, which pptxgenjs cannot draw outside a browser (it leaves a broken-image placeholder), are
 * rendered here from the same SVG by resvg while the zip is rewritten with the generation time.
 */
import PptxGenJS from 'pptxgenjs';
import { slotHeading } from '../../client/src/features/branch-detail/slot-grid';
import { REQUIREMENTS } from '../../shared/domain';
import { svgsToPngs, type TChartSvg } from './charts';
import { REPORT_FONT } from './font';
import {
  ACHIEVEMENT_COLUMNS,
  achievementCells,
  coverLines,
  FORMAT_MODULE_LINES,
  KPI_HEADERS,
  SLOT_MARKS,
  STATUS_FILLS,
  STATUS_WORDS,
  slotFill,
  slotTotalsLine,
} from './layout';
import type { TBranchSection, TReportKpi, TReviewReport } from './model';
import { stampZip } from './zip-stamp';

const MASTER = 'REPORT';
/** 16:9 in inches. */
const SLIDE = { width: 10, height: 5.625, margin: 0.4 };
const BODY = { x: SLIDE.margin, y: 0.9, w: SLIDE.width - 2 * SLIDE.margin, h: 4.2 };
const RED = 'A8071A';

type TCell = PptxGenJS.TableCell;

function titled(pptx: PptxGenJS, title: string): PptxGenJS.Slide {
  const slide = pptx.addSlide({ masterName: MASTER });
  slide.addText(title, {
    x: SLIDE.margin,
    y: 0.2,
    w: BODY.w,
    h: 0.6,
    fontSize: 22,
    bold: true,
    color: RED,
    fontFace: REPORT_FONT.family,
  });
  return slide;
}

function cell(text: string, fill?: string | null, isHeader = false): TCell {
  return {
    text,
    options: {
      bold: isHeader,
      ...(isHeader ? { fill: { color: 'F5F5F5' } } : fill ? { fill: { color: fill.replace('#', '') } } : {}),
    },
  };
}

/** A table that continues on as many slides as it needs, header repeated (pptxgenjs autoPage). */
function tableSlide(
  pptx: PptxGenJS,
  title: string,
  headers: readonly string[],
  rows: readonly (readonly TCell[])[],
  fontSize = 11,
): void {
  const slide = titled(pptx, title);
  // The first column holds names: twice the others' width. No height: rows take their text's height.
  const unit = BODY.w / (headers.length + 1);
  slide.addTable([headers.map((h) => cell(h, null, true)), ...rows.map((r) => [...r])], {
    x: BODY.x,
    y: BODY.y,
    w: BODY.w,
    colW: headers.map((_h, i) => (i === 0 ? 2 * unit : unit)),
    fontSize,
    fontFace: REPORT_FONT.family,
    border: { type: 'solid', pt: 0.5, color: 'BFBFBF' },
    autoPage: true,
    autoPageRepeatHeader: true,
    autoPageSlideStartY: BODY.y,
    valign: 'middle',
  });
}

function chartSlide(pptx: PptxGenJS, title: string, chart: TChartSvg): void {
  const slide = titled(pptx, title);
  const scale = Math.min(BODY.w / chart.width, BODY.h / chart.height);
  const w = chart.width * scale;
  const h = chart.height * scale;
  slide.addImage({
    data: `data:image/svg+xml;base64,${Buffer.from(chart.svg, 'utf8').toString('base64')}`,
    x: SLIDE.margin + (BODY.w - w) / 2,
    y: BODY.y,
    w,
    h,
    altText: title,
  });
}

function textSlide(pptx: PptxGenJS, title: string, lines: readonly string[]): void {
  const slide = titled(pptx, title);
  slide.addText(
    lines.map((line) => ({ text: line, options: { breakLine: true, paraSpaceAfter: 8 } })),
    { ...BODY, fontSize: 14, fontFace: REPORT_FONT.family, valign: 'top', fit: 'shrink' },
  );
}

const kpiRows = (kpis: readonly TReportKpi[]) =>
  kpis.map((k) => [
    cell(k.label),
    cell(k.value, STATUS_FILLS[k.status]),
    cell(k.goal),
    cell(k.previous),
    cell(k.delta),
    cell(STATUS_WORDS[k.status], STATUS_FILLS[k.status]),
  ]);

function branchSlides(pptx: PptxGenJS, section: TBranchSection, isBranchReport: boolean): void {
  const name = section.name;
  if (!isBranchReport) {
    tableSlide(pptx, `${name} · 主要指标`, KPI_HEADERS, kpiRows(section.kpis), 13);
    textSlide(pptx, `${name} · 情况概述`, section.narrative);
  }
  for (const block of section.slotGrid.blocks) {
    tableSlide(
      pptx,
      `${name} · 组织生活时段`,
      ['要求', ...block.slots.map((s) => slotHeading(s, 'zh'))],
      block.rows.map((r) => [
        cell(REQUIREMENTS.byKey[r.type].zh),
        ...r.cells.map((c) => cell(c ? SLOT_MARKS[c.status] : '', c ? slotFill(c.status) : null)),
      ]),
      11,
    );
  }
  textSlide(pptx, `${name} · 工作欠账与活动`, [
    slotTotalsLine(section.slotGrid.totals),
    `工作欠账：${section.backlog.length ? section.backlog.join('；') : '无'}`,
    ...FORMAT_MODULE_LINES(section.profile),
  ]);
  if (section.achievements.length > 0)
    tableSlide(
      pptx,
      `${name} · 成果`,
      ACHIEVEMENT_COLUMNS.map((c) => c.header),
      section.achievements.map((a) => achievementCells(a).map((t) => cell(t))),
      11,
    );
  for (const c of section.charts) chartSlide(pptx, `${name} · ${c.title}`, c.chart);
}

/**
 * The PNG previews of the deck's SVG pictures: `ppt/media/image-3-1.png` is the preview of
 * `image-3-2.svg` (pptxgenjs names them in pairs). Rendered together (one font load).
 */
function previewsOf(all: Record<string, Uint8Array>): Map<string, Uint8Array> {
  const pairs: { png: string; chart: TChartSvg }[] = [];
  for (const name of Object.keys(all)) {
    const match = /^ppt\/media\/image-(\d+)-(\d+)\.png$/.exec(name);
    const svg = match ? all[`ppt/media/image-${match[1]}-${Number(match[2]) + 1}.svg`] : undefined;
    if (!svg) continue;
    const text = Buffer.from(svg).toString('utf8');
    const size = /<svg width="(\d+)" height="(\d+)"/.exec(text);
    pairs.push({
      png: name,
      chart: { svg: text, width: Number(size?.[1] ?? 640), height: Number(size?.[2] ?? 260) },
    });
  }
  const pngs = svgsToPngs(pairs.map((p) => p.chart));
  return new Map(pairs.map((p, i) => [p.png, pngs[i] ?? new Uint8Array()]));
}

/** The report as a .pptx file's bytes. */
export async function renderReportPptx(
  report: TReviewReport,
  onSection?: (done: number, total: number) => void,
): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  pptx.title = report.title;
  pptx.author = report.college;
  pptx.company = report.college;
  pptx.defineSlideMaster({
    title: MASTER,
    background: { color: 'FFFFFF' },
    objects: [
      { rect: { x: 0, y: 0, w: SLIDE.width, h: 0.08, fill: { color: RED } } },
      {
        text: {
          text: `${report.unit} · ${report.periodLabel} · 统计截至 ${report.scope.asOf}`,
          options: {
            x: SLIDE.margin,
            y: 5.2,
            w: 7,
            h: 0.3,
            fontSize: 9,
            color: '595959',
            fontFace: REPORT_FONT.family,
          },
        },
      },
    ],
    slideNumber: { x: 9.1, y: 5.2, w: 0.6, h: 0.3, fontSize: 9, color: '595959' },
  });

  const cover = pptx.addSlide({ masterName: MASTER });
  cover.addText(report.title, {
    x: 0.5,
    y: 1.2,
    w: 9,
    h: 1,
    fontSize: 30,
    bold: true,
    color: RED,
    align: 'center',
    fontFace: REPORT_FONT.family,
  });
  cover.addText(
    coverLines(report).map((line) => ({ text: line, options: { breakLine: true } })),
    { x: 1, y: 2.5, w: 8, h: 2.2, fontSize: 16, align: 'center', fontFace: REPORT_FONT.family },
  );

  tableSlide(pptx, '主要指标与目标', KPI_HEADERS, kpiRows(report.kpis), 14);
  textSlide(pptx, '情况概述', report.narrative);
  if (report.comparison) {
    const { headers, rows, total } = report.comparison;
    tableSlide(
      pptx,
      '支部对比',
      headers,
      [
        ...rows.map((r) =>
          r.cells.map((c, i) => cell(c, r.statuses[i] ? STATUS_FILLS[r.statuses[i] ?? 'none'] : null)),
        ),
        ...(total ? [total.map((c) => cell(c, null, true))] : []),
      ],
      9,
    );
    for (const c of report.charts) chartSlide(pptx, c.title, c.chart);
  }
  const isBranchReport = report.comparison === null;
  let done = 0;
  for await (const section of report.sections()) {
    branchSlides(pptx, section, isBranchReport);
    done += 1;
    onSection?.(done, report.sectionCount);
  }
  const zip = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
  let previews: Map<string, Uint8Array> | null = null;
  return stampZip(zip, report.generatedAt, (name, data, all) => {
    previews ??= previewsOf(all);
    return previews.get(name) ?? data;
  });
}
