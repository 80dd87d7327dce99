/**
 * What a chart shows, as text: a table of its data and a one-paragraph summary, read from the ECharts
 * option itself (so no chart can forget it). <EChart> offers the table behind a button and gives the
 * summary to screen readers (issue 14.8). Numbers use the series' own `tooltip.valueFormatter` (the chart's
 * tooltip shows the same), else the option's, else up to two decimals.
 */
import type { TChartOption } from './echarts';
import { DASH, formatNumber } from './format';
import type { TLang } from './i18n';

export interface TChartTable {
  /** Column headings: the label column, then one per series (or indicator). */
  head: string[];
  rows: string[][];
}

type TRecord = Record<string, unknown>;
type TFormatter = (value: never) => string;

const WORDS = {
  zh: { item: '项目', value: '数值', date: '日期', more: '等 {n} 项', none: '没有数据' },
  en: { item: 'Item', value: 'Value', date: 'Date', more: 'and {n} more', none: 'No data' },
} as const;

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function record(value: unknown): TRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TRecord) : {};
}

/** A data item's value: `12`, `{ value: 12, … }`, `'-'` (ECharts' empty value). */
function itemValue(item: unknown): unknown {
  const fields = record(item);
  return 'value' in fields ? fields.value : item;
}

function formatterOf(series: TRecord, option: TRecord): TFormatter | undefined {
  const own = record(series.tooltip).valueFormatter;
  const shared = record(option.tooltip).valueFormatter;
  if (typeof own === 'function') return own as TFormatter;
  return typeof shared === 'function' ? (shared as TFormatter) : undefined;
}

function show(value: unknown, formatter: TFormatter | undefined): string {
  if (value === null || value === undefined || value === '-' || Number.isNaN(value)) return DASH;
  if (formatter) return formatter(value as never);
  if (typeof value === 'number') return formatNumber(value, Number.isInteger(value) ? 0 : 2);
  return String(value);
}

/** The category axis of a cartesian chart (x or y, the first of a list), if any. */
function categoryAxis(option: TRecord): string[] | undefined {
  for (const axis of [...list(option.xAxis), ...list(option.yAxis)]) {
    const a = record(axis);
    if (a.type === 'category' && Array.isArray(a.data)) return a.data.map((d) => String(itemValue(d)));
  }
  return undefined;
}

export function chartTableOf(chartOption: TChartOption, lang: TLang): TChartTable | null {
  const option = chartOption as TRecord;
  const words = WORDS[lang];
  const series = list(option.series).map(record);
  if (series.length === 0) return null;
  const first = series[0] ?? {};
  const nameOf = (s: TRecord, i: number) =>
    typeof s.name === 'string' && s.name
      ? s.name
      : series.length === 1
        ? words.value
        : `${words.value} ${i + 1}`;

  if (first.type === 'pie') {
    return {
      head: [words.item, nameOf(first, 0)],
      rows: series.flatMap((s) =>
        list(s.data).map((d) => [String(record(d).name ?? ''), show(itemValue(d), formatterOf(s, option))]),
      ),
    };
  }
  if (first.type === 'radar') {
    const indicators = list(record(list(option.radar)[0]).indicator).map((i) => String(record(i).name ?? ''));
    return {
      head: [words.item, ...indicators],
      rows: list(first.data).map((d) => [
        String(record(d).name ?? ''),
        ...indicators.map((_, i) => show(list(itemValue(d))[i], formatterOf(first, option))),
      ]),
    };
  }
  if (first.coordinateSystem === 'calendar') {
    return {
      head: [words.date, nameOf(first, 0)],
      rows: list(first.data).map((d) => {
        const [day, value] = list(itemValue(d));
        return [String(day), show(value, formatterOf(first, option))];
      }),
    };
  }
  const categories = categoryAxis(option);
  if (!categories) return null;
  return {
    head: [words.item, ...series.map(nameOf)],
    rows: categories.map((category, row) => [
      category,
      ...series.map((s) => show(itemValue(list(s.data)[row]), formatterOf(s, option))),
    ]),
  };
}

/**
 * The table in a sentence for screen readers: every row when there are few (`1月：组织生活次数 105，完成率
 * 85.0%；…`), the first ten and how many more otherwise.
 */
export function chartSummaryOf(table: TChartTable | null, lang: TLang, maxRows = 10): string {
  const words = WORDS[lang];
  if (!table || table.rows.length === 0) return words.none;
  const [colon, comma, semicolon] = lang === 'zh' ? ['：', '，', '；'] : [': ', ', ', '; '];
  const values = table.head.slice(1);
  const line = ([label, ...cells]: string[]) =>
    `${label}${colon}${cells.map((cell, i) => (values.length > 1 ? `${values[i]} ${cell}` : cell)).join(comma)}`;
  const shown = table.rows.slice(0, maxRows).map(line).join(semicolon);
  const rest = table.rows.length - maxRows;
  return rest > 0 ? `${shown}${semicolon}${words.more.replace('{n}', String(rest))}` : shown;
}
