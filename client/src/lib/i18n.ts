/**
 * A tiny dictionary (zh first, en second). Enum labels come from shared/domain.ts (`enumLabel`),
 * never from here, so the server, the exports and the client say the same thing.
 */
import type { EnumEntry } from '../../../shared/domain';
import { joinList, type TLang } from '../../../shared/lang';

/** The client's pages take the language and the list joiner from here with their other i18n helpers (one definition: shared/lang.ts). */
export { joinList, type TLang };

const zh = {
  'app.title': '党建成效分析看板',
  'app.subtitle': '学校党委',
  'nav.overview': '总览',
  'nav.compare': '支部对比',
  'nav.branch': '支部详情',
  'nav.data': '数据管理',
  'nav.goals': '目标',
  'nav.members': '党员名册',
  'nav.org': '组织与账号',
  'nav.screen': '大屏',
  'lang.switch': 'English',
  'auth.loginTitle': '请登录',
  'auth.username': '用户名',
  'auth.password': '密码',
  'auth.usernameRequired': '请输入用户名',
  'auth.passwordRequired': '请输入密码',
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.demoAccounts': '演示账号（一键登录）',
  'auth.demoHint': '演示模式：以上账号仅用于体验，正式部署请关闭演示模式（DEMO=off）。',
  'auth.changePassword': '修改密码',
  'auth.currentPassword': '当前密码',
  'auth.newPassword': '新密码',
  'auth.confirmPassword': '确认新密码',
  'auth.passwordMin': '至少 8 个字符',
  'auth.mismatch': '两次输入的密码不一致',
  'auth.passwordChanged': '密码已修改，其他设备上的登录已退出',
  'auth.save': '保存',
  'auth.cancel': '取消',
  'theme.dark': '深色',
  'theme.light': '浅色',
  'state.loading': '加载中…',
  'state.error': '数据加载失败',
  'state.retry': '重试',
  'state.empty': '暂无数据',
  'branches.title': '支部名册',
  'branches.summary':
    '共 {count} 个支部；{today} 在册党员 {members} 人；今年组织生活 {activities} 次（含今日）',
  'branches.empty': '还没有支部。请用 npm run cli -- import 导入组织数据，或以演示模式启动。',
  'branches.col.code': '编号',
  'branches.col.name': '支部名称',
  'branches.col.category': '类型',
  'branches.col.parent': '上级党组织',
  'branches.col.established': '成立日期',
  'branches.col.dissolved': '撤销日期',
  'branches.col.members': '在册党员（今日）',
  'branches.col.activitiesThisYear': '今年组织生活（含今日）',
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
  'nav.members': 'Members',
  'nav.org': 'Units & accounts',
  'nav.screen': 'Big screen',
  'lang.switch': '中文',
  'auth.loginTitle': 'Please sign in',
  'auth.username': 'Username',
  'auth.password': 'Password',
  'auth.usernameRequired': 'Enter your username',
  'auth.passwordRequired': 'Enter your password',
  'auth.login': 'Sign in',
  'auth.logout': 'Sign out',
  'auth.demoAccounts': 'Demo accounts (one click)',
  'auth.demoHint':
    'Demo mode: these accounts are for trying the app; turn demo mode off (DEMO=off) in production.',
  'auth.changePassword': 'Change password',
  'auth.currentPassword': 'Current password',
  'auth.newPassword': 'New password',
  'auth.confirmPassword': 'Confirm new password',
  'auth.passwordMin': 'At least 8 characters',
  'auth.mismatch': 'The passwords do not match',
  'auth.passwordChanged': 'Password changed; other devices were signed out',
  'auth.save': 'Save',
  'auth.cancel': 'Cancel',
  'theme.dark': 'Dark',
  'theme.light': 'Light',
  'state.loading': 'Loading…',
  'state.error': 'Could not load the data',
  'state.retry': 'Retry',
  'state.empty': 'No data',
  'branches.title': 'Branches',
  'branches.summary':
    '{count} branches; {members} members on the roll on {today}; {activities} sessions this year (today included)',
  'branches.empty':
    'No branches yet. Import organisation data with npm run cli -- import, or start in demo mode.',
  'branches.col.code': 'Code',
  'branches.col.name': 'Branch',
  'branches.col.category': 'Category',
  'branches.col.parent': 'Parent unit',
  'branches.col.established': 'Established',
  'branches.col.dissolved': 'Dissolved',
  'branches.col.members': 'Members on the roll (today)',
  'branches.col.activitiesThisYear': 'Sessions this year (incl. today)',
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
