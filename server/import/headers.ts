import { type ColumnDef, SHEETS, type TSheetKey } from '../../shared/import-format';
import { cellText } from './cells';
import type { ProblemLog } from './problems';
import type { TCell } from './types';

/** Header spellings compare without case, spaces, BOM, template asterisks or full-width brackets. */
function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[*＊\s]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

const lookupCache = new Map<TSheetKey, Map<string, ColumnDef>>();

function headerLookup(sheet: TSheetKey): Map<string, ColumnDef> {
  let map = lookupCache.get(sheet);
  if (!map) {
    map = new Map();
    for (const c of SHEETS[sheet].columns) {
      for (const name of [c.zh, c.key, c.en]) map.set(normalizeHeader(name), c);
    }
    lookupCache.set(sheet, map);
  }
  return map;
}

export interface HeaderMap {
  /** Cell index of each known column present in the file. */
  indexOf: Map<string, number>;
}

/**
 * Reads the header row. Returns undefined (after logging) when no cell is a known header, so the
 * caller can stop reading a file that is not this sheet at all.
 */
export function mapHeaders(
  sheet: TSheetKey,
  row: number,
  cells: TCell[],
  log: ProblemLog,
): HeaderMap | undefined {
  const lookup = headerLookup(sheet);
  const indexOf = new Map<string, number>();
  const unknown: { header: string }[] = [];
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (text === '') return;
    const column = lookup.get(normalizeHeader(text));
    if (!column) {
      unknown.push({ header: text });
    } else if (indexOf.has(column.key)) {
      log.error({ code: 'header_duplicate', sheet, row, header: text });
    } else {
      indexOf.set(column.key, i);
    }
  });
  if (indexOf.size === 0) {
    log.error({ code: 'header_none', sheet, row });
    return undefined;
  }
  for (const u of unknown) log.warn({ code: 'header_unknown', sheet, row, header: u.header });
  for (const c of SHEETS[sheet].columns) {
    if (c.isRequired && !indexOf.has(c.key)) log.error({ code: 'header_missing', sheet, row, column: c.key });
  }
  return { indexOf };
}
