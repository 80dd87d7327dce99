/**
 * The account roles (domain.md "Who uses it"), shared by server and client.
 * What each role may do is decided on the server (server/auth/roles.ts); these are keys and labels.
 */
export interface TUserRoleEntry<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  /** One line shown next to the role (login page demo buttons, user list). */
  describeZh: string;
  describeEn: string;
}

const ENTRIES = [
  {
    key: 'admin',
    zh: '组织部',
    en: 'Organization department',
    describeZh: '查看和修改全部数据、目标、权重与用户',
    describeEn: 'Reads and changes everything: data, goals, weights, users',
  },
  {
    key: 'leader',
    zh: '校领导',
    en: 'Leadership',
    describeZh: '查看全部支部，只读',
    describeEn: 'Reads every branch, changes nothing',
  },
  {
    key: 'secretary',
    zh: '支部书记',
    en: 'Branch secretary',
    describeZh: '查看和维护本支部数据；其他支部只见名称、指数与排名',
    describeEn: 'Reads and edits its own branch; other branches only as name, index and rank',
  },
] as const satisfies readonly TUserRoleEntry[];

export type TUserRole = (typeof ENTRIES)[number]['key'];

export const USER_ROLES = {
  entries: ENTRIES as readonly TUserRoleEntry<TUserRole>[],
  keys: ENTRIES.map((e) => e.key) as unknown as readonly [TUserRole, ...TUserRole[]],
  byKey: Object.fromEntries(ENTRIES.map((e) => [e.key, e])) as Record<TUserRole, TUserRoleEntry<TUserRole>>,
  /** Resolves a key or a Chinese / English label (case-insensitive) to the key; undefined when unknown. */
  parse(text: string): TUserRole | undefined {
    const t = text.trim().toLowerCase();
    return ENTRIES.find((e) => e.key === t || e.zh === text.trim() || e.en.toLowerCase() === t)?.key;
  },
};
