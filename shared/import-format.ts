import {
  ACHIEVEMENT_KINDS,
  ACTIVITY_TYPES,
  CATEGORIES,
  type EnumEntry,
  FORMATS,
  LEVELS,
  MEMBER_ROLES,
  MODULES,
  UNIT_KINDS,
} from './domain';

/**
 * The spreadsheet layout of import-format.md: sheets and their columns, used by the importer,
 * every exporter (an export must import again unchanged), the demo generator and the template.
 */

export const SHEET_KEYS = ['units', 'members', 'activities', 'achievements', 'goals'] as const;
export type TSheetKey = (typeof SHEET_KEYS)[number];

export type TColumnType = 'text' | 'date' | 'integer' | 'number' | 'yesno' | 'enum' | 'list';

/** The values an enum or list column takes (a vocabulary of shared/domain.ts). */
export interface TColumnVocabulary {
  entries: readonly EnumEntry[];
  byKey: Record<string, EnumEntry>;
}

export interface ColumnDef {
  key: string;
  /** The Chinese header (what exports write). The English key is accepted too. */
  zh: string;
  en: string;
  type: TColumnType;
  isRequired: boolean;
  /** For `enum` and `list` columns of a fixed vocabulary: its keys and labels. */
  vocabulary?: TColumnVocabulary;
}

export interface SheetDef {
  key: TSheetKey;
  zh: string;
  en: string;
  columns: readonly ColumnDef[];
  /** Columns that identify a row (import-format.md): a match updates instead of adding. */
  naturalKey: readonly string[];
}

const col = (
  key: string,
  zh: string,
  en: string,
  type: TColumnType,
  isRequired = false,
  vocabulary?: TColumnVocabulary,
): ColumnDef => ({ key, zh, en, type, isRequired, ...(vocabulary ? { vocabulary } : {}) });

export const SHEETS: Record<TSheetKey, SheetDef> = {
  units: {
    key: 'units',
    zh: '组织',
    en: 'Units',
    naturalKey: ['code'],
    columns: [
      col('code', '编号', 'Code', 'text', true),
      col('name', '名称', 'Name', 'text', true),
      col('kind', '层级', 'Level', 'enum', true, UNIT_KINDS),
      col('parent_code', '上级编号', 'Parent code', 'text'),
      col('category', '类型', 'Category', 'enum', false, CATEGORIES),
      col('established_on', '成立日期', 'Established on', 'date', true),
      col('dissolved_on', '撤销日期', 'Dissolved on', 'date'),
      col('has_groups', '设党小组', 'Has party groups', 'yesno'),
    ],
  },
  members: {
    key: 'members',
    zh: '党员',
    en: 'Members',
    naturalKey: ['code', 'branch_code'],
    columns: [
      col('code', '编号', 'Code', 'text', true),
      col('name', '姓名', 'Name', 'text', true),
      col('branch_code', '支部编号', 'Branch code', 'text', true),
      col('role', '职务', 'Role', 'enum', false, MEMBER_ROLES),
      col('joined_on', '转入日期', 'Joined on', 'date', true),
      col('left_on', '转出日期', 'Left on', 'date'),
    ],
  },
  activities: {
    key: 'activities',
    zh: '组织生活',
    en: 'Activities',
    naturalKey: ['branch_code', 'held_on', 'type', 'title'],
    columns: [
      col('branch_code', '支部编号', 'Branch code', 'text', true),
      col('held_on', '日期', 'Date', 'date', true),
      col('type', '类型', 'Type', 'enum', true, ACTIVITY_TYPES),
      col('title', '主题', 'Title', 'text', true),
      col('formats', '形式', 'Formats', 'list', false, FORMATS),
      col('modules', '内容模块', 'Modules', 'list', false, MODULES),
      col('expected', '应到人数', 'Expected', 'integer'),
      col('attended', '实到人数', 'Attended', 'integer'),
      col('integrated_with_work', '结合业务', 'Integrated with work', 'yesno'),
      col('oath_renewed', '重温入党誓词', 'Oath renewed', 'yesno'),
      col('dues_collected', '交纳党费', 'Dues collected', 'yesno'),
      col('by_secretary', '书记讲党课', 'By secretary', 'yesno'),
      col('sharers', '分享党员', 'Sharers', 'list'),
      col('notes', '备注', 'Notes', 'text'),
    ],
  },
  achievements: {
    key: 'achievements',
    zh: '成果',
    en: 'Achievements',
    naturalKey: ['branch_code', 'achieved_on', 'kind', 'title'],
    columns: [
      col('branch_code', '支部编号', 'Branch code', 'text', true),
      col('achieved_on', '日期', 'Date', 'date', true),
      col('kind', '类别', 'Kind', 'enum', true, ACHIEVEMENT_KINDS),
      col('title', '名称', 'Title', 'text', true),
      col('level', '级别', 'Level', 'enum', false, LEVELS),
      col('hours', '时长（小时）', 'Hours', 'number'),
      col('participants', '参与人次', 'Participants', 'integer'),
      col('notes', '备注', 'Notes', 'text'),
    ],
  },
  goals: {
    key: 'goals',
    zh: '目标',
    en: 'Goals',
    naturalKey: ['year', 'scope', 'metric'],
    columns: [
      col('year', '年度', 'Year', 'integer', true),
      col('scope', '范围', 'Scope', 'text', true),
      col('metric', '指标', 'Metric', 'text', true),
      col('target', '目标值', 'Target', 'number', true),
    ],
  },
};

/** Resolves a sheet name (Chinese, English key or English label; file names without extension). */
export function parseSheetKey(name: string): TSheetKey | undefined {
  const t = name.trim().toLowerCase();
  return SHEET_KEYS.find((k) => k === t || SHEETS[k].zh === name.trim() || SHEETS[k].en.toLowerCase() === t);
}

/**
 * The sheet of a CSV file by its name without extension: the whole name (`组织生活`), or its part before
 * the first `_`, as the app's exports name them (`组织生活_行政第一党支部_2025.csv`, issue 12).
 */
export function sheetKeyOfFileName(baseName: string): TSheetKey | undefined {
  return parseSheetKey(baseName) ?? parseSheetKey(baseName.split('_')[0] ?? '');
}

/** Separators accepted inside list cells. */
export const LIST_SEPARATORS = /[、,，;；]/;
/** What exports write between list items. */
export const LIST_JOINER = '、';

/** The scope cell of the goals sheet that means "all branches". */
export const ALL_SCOPE_LABELS = ['全部', 'all'] as const;

/**
 * Example rows of the template (server/import/template.ts): a row whose branch or unit code — the column
 * below, the scope for goals — starts with this prefix is an example. The importer skips it with a
 * warning, so the template imported unchanged writes nothing, and a copied example cannot touch real data.
 */
export const EXAMPLE_CODE_PREFIX = '示例';

/** The column of each sheet that marks an example row. */
export const EXAMPLE_MARK_COLUMN: Record<TSheetKey, string> = {
  units: 'code',
  members: 'branch_code',
  activities: 'branch_code',
  achievements: 'branch_code',
  goals: 'scope',
};

/** The template's instructions sheet: a workbook sheet of this name is not data, and is skipped silently. */
export const INSTRUCTIONS_SHEET_NAME = '说明';
