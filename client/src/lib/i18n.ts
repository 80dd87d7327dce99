/**
 * A tiny dictionary (zh first, en second). Enum labels come from shared/domain.ts (`enumLabel`),
 * never from here, so the server, the exports and the client say the same thing.
 */
import type { EnumEntry } from '../../../shared/domain';

export type TLang = 'zh' | 'en';

const zh = {
  'app.title': '党建成效分析看板',
  'app.subtitle': '学校党委',
  'nav.overview': '总览',
  'nav.compare': '支部对比',
  'nav.branch': '支部详情',
  'nav.data': '数据管理',
  'nav.goals': '目标',
  'lang.switch': 'English',
  'theme.dark': '深色',
  'theme.light': '浅色',
  'state.loading': '加载中…',
  'state.error': '数据加载失败',
  'state.retry': '重试',
  'state.empty': '暂无数据',
  'soon.title': '该页面将在后续版本提供',
  'soon.toBranches': '查看支部名册',
  'branch.pick': '请从支部名册中选择一个支部',
  'branches.title': '支部名册',
  'branches.summary': '共 {count} 个支部，{members} 名党员，今年 {activities} 次组织生活',
  'branches.empty': '还没有支部。请用 npm run cli -- import 导入组织数据，或以演示模式启动。',
  'branches.col.code': '编号',
  'branches.col.name': '支部名称',
  'branches.col.category': '类型',
  'branches.col.parent': '上级党组织',
  'branches.col.established': '成立日期',
  'branches.col.dissolved': '撤销日期',
  'branches.col.members': '党员数',
  'branches.col.activitiesThisYear': '今年组织生活',
  'branches.col.activitiesTotal': '组织生活总数',
  'branches.dissolved': '已撤销',
  'table.sortAsc': '升序',
  'table.sortDesc': '降序',
} as const;

export type TMessageKey = keyof typeof zh;

const en: Record<TMessageKey, string> = {
  'app.title': 'Party-building Dashboard',
  'app.subtitle': 'College Party Committee',
  'nav.overview': 'Overview',
  'nav.compare': 'Compare',
  'nav.branch': 'Branch detail',
  'nav.data': 'Data',
  'nav.goals': 'Goals',
  'lang.switch': '中文',
  'theme.dark': 'Dark',
  'theme.light': 'Light',
  'state.loading': 'Loading…',
  'state.error': 'Could not load the data',
  'state.retry': 'Retry',
  'state.empty': 'No data',
  'soon.title': 'This page comes in a later release',
  'soon.toBranches': 'Open the branch list',
  'branch.pick': 'Pick a branch from the branch list',
  'branches.title': 'Branches',
  'branches.summary': '{count} branches, {members} members, {activities} sessions this year',
  'branches.empty':
    'No branches yet. Import organisation data with npm run cli -- import, or start in demo mode.',
  'branches.col.code': 'Code',
  'branches.col.name': 'Branch',
  'branches.col.category': 'Category',
  'branches.col.parent': 'Parent unit',
  'branches.col.established': 'Established',
  'branches.col.dissolved': 'Dissolved',
  'branches.col.members': 'Members',
  'branches.col.activitiesThisYear': 'Sessions this year',
  'branches.col.activitiesTotal': 'Sessions in total',
  'branches.dissolved': 'Dissolved',
  'table.sortAsc': 'ascending',
  'table.sortDesc': 'descending',
};

const MESSAGES: Record<TLang, Record<TMessageKey, string>> = { zh, en };

/** Fills `{name}` placeholders. */
export function translate(lang: TLang, key: TMessageKey, vars?: Record<string, string | number>): string {
  const text = MESSAGES[lang][key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

/** The label of an enum key in the current language (the key itself when unknown). */
export function enumLabel<K extends string>(
  def: { byKey: Record<K, EnumEntry<K>> },
  key: K | null | undefined,
  lang: TLang,
): string {
  if (!key) return '';
  return def.byKey[key]?.[lang] ?? key;
}
