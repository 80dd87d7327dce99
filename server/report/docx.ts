/**
 * The review report as Word (.docx, the `docx` package): the same content as the PDF, as plain editable
 * paragraphs and tables, so the 组织部 can rework the narrative; charts as SVG pictures with a PNG
 * fallback for Word versions without SVG. A4, the unit, period and page number in the footer. The zip is
 * rewritten with the generation time (zip-stamp.ts): same data and time, same bytes.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
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

type TBlock = Paragraph | Table;

/** A4 with 2 cm margins, in twentieths of a point; the content width in pixels for pictures. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_PX = 600;

const heading = (
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) => new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });

const paragraph = (text: string) => new Paragraph({ children: [new TextRun(text)], spacing: { after: 120 } });

function table(
  headers: readonly string[],
  rows: readonly { cells: readonly string[]; fills?: readonly (string | null)[]; isBold?: boolean }[],
  size = 16,
): Table {
  const cell = (text: string, fill: string | null | undefined, isBold: boolean) =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text, bold: isBold, size })] })],
      ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: fill.replace('#', '') } } : {}),
    });
  // The first column holds names: twice the others' width (fixed, so Word does not squeeze it).
  const unit = Math.floor((PAGE.width - 2 * PAGE.margin) / (headers.length + 1));
  return new Table({
    width: { size: unit * (headers.length + 1), type: WidthType.DXA },
    columnWidths: headers.map((_h, i) => (i === 0 ? 2 * unit : unit)),
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, '#f5f5f5', true)) }),
      ...rows.map(
        (r) => new TableRow({ children: r.cells.map((c, i) => cell(c, r.fills?.[i], r.isBold === true)) }),
      ),
    ],
  });
}

function kpiTable(kpis: readonly TReportKpi[]): Table {
  return table(
    KPI_HEADERS,
    kpis.map((k) => ({
      cells: [k.label, k.value, k.goal, k.previous, k.delta, STATUS_WORDS[k.status]],
      fills: [null, STATUS_FILLS[k.status], null, null, null, STATUS_FILLS[k.status]],
    })),
    18,
  );
}

function picture(title: string, chart: TChartSvg, png: Buffer): Paragraph[] {
  const scale = Math.min(1, CONTENT_PX / chart.width);
  return [
    new Paragraph({
      children: [new TextRun({ text: title, bold: true })],
      spacing: { before: 120 },
      keepNext: true,
    }),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(chart.svg, 'utf8'),
          transformation: { width: chart.width * scale, height: chart.height * scale },
          fallback: { type: 'png', data: png },
          altText: { name: title, title, description: title },
        }),
      ],
    }),
  ];
}

function sectionBlocks(
  section: TBranchSection,
  isBranchReport: boolean,
  pngs: Map<TChartSvg, Buffer>,
): TBlock[] {
  const blocks: TBlock[] = [
    heading(
      `${section.name}（${section.code}）${section.parentName ? ` · ${section.parentName}` : ''}`,
      isBranchReport ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    ),
  ];
  const sub = (text: string) =>
    heading(text, isBranchReport ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3);
  if (!isBranchReport)
    blocks.push(
      sub('主要指标'),
      kpiTable(section.kpis),
      sub('情况概述'),
      ...section.narrative.map(paragraph),
    );
  blocks.push(sub('组织生活时段'));
  for (const block of section.slotGrid.blocks) {
    blocks.push(
      table(
        ['要求', ...block.slots.map((s) => slotHeading(s, 'zh'))],
        block.rows.map((r) => ({
          cells: [REQUIREMENTS.byKey[r.type].zh, ...r.cells.map((c) => (c ? SLOT_MARKS[c.status] : ''))],
          fills: [null, ...r.cells.map((c) => (c ? slotFill(c.status) : null))],
        })),
        14,
      ),
      paragraph(''),
    );
  }
  const t = section.slotGrid.totals;
  blocks.push(
    paragraph(slotTotalsLine(t)),
    sub('工作欠账'),
    paragraph(section.backlog.length ? section.backlog.join('；') : '无'),
    sub('活动形式与内容模块'),
    ...FORMAT_MODULE_LINES(section.profile).map(paragraph),
    sub('成果'),
    section.achievements.length === 0
      ? paragraph('本期无成果记录。')
      : table(
          ACHIEVEMENT_COLUMNS.map((c) => c.header),
          section.achievements.map((a) => ({ cells: achievementCells(a) })),
        ),
  );
  for (const c of section.charts) blocks.push(...picture(c.title, c.chart, pngOf(pngs, c.chart)));
  return blocks;
}

/**
 * The docx package numbers pictures (`wp:docPr id`) by a process-wide counter: the second report made by
 * the same server would differ. Numbered again from 1 in document order.
 */
function numberPictures(name: string, data: Uint8Array): Uint8Array {
  if (name !== 'word/document.xml') return data;
  let next = 0;
  const xml = Buffer.from(data)
    .toString('utf8')
    .replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++next}"`);
  return Buffer.from(xml, 'utf8');
}

function pngOf(pngs: Map<TChartSvg, Buffer>, chart: TChartSvg): Buffer {
  const png = pngs.get(chart);
  if (!png) throw new Error('a chart was drawn after the PNG fallbacks were rendered');
  return png;
}

/** The report as a .docx file's bytes. */
export async function renderReportDocx(
  report: TReviewReport,
  onSection?: (done: number, total: number) => void,
): Promise<Buffer> {
  const isBranchReport = report.comparison === null;
  // The whole document is built in memory anyway (docx): the sections first, then every chart's PNG
  // fallback in one rendering (charts.ts svgsToPngs).
  const sections: TBranchSection[] = [];
  for await (const section of report.sections()) {
    sections.push(section);
    onSection?.(sections.length, report.sectionCount);
  }
  const charts = [...report.charts, ...sections.flatMap((s) => s.charts)].map((c) => c.chart);
  const rendered = svgsToPngs(charts);
  const pngs = new Map(charts.map((c, i) => [c, rendered[i] ?? Buffer.alloc(0)]));
  const body: TBlock[] = [
    heading('一、主要指标与目标'),
    kpiTable(report.kpis),
    heading('二、情况概述'),
    ...report.narrative.map(paragraph),
  ];
  if (report.comparison) {
    const { headers, rows, total } = report.comparison;
    body.push(
      heading('三、支部对比'),
      table(
        headers,
        [
          ...rows.map((r) => ({
            cells: r.cells,
            fills: r.statuses.map((s) => (s ? STATUS_FILLS[s] : null)),
          })),
          ...(total ? [{ cells: total, isBold: true }] : []),
        ],
        14,
      ),
    );
    for (const c of report.charts) body.push(...picture(c.title, c.chart, pngOf(pngs, c.chart)));
    if (report.sectionCount > 0) body.push(heading('四、各支部情况'));
  }
  for (const section of sections) {
    if (!isBranchReport && section !== sections[0]) body.push(new Paragraph({ children: [new PageBreak()] }));
    body.push(...sectionBlocks(section, isBranchReport, pngs));
  }
  const page = {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
  };
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            text: `${report.unit} · ${report.periodLabel} · 统计截至 ${report.scope.asOf} · 第 `,
            size: 16,
          }),
          new TextRun({ children: [PageNumber.CURRENT], size: 16 }),
          new TextRun({ text: ' 页', size: 16 }),
        ],
      }),
    ],
  });
  const doc = new Document({
    creator: report.college,
    title: report.title,
    description: `${report.unit} ${report.periodLabel}`,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: REPORT_FONT.family, eastAsia: REPORT_FONT.family, hAnsi: REPORT_FONT.family },
            size: 21,
          },
        },
        heading1: { run: { size: 32, bold: true, color: 'A8071A' } },
        heading2: { run: { size: 26, bold: true, color: 'A8071A' } },
        heading3: { run: { size: 22, bold: true } },
      },
    },
    sections: [
      {
        properties: { page },
        children: [
          new Paragraph({ spacing: { before: 3600 }, children: [] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 600 },
            children: [new TextRun({ text: report.title, bold: true, size: 44, color: 'A8071A' })],
          }),
          ...coverLines(report).map(
            (line) =>
              new Paragraph({
                alignment: AlignmentType.CENTER,
                spacing: { after: 160 },
                children: [new TextRun({ text: line, size: 24 })],
              }),
          ),
        ],
      },
      { properties: { page }, footers: { default: footer }, children: body },
    ],
  });
  return stampZip(await Packer.toBuffer(doc), report.generatedAt, numberPictures);
}
