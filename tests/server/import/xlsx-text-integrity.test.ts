/**
 * Chinese text survives the .xlsx reader byte for byte. exceljs's streaming reader decoded each inflated
 * chunk on its own, so a character cut by a chunk boundary became U+FFFD (titles and notes changed
 * silently, 类型 or 是/否 cells refused). These workbooks put a multi-byte character across every 16 KiB
 * and 64 KiB boundary of the part that holds the text — at each offset inside 3-byte (Chinese) and 4-byte
 * (emoji, CJK extension B) characters — in both string layouts, import 20,000 activities through the
 * normal path, and compare every stored text with what was written.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { importSources, readImportBuffer } from '../../../server/import';
import { ACTIVITY_TYPES, CATEGORIES, type EnumEntry, FORMATS, MODULES } from '../../../shared/domain';
import { SHEETS, type TSheetKey } from '../../../shared/import-format';
import { createTestDb } from '../../helpers/test-db';
import {
  buildZip,
  escapeXml,
  rowXml,
  SharedStrings,
  SST_CLOSE,
  SST_OPEN,
  type TTestCell,
  WORKSHEET_CLOSE,
  WORKSHEET_OPEN,
  workbookParts,
} from './xlsx-writer';

const ACTIVITY_ROWS = 20_000;
const BRANCHES = 8;
const MEMBERS = 40;
const KIB16 = 16 * 1024;
const KIB64 = 64 * 1024;
/** (bytes of the character, offset of the boundary inside it): every way a boundary can cut a character. */
const CUTS: readonly [number, number][] = [
  [3, 1],
  [3, 2],
  [4, 1],
  [4, 2],
  [4, 3],
];
const CUT_NAMES = CUTS.map(([width, offset]) => `${width}:${offset}`);

const HAN =
  '学习贯彻党的二十大精神组织生活会民主评议党员主题党日支部委员会理论中心组研讨交流实践活动志愿服务社区调研走访慰问困难群众红色教育基地参观新思想新征程新作为乡村振兴科技创新立德树人';
/** Four bytes in UTF-8 (two UTF-16 units): emoji and CJK extension B. */
const WIDE = ['😀', '🎉', '👍', '🚩', '📚', '🏫', '𠮷', '𡈽', '𤭢', '𪚥', '𠀀'];
const NARROW = ['·', '×', 'é'];

/** A seeded generator, so a failure names the same rows on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = seededRandom(20_260_101);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** Mixed-width text of `length` characters: mostly Chinese, a fifth 4-byte, a few 2-byte. */
function mixedText(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const r = random();
    text += r < 0.72 ? pick([...HAN]) : r < 0.94 ? pick(WIDE) : pick(NARROW);
  }
  return text;
}

function subset(entries: readonly EnumEntry[]): EnumEntry[] {
  return entries.filter(() => random() < 0.35);
}

function isoDay(day: number): string {
  return new Date(Date.UTC(2016, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

interface TActivity {
  branch: string;
  heldOn: string;
  type: string;
  title: string;
  formats: string[];
  modules: string[];
  expected: number;
  attended: number;
  integratedWithWork: boolean;
  oathRenewed: boolean;
  duesCollected: boolean;
  bySecretary: boolean;
  sharers: string[];
  notes: string | null;
}

interface TData {
  units: { code: string; name: string }[];
  members: { code: string; name: string; branch: string }[];
  activities: TActivity[];
  rows: Record<'units' | 'members' | 'activities', TTestCell[][]>;
}

const headerRow = (sheet: TSheetKey) => SHEETS[sheet].columns.map((c) => c.zh);
const yesNo = (value: boolean, asBoolean: boolean): TTestCell => (asBoolean ? value : value ? '是' : '否');
const joined = (items: readonly string[]) => (items.length ? items.join('、') : null);

/** Valid rows of 组织, 党员 and 组织生活 (dates as date cells or text, yes/no as 是/否 or boolean cells). */
function generateData(): TData {
  const units = [{ code: 'DW01', name: `${mixedText(6)}党委` }];
  const unitRows: TTestCell[][] = [
    headerRow('units'),
    ['DW01', units[0]?.name ?? '', '党委', null, null, new Date(Date.UTC(2010, 0, 1)), null, '否'],
  ];
  for (let b = 1; b <= BRANCHES; b++) {
    const code = `B${String(b).padStart(2, '0')}`;
    const name = `${mixedText(between(3, 12))}第${b}党支部`;
    units.push({ code, name });
    const established = b % 2 ? new Date(Date.UTC(2015, 0, 1)) : '2015-01-01';
    const category = CATEGORIES.entries[b % CATEGORIES.entries.length]?.zh ?? '';
    unitRows.push([code, name, '党支部', 'DW01', category, established, null, b % 3 ? '否' : '是']);
  }
  const members = Array.from({ length: MEMBERS }, (_, i) => ({
    code: `M${String(i + 1).padStart(4, '0')}`,
    name: mixedText(between(2, 4)),
    branch: units[1 + (i % BRANCHES)]?.code ?? '',
  }));
  const memberRows: TTestCell[][] = [
    headerRow('members'),
    ...members.map((m, i) => [m.code, m.name, m.branch, i % BRANCHES ? '党员' : '书记', '2015-01-01']),
  ];
  const activities: TActivity[] = [];
  const activityRows: TTestCell[][] = [headerRow('activities')];
  for (let i = 0; i < ACTIVITY_ROWS; i++) {
    const type = ACTIVITY_TYPES.entries[i % ACTIVITY_TYPES.entries.length] as EnumEntry;
    const formats = subset(FORMATS.entries);
    const modules = subset(MODULES.entries);
    const expected = between(5, 30);
    const sharers = random() < 0.3 ? [pick(members).code] : [];
    const activity: TActivity = {
      branch: units[1 + (i % BRANCHES)]?.code ?? '',
      heldOn: isoDay((i * 7) % 3650),
      type: type.key,
      // The row number keeps titles distinct; the length varies so the text moves across boundaries.
      title: `${i + 1}·${mixedText(between(4, 60))}`,
      formats: formats.map((f) => f.key),
      modules: modules.map((m) => m.key),
      expected,
      attended: between(0, expected),
      integratedWithWork: random() < 0.5,
      oathRenewed: random() < 0.5,
      duesCollected: random() < 0.5,
      bySecretary: type.key === 'party_lecture' && random() < 0.5,
      sharers,
      notes: random() < 0.2 ? null : mixedText(between(1, 150)),
    };
    activities.push(activity);
    const asBoolean = i % 10 === 9;
    activityRows.push([
      activity.branch,
      i % 2 ? new Date(`${activity.heldOn}T00:00:00Z`) : activity.heldOn,
      type.zh,
      activity.title,
      joined(formats.map((f) => f.zh)),
      joined(modules.map((m) => m.zh)),
      activity.expected,
      activity.attended,
      yesNo(activity.integratedWithWork, asBoolean),
      yesNo(activity.oathRenewed, asBoolean),
      yesNo(activity.duesCollected, asBoolean),
      yesNo(activity.bySecretary, asBoolean),
      joined(sharers),
      activity.notes,
    ]);
  }
  return {
    units,
    members,
    activities,
    rows: { units: unitRows, members: memberRows, activities: activityRows },
  };
}

/** The start of the last character of `width` bytes at or before `limit`, or -1. */
function lastCharStart(bytes: Buffer, width: number, limit: number): number {
  const [low, high] = width === 3 ? [0xe0, 0xef] : [0xf0, 0xf7];
  for (let i = Math.min(limit, bytes.length - 1); i >= 0; i--) {
    const byte = bytes[i] as number;
    if (byte >= low && byte <= high) return i;
  }
  return -1;
}

/**
 * A part's XML built item by item (`<si>`s or `<row>`s). Before an item that crosses a 16 KiB boundary it
 * puts just enough whitespace (between elements, where XML ignores it) for the boundary to cut one of the
 * item's characters at the next offset of CUTS; the 64 KiB boundaries cycle through CUTS of their own.
 */
class StraddlingXml {
  private readonly pieces: Buffer[] = [];
  private length = 0;
  private boundary = KIB16;

  constructor(open: string) {
    this.push(Buffer.from(open));
  }

  private push(bytes: Buffer): void {
    this.pieces.push(bytes);
    this.length += bytes.length;
  }

  add(xml: string): void {
    const item = Buffer.from(xml);
    if (this.length + item.length > this.boundary) {
      const k = this.boundary / KIB16;
      const [width, offset] = CUTS[(k % 4 === 0 ? k / 4 : k) % CUTS.length] as [number, number];
      const room = this.boundary - this.length - offset;
      const start = lastCharStart(item, width, room);
      if (start >= 0 && room - start <= 4096) this.push(Buffer.alloc(room - start, 0x20));
    }
    this.push(item);
    while (this.boundary <= this.length) this.boundary += KIB16;
  }

  close(xml: string): Buffer {
    this.push(Buffer.from(xml));
    return Buffer.concat(this.pieces);
  }
}

/** The cuts found at every multiple of `step` in a part: `3:1` = one byte into a 3-byte character. */
function cutsAt(bytes: Buffer, step: number): Set<string> {
  const cuts = new Set<string>();
  for (let at = step; at < bytes.length; at += step) {
    let start = at;
    while (start > at - 4 && ((bytes[start] as number) & 0xc0) === 0x80) start--;
    if (start === at) continue;
    const lead = bytes[start] as number;
    cuts.add(`${lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2}:${at - start}`);
  }
  return cuts;
}

function expectEveryCut(part: Buffer): void {
  expect([...cutsAt(part, KIB16)].sort()).toEqual(expect.arrayContaining(CUT_NAMES));
  expect([...cutsAt(part, KIB64)].sort()).toEqual(expect.arrayContaining(CUT_NAMES));
}

const SHEET_ORDER = ['units', 'members', 'activities'] as const;

/** The workbook in one string layout; `textPart` is the part that holds the text (checked for its cuts). */
function buildWorkbook(data: TData, layout: 'shared' | 'inline'): { book: Buffer; textPart: Buffer } {
  if (layout === 'inline') {
    const sheets = SHEET_ORDER.map((key) => {
      const xml = new StraddlingXml(WORKSHEET_OPEN);
      data.rows[key].forEach((cells, i) => {
        xml.add(rowXml(i + 1, cells));
      });
      return { name: SHEETS[key].zh, part: { content: xml.close(WORKSHEET_CLOSE) } };
    });
    const activities = sheets[2]?.part.content as Buffer;
    return { book: buildZip(workbookParts(sheets)), textPart: activities };
  }
  const strings = new SharedStrings();
  const sheets = SHEET_ORDER.map((key) => ({
    name: SHEETS[key].zh,
    part: {
      content: `${WORKSHEET_OPEN}${data.rows[key].map((cells, i) => rowXml(i + 1, cells, strings)).join('')}${WORKSHEET_CLOSE}`,
    },
  }));
  const table = new StraddlingXml(SST_OPEN);
  for (const text of strings.texts) table.add(`<si><t>${escapeXml(text)}</t></si>`);
  const sharedStrings = table.close(SST_CLOSE);
  return { book: buildZip(workbookParts(sheets, { content: sharedStrings })), textPart: sharedStrings };
}

async function storedActivities(db: Kysely<Database>): Promise<Map<string, TActivity>> {
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('units as u', 'u.id', 'a.branch_id')
    .select([
      'a.id',
      'u.code as branch',
      'a.held_on',
      'a.type',
      'a.title',
      'a.expected',
      'a.attended',
      'a.integrated_with_work',
      'a.oath_renewed',
      'a.dues_collected',
      'a.by_secretary',
      'a.notes',
    ])
    .execute();
  const listsOf = async (table: 'activity_formats' | 'activity_modules' | 'activity_sharers') => {
    const column =
      table === 'activity_formats' ? 'format' : table === 'activity_modules' ? 'module' : 'member_code';
    const lists = new Map<number, string[]>();
    const all = (await db.selectFrom(table).selectAll().execute()) as unknown as Record<
      string,
      string | number
    >[];
    for (const row of all) {
      const id = row.activity_id as number;
      lists.set(id, [...(lists.get(id) ?? []), String(row[column])]);
    }
    return lists;
  };
  const [formats, modules, sharers] = await Promise.all([
    listsOf('activity_formats'),
    listsOf('activity_modules'),
    listsOf('activity_sharers'),
  ]);
  return new Map(
    rows.map((r) => [
      r.title,
      {
        branch: r.branch,
        heldOn: r.held_on,
        type: r.type,
        title: r.title,
        formats: (formats.get(r.id) ?? []).sort(),
        modules: (modules.get(r.id) ?? []).sort(),
        expected: r.expected ?? -1,
        attended: r.attended ?? -1,
        integratedWithWork: r.integrated_with_work === 1,
        oathRenewed: r.oath_renewed === 1,
        duesCollected: r.dues_collected === 1,
        bySecretary: r.by_secretary === 1,
        sharers: (sharers.get(r.id) ?? []).sort(),
        notes: r.notes,
      },
    ]),
  );
}

/** Every written record next to the stored one; the first few that differ (or are missing), for the message. */
function differences<T extends { title?: string; code?: string }>(
  written: readonly T[],
  stored: Map<string, T>,
  keyOf: (t: T) => string,
): string[] {
  const out: string[] = [];
  for (const w of written) {
    const s = stored.get(keyOf(w));
    if (JSON.stringify(s) !== JSON.stringify(w))
      out.push(`wrote ${JSON.stringify(w)}\nstored ${JSON.stringify(s)}`);
  }
  return out.slice(0, 5);
}

describe('xlsx text integrity across chunk boundaries', () => {
  const data = generateData();
  const sorted = (a: TActivity): TActivity => ({
    ...a,
    formats: [...a.formats].sort(),
    modules: [...a.modules].sort(),
    sharers: [...a.sharers].sort(),
  });
  const written = data.activities.map(sorted);

  it.each([
    ['shared strings (as Excel writes them)', 'shared'],
    ['inline strings', 'inline'],
  ] as const)(
    '%s: 20,000 activities import with every text exactly as written',
    async (_, layout) => {
      const { book, textPart } = buildWorkbook(data, layout);
      expectEveryCut(textPart);

      const db = await createTestDb();
      const report = await importSources(db, await readImportBuffer(book, `text-${layout}.xlsx`));
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
      expect(report.counts.activities.inserted).toBe(ACTIVITY_ROWS);

      const stored = await storedActivities(db);
      expect(stored.size).toBe(ACTIVITY_ROWS);
      const damaged = [...stored.values()].filter((a) => `${a.title}${a.notes}`.includes('\uFFFD'));
      expect(damaged.length, `U+FFFD in ${damaged[0]?.title} / ${damaged[0]?.notes}`).toBe(0);
      expect(differences(written, stored, (a) => a.title)).toEqual([]);

      const units = await db.selectFrom('units').select(['code', 'name']).execute();
      expect(differences(data.units, new Map(units.map((u) => [u.code, u])), (u) => u.code)).toEqual([]);
      const members = await db
        .selectFrom('members as m')
        .innerJoin('units as u', 'u.id', 'm.branch_id')
        .select(['m.code', 'm.name', 'u.code as branch'])
        .execute();
      expect(differences(data.members, new Map(members.map((m) => [m.code, m])), (m) => m.code)).toEqual([]);
      await db.destroy();
    },
    60_000,
  );
});
