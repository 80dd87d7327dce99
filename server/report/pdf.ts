/**
 * The review report as PDF (pdfkit): A4, the report font embedded as a subset, charts as vector graphics
 * (svg-to-pdfkit draws the ECharts SVG as PDF paths and text), the unit, period and page number in every
 * page's footer. Pages are written to the output as they are finished (no page buffering), and branch
 * sections are drawn one at a time, so memory stays bounded however many branches the college has.
 * The creation date is the report's generation time, and the file ID derives from it: the same data
 * and time give the same bytes.
 */
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { slotHeading } from '../../client/src/features/branch-detail/slot-grid';
import { REQUIREMENTS } from '../../shared/domain';
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

const PAGE = { width: 595.28, height: 841.89, margin: 50, footer: 28 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const CONTENT_BOTTOM = PAGE.height - PAGE.margin - PAGE.footer;

type TDoc = PDFKit.PDFDocument;

function footer(doc: TDoc, report: TReviewReport, page: number): void {
  const { x, y } = doc;
  const bottom = doc.page.margins.bottom;
  // Text below the bottom margin would open a new page: drop the margin while the footer is drawn.
  doc.page.margins.bottom = 0;
  const top = PAGE.height - PAGE.margin + 4;
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#595959')
    .text(`${report.unit} · ${report.periodLabel} · 统计截至 ${report.scope.asOf}`, PAGE.margin, top, {
      width: CONTENT_WIDTH - 80,
      lineBreak: false,
    })
    .text(`第 ${page} 页`, PAGE.margin, top, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
  doc
    .moveTo(PAGE.margin, top - 6)
    .lineTo(PAGE.width - PAGE.margin, top - 6)
    .lineWidth(0.5)
    .strokeColor('#d9d9d9')
    .stroke();
  doc.page.margins.bottom = bottom;
  doc.x = x;
  doc.y = y;
  doc.fillColor('#000000');
}

/** Starts a new page when less than `height` is left above the footer. */
function ensureSpace(doc: TDoc, height: number): void {
  if (doc.y + height > CONTENT_BOTTOM) doc.addPage();
}

function heading(doc: TDoc, text: string, size = 14): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6).font('bold').fontSize(size).fillColor('#a8071a').text(text, PAGE.margin, doc.y);
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor('#000000');
}

function paragraph(doc: TDoc, text: string): void {
  doc.font('regular').fontSize(10).fillColor('#000000');
  ensureSpace(doc, doc.heightOfString(text, { width: CONTENT_WIDTH }) + 4);
  doc.text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH, lineGap: 3 });
  doc.moveDown(0.3);
}

interface TTable {
  headers: string[];
  /** Column widths as shares of the content width. */
  widths: number[];
  rows: { cells: string[]; fills?: (string | null)[]; isBold?: boolean }[];
  fontSize?: number;
}

/** A table that breaks across pages, repeating its header row on each. */
function table(doc: TDoc, { headers, widths, rows, fontSize = 8 }: TTable): void {
  const total = widths.reduce((a, b) => a + b, 0);
  const columns = widths.map((w) => (w / total) * CONTENT_WIDTH);
  const padding = 3;
  const heightOf = (cells: string[]) =>
    Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (columns[i] ?? 0) - 2 * padding }))) +
    2 * padding;
  const drawRow = (
    cells: string[],
    fills: (string | null)[] | undefined,
    isHeader: boolean,
    isBold = false,
  ) => {
    doc.font(isHeader || isBold ? 'bold' : 'regular').fontSize(fontSize);
    const height = heightOf(cells);
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      const width = columns[i] ?? 0;
      const fill = isHeader ? '#f5f5f5' : (fills?.[i] ?? null);
      if (fill) doc.rect(x, y, width, height).fill(fill);
      doc.rect(x, y, width, height).lineWidth(0.4).strokeColor('#bfbfbf').stroke();
      doc.fillColor('#000000').text(cell, x + padding, y + padding, { width: width - 2 * padding });
      x += width;
    });
    doc.x = PAGE.margin;
    doc.y = y + height;
  };
  doc.font('bold').fontSize(fontSize);
  ensureSpace(doc, heightOf(headers) * 2);
  drawRow(headers, undefined, true);
  for (const row of rows) {
    doc.font(row.isBold ? 'bold' : 'regular').fontSize(fontSize);
    if (doc.y + heightOf(row.cells) > CONTENT_BOTTOM) {
      doc.addPage();
      drawRow(headers, undefined, true);
    }
    drawRow(row.cells, row.fills, false, row.isBold);
  }
  doc.moveDown(0.5);
}

function kpiTable(doc: TDoc, kpis: readonly TReportKpi[]): void {
  table(doc, {
    headers: KPI_HEADERS,
    widths: [3, 2, 2, 2, 2, 2],
    rows: kpis.map((k) => ({
      cells: [k.label, k.value, k.goal, k.previous, k.delta, STATUS_WORDS[k.status]],
      fills: [null, STATUS_FILLS[k.status], null, null, null, STATUS_FILLS[k.status]],
    })),
    fontSize: 9,
  });
}

function chart(doc: TDoc, title: string, svg: { svg: string; width: number; height: number }): void {
  const scale = Math.min(1, CONTENT_WIDTH / svg.width);
  const height = svg.height * scale;
  ensureSpace(doc, height + 24);
  doc.font('bold').fontSize(10).fillColor('#000000').text(title, PAGE.margin, doc.y);
  const y = doc.y + 4;
  SVGtoPDF(doc, svg.svg, PAGE.margin, y, {
    width: svg.width * scale,
    height,
    fontCallback: (_family: string, isBold: boolean) => (isBold ? 'bold' : 'regular'),
  });
  doc.x = PAGE.margin;
  doc.y = y + height + 8;
}

function slotGrid(doc: TDoc, section: TBranchSection): void {
  for (const block of section.slotGrid.blocks) {
    table(doc, {
      headers: ['要求', ...block.slots.map((s) => slotHeading(s, 'zh'))],
      widths: [4, ...block.slots.map(() => 1.2)],
      rows: block.rows.map((r) => ({
        cells: [REQUIREMENTS.byKey[r.type].zh, ...r.cells.map((c) => (c ? SLOT_MARKS[c.status] : ''))],
        fills: [null, ...r.cells.map((c) => (c ? slotFill(c.status) : null))],
      })),
      fontSize: 7.5,
    });
  }
  const t = section.slotGrid.totals;
  paragraph(doc, slotTotalsLine(t));
}

function branchSection(doc: TDoc, section: TBranchSection, isOwnPage: boolean, lead?: string): void {
  if (isOwnPage) doc.addPage();
  if (lead) heading(doc, lead);
  heading(
    doc,
    `${section.name}（${section.code}）${section.parentName ? ` · ${section.parentName}` : ''}`,
    15,
  );
  if (isOwnPage) {
    heading(doc, '主要指标', 11);
    kpiTable(doc, section.kpis);
    heading(doc, '情况概述', 11);
    for (const line of section.narrative) paragraph(doc, line);
  }
  heading(doc, '组织生活时段', 11);
  slotGrid(doc, section);
  heading(doc, '工作欠账', 11);
  paragraph(doc, section.backlog.length ? section.backlog.join('；') : '无');
  heading(doc, '活动形式与内容模块', 11);
  for (const line of FORMAT_MODULE_LINES(section.profile)) paragraph(doc, line);
  heading(doc, '成果', 11);
  if (section.achievements.length === 0) paragraph(doc, '本期无成果记录。');
  else
    table(doc, {
      headers: ACHIEVEMENT_COLUMNS.map((c) => c.header),
      widths: ACHIEVEMENT_COLUMNS.map((c) => c.width),
      rows: section.achievements.map((a) => ({ cells: achievementCells(a) })),
    });
  for (const c of section.charts) chart(doc, c.title, c.chart);
}

/**
 * Writes the report as PDF into `out` (a file or an HTTP response) and resolves when the last byte is
 * handed over. `onSection` is told after each branch (progress for the all-branch report).
 */
export async function writeReportPdf(
  report: TReviewReport,
  out: Writable,
  onSection?: (done: number, total: number) => void,
): Promise<void> {
  const generated = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin + PAGE.footer },
    autoFirstPage: false,
    compress: true,
    info: {
      Title: report.title,
      Author: report.college,
      Creator: '党建成效分析看板',
      Producer: '党建成效分析看板',
      CreationDate: generated,
      ModDate: generated,
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  doc.registerFont('regular', REPORT_FONT.regular);
  doc.registerFont('bold', REPORT_FONT.bold);
  let page = 0;
  doc.on('pageAdded', () => {
    page += 1;
    footer(doc, report, page);
  });

  doc.addPage();
  doc.y = 200;
  doc.font('bold').fontSize(24).fillColor('#a8071a').text(report.title, { align: 'center' });
  doc.moveDown(2).font('regular').fontSize(12).fillColor('#000000');
  for (const line of coverLines(report)) doc.text(line, { align: 'center' }).moveDown(0.4);

  doc.addPage();
  heading(doc, '一、主要指标与目标');
  kpiTable(doc, report.kpis);
  heading(doc, '二、情况概述');
  for (const line of report.narrative) paragraph(doc, line);
  if (report.comparison) {
    heading(doc, '三、支部对比');
    const { headers, rows, total } = report.comparison;
    table(doc, {
      headers,
      widths: [4, ...headers.slice(1).map(() => 1.6)],
      rows: [
        ...rows.map((r) => ({ cells: r.cells, fills: r.statuses.map((s) => (s ? STATUS_FILLS[s] : null)) })),
        ...(total ? [{ cells: total, isBold: true }] : []),
      ],
      fontSize: 7,
    });
    for (const c of report.charts) chart(doc, c.title, c.chart);
  }
  let done = 0;
  const isBranchReport = report.comparison === null;
  for await (const section of report.sections()) {
    branchSection(
      doc,
      section,
      !isBranchReport,
      !isBranchReport && done === 0 ? '四、各支部情况' : undefined,
    );
    done += 1;
    onSection?.(done, report.sectionCount);
  }
  doc.end();
  await finished;
}
